"""Problems found in content: one type for every stage, kept apart from internal bugs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Control characters (and line breaks) from content must not reach the terminal or split a message line.
# Bidirectional overrides are escaped too, so a file name cannot reorder what the terminal shows, and so
# are invisible and look-alike spaces (a no-break space pasted from a word processor, a zero-width
# space), so that a key such as '\u00a0id' shows what is wrong with it.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\xa0\xad\u1680\u2000-\u200f\u202a-\u202f\u205f-\u2069"
                          r"\u2028\u2029\u3000\ufeff]")


def printable(text: str) -> str:
    """Return `text` with line breaks and control characters shown as escapes: one line, no terminal codes."""
    return _UNPRINTABLE.sub(lambda m: "\\n" if m.group(0) == "\n" else f"\\x{ord(m.group(0)):02x}"
                            if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, with where it is and what to do."""

    path: str
    line: int = 0
    column: int = 0
    message: str = ""
    field: str = ""
    hint: str = ""
    warning: bool = False  # probably a mistake, but the content is valid: reported, and the build goes on

    def format(self) -> str:
        """Return the problem as `file:line:column: field: message (hint)`, warnings marked `warning:`."""
        where = printable(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: " + ("warning: " if self.warning else "")
        if self.field:
            text += f"{printable(self.field)}: "
        text += printable(self.message)
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


class ContentError(Exception):
    """Raised when the content has problems; carries every problem found."""

    def __init__(self, problems: list[Problem], warnings=()):
        self.problems = sorted(set(problems))
        self.warnings = tuple(sorted(set(warnings)))  # reported beside the problems; they alone stop nothing
        super().__init__(f"{len(self.problems)} problem(s) in the content")


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


def field_path(path) -> str:
    """Return a field path for messages: ('sources', 3, 'date') -> 'sources[3].date'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def relative(path: Path, root: Path) -> str:
    """Return `path` relative to `root` when it lies inside it, for messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def format_report(problems: list[Problem], warnings=()) -> str:
    """Return every problem and warning, one per paragraph, in file order, and a count of each."""
    every = sorted(set(problems) | set(warnings))
    lines = [p.format() for p in every]
    count, cautions = sum(not p.warning for p in every), sum(p.warning for p in every)
    summary = f"{count} problem{'s' if count != 1 else ''}"
    if cautions:
        summary += f" and {cautions} warning{'s' if cautions != 1 else ''}"
    lines.append(summary + " found.")
    return "\n".join(lines)


def format_warnings(warnings) -> str:
    """Return every warning, one per paragraph, and their count ('' when there are none)."""
    if not warnings:
        return ""
    lines = [w.format() for w in sorted(set(warnings))]
    lines.append(f"{len(lines)} warning{'s' if len(lines) != 1 else ''} (the content is valid; check these).")
    return "\n".join(lines)
