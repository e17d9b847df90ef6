"""Stage 7: write pages into a temporary folder beside the output, then swap it in whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

from generator.incremental import digest
from generator.urls import safe_output

MARKER = ".policy-atlas-site"
MARKER_TEXT = "This folder is built by policy-atlas; it is replaced whole on every build.\n"


class OutputRefused(Exception):
    """The output folder holds files policy-atlas did not write; replacing it could lose them."""


def check_output(out: Path) -> None:
    """Raise OutputRefused unless `out` is absent, empty or a site built by policy-atlas."""
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputRefused(f"{out} already holds files that policy-atlas did not write; "
                            "choose an empty or new folder for --out")


class Staging:
    """A temporary output folder; `commit()` swaps it in, leaving the context discards it."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.folder = self.out.parent / f".{self.out.name}-build-{os.getpid()}"
        self.written = 0

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
        self.written += 1

    def note(self, name: str, data: bytes) -> None:
        """Write a bookkeeping file (such as the build manifest) at the top of the output."""
        if "/" in name or not name.startswith(".policy-atlas-"):
            raise ValueError(f"not a bookkeeping file name: {name}")
        (self.folder / name).write_bytes(data)

    def reuse(self, relative: str, previous: Path, content: str) -> bool:
        """Take an unchanged file from the previous output (a hard link); False if it is not as recorded."""
        source = previous / safe_output(relative)
        try:
            if digest(source.read_bytes()) != content:
                return False
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        except OSError:
            return False
        return True

    def copy_static(self, folders: Iterable[Path]) -> None:
        """Copy theme static files into static/, later folders overriding earlier ones."""
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    self.write("static/" + path.relative_to(folder).as_posix(), path.read_bytes())

    def commit(self) -> None:
        """Swap the finished folder in for the output folder."""
        (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        old = self.out.parent / f".{self.out.name}-old-{os.getpid()}"
        if self.out.exists():
            os.replace(self.out, old)
        try:
            os.replace(self.folder, self.out)
        except OSError:
            if old.exists():
                os.replace(old, self.out)
            raise
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder, ignore_errors=True)


def recover(out: Path) -> None:
    """Remove staging folders of builds that were killed; restore an output lost mid-swap."""
    for path in out.parent.glob(f".{out.name}-*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if "-old-" in path.name and not out.exists():
            os.replace(path, out)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


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
