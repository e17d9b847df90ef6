"""Where a site's templates and static files come from: its theme, with the default theme behind it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.problems import Problem

DEFAULT_THEMES = Path(__file__).resolve().parent.parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    """The folders a site's templates and static files come from, most specific first."""

    folders: tuple[Path, ...]

    def template_folders(self) -> list[str]:
        return [str(f / "templates") for f in self.folders if (f / "templates").is_dir()]

    def static_folders(self) -> list[Path]:
        return [f / "static" for f in self.folders if (f / "static").is_dir()]


def find_theme(name: str, source: Path) -> tuple[Theme | None, list[Problem]]:
    """Return the theme called `name` (beside the content or shipped), falling back to default."""
    candidates = [source.parent / "themes", DEFAULT_THEMES]
    folders = []
    for root in candidates:
        if (root / name).is_dir():
            folders.append(root / name)
            break
    if not folders:
        return None, [Problem("site.yaml", 0, 0, f"theme '{name}' not found",
                              hint=f"create themes/{name}/templates/ or use theme: default")]
    default = DEFAULT_THEMES / "default"
    if default.resolve() != folders[0].resolve():
        folders.append(default)
    return Theme(tuple(folders)), []
