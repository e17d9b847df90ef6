"""Warnings: content that is valid but is probably not what its author meant. They never stop a build.

A value cut short by a comment. In YAML a ` #` (a space, then '#') starts a comment, even inside a
plain (unquoted) value: `title: Law No. 5 #2` is the title `Law No. 5` and a comment `2`. The rule
here: a plain value followed, on the same line, by whitespace and a '#' that is itself followed at
once by a letter or a digit (`#2`, `#section`) is reported. A comment written the usual way, with a
space after the '#' (`value  # a note`), is not, nor is a '#' with no space before it
(`https://example.org/a#b`, `C#`), nor anything in a quoted or block (| >) value. So a deliberate
comment such as `#TODO` right after a value is reported too: write `# TODO` to silence it.

Emphasis printed as it is. CommonMark closes `**` only where the run is "right-flanking": after a
full-width mark such as 。 it must be followed by a space or a mark, which Chinese text does not have,
so `- **范围多大。**Reclaim` shows its asterisks. Reported: in a brief's text (its own or a
translation's), a run of `*` or `_` right after a full-width mark and right before a letter, where an
earlier run of the same kind on the line was left open (so this one was meant to close it). Code is
not looked at.

A line break after a full-width mark. The build joins lines broken between two Chinese characters
(languages.join_lines), but a break right after 。，；： and their kin, before a digit, a Latin letter
or a link, stays in the page, and browsers show it as a space: reported in a brief's text where the
next line goes on with the paragraph (not a list item, heading, quote, table row or code fence).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.wikilinks import code_free_segments
from generator.problems import Problem

# Cheap first look: a '#' after a space or tab and before a letter or digit, anywhere in the text.
_SUSPECT = re.compile(r"[ \t]#[^\W_]")
_AFTER_VALUE = re.compile(r"[ \t]+#[^\W_]")


def cut_short(text: str, shown: str, line_offset: int = 0) -> list[Problem]:
    """Return a warning for each plain value on which a comment right after it looks like more of the value."""
    if not _SUSPECT.search(text):
        return []
    import yaml  # only for the rare text that passes the first look

    lines = text.splitlines()
    warnings = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # pure Python: its columns count characters
            if not isinstance(token, yaml.ScalarToken) or not token.plain:
                continue
            end = token.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            found = _AFTER_VALUE.match(rest)
            if found:
                column = end.column + found.end() - 1  # the '#', 1-based below
                cut = re.split(r"\s+#\s", rest[found.end() - 2:])[0].strip()  # up to a comment written as one
                warnings.append(Problem(
                    shown, end.line + 1 + line_offset, column, f"the value ends at '{token.value}': "
                    f"YAML reads ' {cut}' as a comment", hint=f"to keep it, quote the whole value "
                    f"(\"{token.value} {cut}\"); if it is a comment, put a space after '#'", warning=True))
    except yaml.YAMLError:
        return warnings  # a syntax error is reported as an error elsewhere
    return warnings


def dangling(path: Path, shown: str) -> list[Problem]:
    """Return a warning if `path` is a symbolic link to nothing (it is then skipped)."""
    if path.is_symlink() and not path.exists():
        return [Problem(shown, 0, 0, "a symbolic link to a file or folder that does not exist: skipped",
                        hint="remove the link, or restore what it points to", warning=True)]
    return []


_MARKS = "\u3000-\u303f\uff00-\uffef\u2018-\u201f"  # CJK and full-width punctuation, curly quotes
_EMPHASIS = re.compile(r"\*+|_+")
_MARK_THEN_EMPHASIS = re.compile(f"[{_MARKS}][*_]")  # a first look, three times as quick as _STUCK's
_STUCK = re.compile(f"(?<=[{_MARKS}])(?:\\*+|_+)(?=[^\\s{_MARKS}!-/:-@\\[-`{{-~])")  # after a mark, before a letter


def emphasis_shown(body: str, shown: str, body_line: int) -> list[Problem]:
    """Return a warning for each closing emphasis mark that CommonMark will print as it is (see above)."""
    if body.isascii() or not _MARK_THEN_EMPHASIS.search(body):  # isascii() looks at a flag: most English texts stop
        return []
    warnings, line_number = [], body_line
    for line in _prose(body).split("\n"):
        open_runs: set[str] = set()
        for run in _EMPHASIS.finditer(line):
            kind = run.group(0)
            if kind in open_runs:
                open_runs.discard(kind)
                if _STUCK.match(line, run.start()) and run.start() > 0:
                    warnings.append(Problem(
                        shown, line_number, run.start() + 1,
                        f"'{kind}' after '{line[run.start() - 1]}' will be printed as it is, not close the emphasis",
                        hint=f"close it before the mark ({kind}范围多大{kind}。), or put a space after {kind}",
                        warning=True))
            else:
                open_runs.add(kind)
        line_number += 1
    return warnings


_BREAK_AFTER_MARK = re.compile(r"[\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f\u3011\u300b][ \t]*\n")
_NEW_BLOCK = re.compile(r"[ \t]*(?:$|[-*+][ \t]|\d{1,9}[.)][ \t]|#|>|\||```|~~~|\[\^)")  # or a footnote
_CJK_START = re.compile(r"[ \t]*[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")  # joined by the build


def break_after_mark(body: str, shown: str, body_line: int) -> list[Problem]:
    """Return a warning for each line break after a full-width mark that a page would show as a space (see above)."""
    if body.isascii() or not _BREAK_AFTER_MARK.search(body):
        return []
    warnings, lines = [], _prose(body).split("\n")
    for number, (line, following) in enumerate(zip(lines, lines[1:])):
        if not _BREAK_AFTER_MARK.search(line + "\n") or _NEW_BLOCK.match(following) or _CJK_START.match(following):
            continue
        warnings.append(Problem(shown, body_line + number, len(line.rstrip()),
                                f"the line break after '{line.rstrip()[-1]}' will show as a space before "
                                f"'{following.strip()[:12]}'",
                                hint="join the two lines, or break the line between two Chinese characters",
                                warning=True))
    return warnings


def brief_text(body: str, shown: str, body_line: int) -> list[Problem]:
    """Return the warnings about a brief's text (its own or a translation's): emphasis and line breaks."""
    return [*emphasis_shown(body, shown, body_line), *break_after_mark(body, shown, body_line)]


def _prose(body: str) -> str:
    """Return `body` with its code (blocks and spans) blanked out, lines and columns kept."""
    return "".join(segment if is_text else " " * len(segment.rstrip("\n")) + "\n" * segment.endswith("\n")
                   for is_text, segment in code_free_segments(body))
