"""Stage 7: write changed pages into a staging folder beside the output, then commit them in one step.

Nothing in the output folder changes until every page has rendered. The commit first writes a
journal (the list of files to move in and to delete), then applies it; a build killed while
applying is finished by the next run's `recover()`, so the output is always either the last
good site or the new one. A first build simply renames the staging folder into place; a full build that wrote
more files than it keeps exchanges the staging folder and the output in one step where it can (swap.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Iterable, Mapping

from generator.builds.swap import exchanged
from generator.interrupts import stop_if_interrupted
from generator.site.urls import safe_output

MARKER = ".policy-atlas-site"
MARKER_TEXT = "This folder is built by policy-atlas; every build replaces what it holds.\n"
_BOOKKEEPING = (".policy-atlas-",)


class OutputRefused(Exception):
    """The output folder holds files policy-atlas did not write; replacing it could lose them."""


def check_output(out: Path) -> None:
    """Raise OutputRefused unless `out` is absent, empty or a site built by policy-atlas."""
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder")
    marker = out / MARKER  # a real file: a symlink or folder of that name proves nothing
    if out.is_dir() and any(out.iterdir()) and not (marker.is_file() and not marker.is_symlink()):
        raise OutputRefused(f"{out} already holds files that policy-atlas did not write; "
                            "choose an empty or new folder for --out")


def _journal(out: Path) -> Path:
    return out.parent / f".{out.name}-journal.json"


class Staging:
    """The files of one build that are not kept from the previous output; `commit()` puts them in place."""

    def __init__(self, out: Path, checked: Mapping[str, int] | None = None):
        """`checked`: the size of each file of the previous output that this build has already found in place
        (quick.py checks every file the manifest lists): reuse() trusts those instead of asking again."""
        self.out = out.resolve()
        self.checked = checked or {}
        self.folder = self.out.parent / f".{self.out.name}-build-{os.getpid()}"
        self.kept: set[str] = set()
        self.written: set[str] = set()
        self.removed: set[str] = set()  # files a quick rebuild deletes (a full build deletes all it did not make)

    def __enter__(self) -> "Staging":
        check_output(self.out)
        recover(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir()
        return self

    def write(self, relative: str, data: bytes) -> None:
        """Write one file; the path must stay inside the output folder."""
        target = self.folder / safe_output(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.add(relative)

    def wrote(self, relative: str) -> None:
        """Record a file that a worker process wrote into the staging folder."""
        self.written.add(safe_output(relative))

    def note(self, name: str, data: bytes) -> None:
        """Write a bookkeeping file (such as the build manifest) at the top of the output."""
        if "/" in name or not name.startswith(_BOOKKEEPING):
            raise ValueError(f"not a bookkeeping file name: {name}")
        (self.folder / name).write_bytes(data)
        self.written.add(name)

    def reuse(self, relative: str, size: int) -> bool:
        """Keep an unchanged file of the previous output; False if it is missing or not as recorded."""
        if not self.intact(relative, size):
            return False
        self.keep(relative)
        return True

    def keep(self, relative: str) -> None:
        """Keep a file of the previous output already found intact (a search file linked after `intact`)."""
        self.kept.add(relative)

    def intact(self, relative: str, size: int) -> bool:
        """Return whether the previous output has this file at this size (without keeping it)."""
        if self.checked.get(relative) == size:
            return True
        try:
            return (self.out / safe_output(relative)).stat().st_size == size
        except OSError:
            return False

    def remove(self, relative: str) -> None:
        """Delete this file of the previous output at the commit (for builds that keep all the others)."""
        self.removed.add(safe_output(relative))

    def copy_static(self, folders: Iterable[Path]) -> None:
        """Copy theme static files into static/, later folders overriding earlier ones."""
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    self.write("static/" + path.relative_to(folder).as_posix(), path.read_bytes())

    def commit(self, others_unchanged: bool = False) -> None:
        """Put the new files in place and remove those no longer built, crash-safely.

        With `others_unchanged`, the build replaced some files and knows every other file of the
        output stays as it is (a quick rebuild): the output is not searched for files to remove.
        """
        stop_if_interrupted()  # an interrupt Python dropped in a finalizer still stops the build here
        (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        self.written.add(MARKER)
        if not self.out.exists():
            os.replace(self.folder, self.out)
            return
        if not others_unchanged and len(self.kept) < len(self.written) and exchanged(
                self.folder, self.out, sorted(self.kept - self.written)):
            return  # most of the output was new: the folders exchanged in one step (swap.py)
        wanted = self.kept | self.written
        stale = sorted(self.removed - wanted) if others_unchanged else sorted(
            p for p in _files(self.out) if p not in wanted)
        journal = {"staging": self.folder.name, "move": sorted(self.written), "delete": stale}
        temporary = self.out.parent / f".{self.out.name}-journal-{os.getpid()}.tmp"
        temporary.write_text(json.dumps(journal), encoding="utf-8")
        os.replace(temporary, _journal(self.out))  # the commit point
        _apply(self.out, journal)

    def __exit__(self, *exc) -> None:
        if self.folder.exists() and not _journal(self.out).exists():
            shutil.rmtree(self.folder, ignore_errors=True)


def _files(root: Path) -> list[str]:
    found = []
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        for name in names:
            found.append(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _apply(out: Path, journal: dict) -> None:
    """Carry out a committed journal; safe to run again after an interruption."""
    staging = out.parent / journal["staging"]
    made: set[str] = set()  # folders created or found already, so each is asked for once
    for relative in journal["move"]:
        folder = relative.rpartition("/")[0]
        if folder not in made:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        try:
            os.replace(staging / relative, out / relative)
        except FileNotFoundError:
            continue  # moved already, before an interruption
    for relative in journal["delete"]:
        target = out / relative
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        _prune(target.parent, out)
    _journal(out).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty by deletions, up to the output folder."""
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def recover(out: Path) -> None:
    """Finish a commit that was interrupted, restore an output lost mid-swap, remove killed builds' leftovers."""
    journal_path = _journal(out)
    if journal_path.exists():
        try:
            _apply(out, json.loads(journal_path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            journal_path.unlink()  # unreadable: the commit point was never reached
    for path in out.parent.glob(f".{out.name}-*-*"):
        pid = path.name.rsplit("-", 1)[-1].split(".")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if "-old-" in path.name and not out.exists():
            os.replace(path, out)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
