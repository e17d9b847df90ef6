"""Measuring one build: wall time, CPU time, and the peak memory of its whole process tree, read from /proc.

Used by run.py for every build of every tool, so that each pays the same for being measured.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

TIME_BIN = "/usr/bin/time"


class TreeMemory(threading.Thread):
    """Sample the memory of a process and all its descendants from /proc.

    Two sums: of each process's proportional set size (Pss, from smaps_rollup: a page shared by n
    processes counts 1/n in each, so the sum is the memory the tree really holds), and of each
    resident set (VmRSS, which counts pages shared between forked workers once per process: an upper
    bound). /usr/bin/time's %M (reported beside them) is the largest single process.

    Resident sets are read every `interval`, Pss every `pss_every` intervals: reading smaps_rollup
    walks a process's whole memory map, and at every 50 ms it took 13-14 s of CPU during one
    60 s Policy Atlas build (a quarter of a core, taken from the build being timed, and more from a
    tree of processes than from a single one).
    """

    def __init__(self, root_pid: int, root_is_time: bool, interval: float = 0.05, pss_every: int = 4):
        super().__init__(daemon=True)
        self.root, self.root_is_time, self.interval, self.pss_every = root_pid, root_is_time, interval, pss_every
        self.peak_kb = self.peak_pss_kb = 0
        self._halt = threading.Event()

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, ()))
        return tree

    def sample(self, pss: bool = True) -> None:
        total = proportional = 0
        for pid in self._tree():
            if pid == self.root and self.root_is_time:
                continue
            total += _field_kb(f"/proc/{pid}/status", b"VmRSS:")
            if pss:
                proportional += _field_kb(f"/proc/{pid}/smaps_rollup", b"Pss:")
        self.peak_kb = max(self.peak_kb, total)
        self.peak_pss_kb = max(self.peak_pss_kb, proportional)

    def run(self) -> None:
        tick = 0
        while not self._halt.is_set():
            self.sample(pss=tick % self.pss_every == 0)
            tick += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _field_kb(path: str, name: bytes) -> int:
    """Return the kB figure of one field of a /proc file (0 if the process has gone)."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(cmd: list[str], *, cwd: Path, env: dict, timeout: float, log_path: Path) -> dict:
    """Run one build in a fresh process; wall time, peak memory, exit code, and the CPU time of its processes: in
    all (`cpu`), in the program (`user`) and in the kernel for it (`system`: making folders and files, page faults)."""
    use_time = os.access(TIME_BIN, os.X_OK)
    rss_file = log_path.with_suffix(".maxrss")
    full = ([TIME_BIN, "-f", "%M", "-o", str(rss_file)] if use_time else []) + cmd
    before = os.times()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeMemory(proc.pid, use_time)
        sampler.start()
        timed_out = False
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # the session this run started, nothing else
            rc = proc.wait()
        wall = time.perf_counter() - start
        sampler.stop()
    after = os.times()
    max_rss_kb = None
    if use_time:
        try:
            max_rss_kb = int(rss_file.read_text().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            max_rss_kb = None
    user, system = after.children_user - before.children_user, after.children_system - before.children_system
    return {"wall": wall, "rc": rc, "timed_out": timed_out, "cpu": user + system, "user": user, "system": system,
            "tree_rss_mb": sampler.peak_kb / 1024, "tree_pss_mb": sampler.peak_pss_kb / 1024,
            "max_rss_mb": (max_rss_kb / 1024) if max_rss_kb is not None else None}
