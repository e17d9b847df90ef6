"""Problems found in content: one type for every stage, kept apart from internal bugs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
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
