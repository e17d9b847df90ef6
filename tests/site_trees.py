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


def settled(parent: Path, seconds: float = 60) -> Path:
    """Return `parent` once no old output that a build swapped out is left in it: a full build that rewrote most
    of its output leaves the old one (`.<name>-trash-<pid>`) to a process of its own to delete, and returns
    (generator/builds/swap.py). Fails after `seconds`."""
    import time

    deadline = time.monotonic() + seconds
    while any("-trash-" in path.name for path in parent.iterdir()):
        assert time.monotonic() < deadline, f"an old output in {parent} was never deleted"
        time.sleep(0.02)
    return parent
