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

    def format(self) -> str:
        """Return the problem as `file:line:column: field: message (hint)`."""
        where = printable(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{printable(self.field)}: "
        text += printable(self.message)
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


class ContentError(Exception):
    """Raised when the content has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
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


def format_report(problems: list[Problem]) -> str:
    """Return every problem, one per paragraph, and a count."""
    lines = [p.format() for p in sorted(set(problems))]
    count = len(lines)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines)
