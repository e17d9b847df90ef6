"""Progress on long work: one bar per stage (files read, pages rendered, search shards indexed).

Bars are drawn by tqdm on a terminal's standard error, and only once the work has run for about a
second, so a quick build prints nothing extra; on a pipe, in CI or with --quiet there are none
(`SILENT`). Stages report through `stage(name, total)` and `advance(count)`, so the pipeline does
not know whether anyone is watching.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 1.0  # seconds of work before any bar is shown
SIZE = (80, 24)  # columns and rows assumed of a terminal that tells its size as 0 x 0, where tqdm, left to it,
# reads -1 rows and -1 columns and draws nothing


class Progress:
    """Reports nothing: the default for every stage."""

    def stage(self, name: str, total: int, unit: str = "") -> None:
        """Start a stage of `total` steps (closing the previous one)."""

    def advance(self, count: int = 1) -> None:
        """Count `count` steps of the current stage as done."""

    def close(self) -> None:
        """End the last stage."""


SILENT = Progress()


class Bars(Progress):
    """A tqdm bar per stage on `stream`, shown once `delay` seconds have passed since this object was made."""

    def __init__(self, stream: TextIO, delay: float = DELAY):
        self.stream = stream
        self.deadline = time.monotonic() + delay
        self.bar = None

    def stage(self, name: str, total: int, unit: str = "") -> None:
        from tqdm import tqdm  # imported only when a bar may be drawn: a quick build never pays for it

        self.close()
        columns, rows = _size(self.stream) or (None, None)
        self.bar = tqdm(total=total, desc=name, unit=unit or "it", file=self.stream, leave=False,
                        delay=max(0.0, self.deadline - time.monotonic()), dynamic_ncols=columns is None,
                        ncols=columns, nrows=rows)

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _size(stream: TextIO) -> tuple[int, int] | None:
    """Return None for a terminal that tells its size (the bars follow it as it changes), else SIZE: a terminal no
    one has sized tells 0 x 0 (`script` run without a terminal of its own, some containers' terminals)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError; ValueError: closed
        return SIZE
    return None if size.columns > 0 and size.lines > 0 else SIZE


def for_terminal(quiet: bool, stream: TextIO | None = None) -> Progress:
    """Return bars when `stream` (standard error) is a terminal and nobody asked for quiet, else SILENT."""
    stream = stream or sys.stderr
    if quiet or os.environ.get("CI") or not stream.isatty():
        return SILENT
    delay = os.environ.get("POLICY_ATLAS_PROGRESS_DELAY", "")  # for tests: show bars at once
    return Bars(stream, float(delay) if delay.replace(".", "", 1).isdigit() else DELAY)
