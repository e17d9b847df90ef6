"""Helpers for tests that compare whole output folders."""

import shutil
from pathlib import Path

from generator.build import build


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` and its bytes, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def full_build(content: Path, tmp_path: Path, day) -> dict[str, bytes]:
    """Build `content` from scratch into tmp_path/fresh (no cache, no previous output); return its tree."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(content, fresh, day, reuse=False)
    return tree(fresh)
