"""Helpers shared by the tests of edited builds (imported by name: pytest puts this folder on sys.path)."""

from pathlib import Path

import yaml

from generator.builds import inputs
from generator.content.cache import FOLDER as CACHE_FOLDER


def state_folder(out: Path) -> Path:
    return inputs.folder_for(out.parent / CACHE_FOLDER, out)


def edit_front(path: Path, field: str, words: str) -> None:
    """Put `words` before a brief's front matter field, editing it as YAML data (as bench/edits.py does)."""
    edit_fronts(path, {field: words})


def edit_fronts(path: Path, changes: dict[str, str]) -> None:
    """Put words before several of a brief's front matter fields at once ({field: words}), as edit_front does."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    for field, words in changes.items():
        data[field] = f"{words} {data[field]}"
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


def edit_yaml(path: Path, field: str, words: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = f"{words} {data[field]}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000), encoding="utf-8")
