"""One build at a time into an output folder: a second build (another terminal, a CI retry) waits its turn.

Two builds into the same folder would each finish the other's commit (write.recover) and delete the
other's staging files, so one could fail halfway. The lock is an advisory `flock` on a file in the
cache folder beside the output: the operating system releases it when the process ends, however it
ends, so a killed build never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from generator.builds.inputs import folder_for

Waiting = Callable[[str], None]  # told who holds the lock (a process id, or "" if unknown) before waiting


def lock_path(cache_folder: Path, out: Path) -> Path:
    """Return the lock file for builds into `out`."""
    record = folder_for(cache_folder, out)
    return record.parent / f"{record.name}.lock"


@contextmanager
def output_lock(path: Path, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the lock at `path` for the duration; if another process holds it, call `waiting` and wait."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(os.pread(handle, 32, 0).decode("ascii", "replace").strip())
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock
