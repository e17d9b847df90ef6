"""Where a site's templates and static files come from: its theme, with the default theme behind it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.problems import Problem

if TYPE_CHECKING:
    from generator.content.records import Origin

_PACKAGE = Path(__file__).resolve().parents[1]  # generator/
# Installed from the wheel, the shipped themes are package data (generator/themes/); in a checkout or an
# editable install they are the repository's top-level themes/ folder.
DEFAULT_THEMES = next((folder for folder in (_PACKAGE / "themes", _PACKAGE.parent / "themes") if folder.is_dir()),
                      _PACKAGE / "themes")


@dataclass(frozen=True)
class Theme:
    """The folders a site's templates and static files come from, most specific first."""

    folders: tuple[Path, ...]

    def template_folders(self) -> list[str]:
        return [str(f / "templates") for f in self.folders if (f / "templates").is_dir()]

    def static_folders(self) -> list[Path]:
        return [f / "static" for f in self.folders if (f / "static").is_dir()]


def find_theme(name: str, source: Path, origin: Origin | None = None) -> tuple[Theme | None, list[Problem]]:
    """Return the theme called `name` (beside the content or shipped), falling back to default.

    `origin` is site.yaml's, so that a missing theme is reported at its `theme:` line.
    """
    candidates = [source.parent / "themes", DEFAULT_THEMES]
    folders = []
    for root in candidates:
        if (root / name).is_dir():
            folders.append(root / name)
            break
    if not folders:
        message = f"theme '{name}' not found in {source.parent / 'themes'} or among the shipped themes"
        hint = f"create themes/{name}/templates/ beside the content folder, or use theme: default"
        if origin is not None:
            return None, [origin.problem(("theme",), message, hint)]
        return None, [Problem(f"{source.name}/site.yaml", 0, 0, message, "theme", hint)]
    default = DEFAULT_THEMES / "default"
    if default.resolve() != folders[0].resolve():
        folders.append(default)
    return Theme(tuple(folders)), []
