"""A full build that changed most of the output: the staging folder and the output exchanged in one step.

Moving each new file over its old one costs a rename and the old file's deletion per page, and the
staging folder's emptied folders after: 6.9 s for the 14,800 pages of a 10,000-brief site built
the next day, on a disk slow to delete (docs/performance.md). When the build keeps fewer files of
the old output than it wrote, those are hard-linked into the staging folder instead (0.02 ms a
file), and the two folders exchanged atomically (Linux's renameat2 with RENAME_EXCHANGE): the
output is the old site until that instant and the new one after, as with the journal (write.py).
The old site, now under the staging folder's name, is renamed out of the way and deleted by a
process of its own, which the build does not wait for; `recover()` removes it if that process
died. Where the exchange is not available (another system, a file system without it, no hard
links), the caller commits through the journal.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Iterable

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# The deleter: the old site renamed under the deleter's own process id first, so that a build starting meanwhile
# leaves it to this process (write.recover skips leftovers of live processes), then removed.
_DELETE = ("import os, shutil, sys\nold = sys.argv[1]\nmine = old.rpartition('-')[0] + '-' + str(os.getpid())\n"
           "try:\n    os.replace(old, mine)\nexcept OSError:\n    mine = old\n"
           "shutil.rmtree(mine, ignore_errors=True)\n")


def exchanged(staging: Path, out: Path, kept: Iterable[str]) -> bool:
    """Make `staging` the output: link the `kept` files of `out` into it, exchange the two folders, and delete the
    old output apart. Return False, with `out` untouched, where that cannot be done (the journal then commits)."""
    exchange = _renameat2()
    if exchange is None:
        return False
    made: set[str] = set()
    try:
        for relative in kept:
            folder = relative.rpartition("/")[0]
            if folder not in made:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            _link(out / relative, staging / relative)
    except OSError:  # no hard links here, or a file gone: the journal moves the new files instead
        return False
    if exchange(os.fsencode(staging), os.fsencode(out)) != 0:  # the commit point
        return False  # EINVAL, ENOSYS: not on this file system
    old = staging.with_name(f".{out.name}-trash-{os.getpid()}")
    try:
        os.replace(staging, old)  # out of the staging folder's name, which the caller's cleanup would remove here
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # the new site is in place: the old one goes now, the slow way
        return True
    _delete_apart(old)
    return True


def _link(source: Path, target: Path) -> None:
    """Hard-link `source` at `target`, unless that is the same file already (a kept search file, linked into the
    staging folder for Pagefind); another file there is replaced, as the journal would keep the output's."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        if not os.path.samefile(source, target):
            target.unlink()
            os.link(source, target, follow_symlinks=False)


def _renameat2():
    """Return a function exchanging two paths (0 on success), or None where the C library has no renameat2."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: every build imports write.py, and most never commit this way (3 ms)

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # an old C library
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return lambda first, second: function(_AT_FDCWD, first, _AT_FDCWD, second, _RENAME_EXCHANGE)


def _delete_apart(old: Path) -> None:
    """Delete the folder `old` in a process of its own, left to run after this one ends; here if it cannot start."""
    import subprocess

    try:
        subprocess.Popen([sys.executable, "-I", "-S", "-c", _DELETE, str(old)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
