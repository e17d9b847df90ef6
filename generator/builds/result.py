"""What a build returns, the stopwatch that times its stages, and the as-of date it defaults to."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.content.cache import ParseCache
    from generator.content.model import Atlas


@dataclass(frozen=True)
class BuildResult:
    pages: int  # files the site has
    rendered: int  # of those, rendered anew (the rest were unchanged and reused)
    seconds: float
    as_of: dt.date
    atlas: Atlas | None  # None after a quick rebuild, which does not load the site
    cache: ParseCache
    timings: dict[str, float]  # seconds spent in each stage, in order (build --timings prints them)
    memory: object | None = None  # what serve keeps of a full build to redo part of it (live.Memory), when asked
    warnings: tuple = ()  # Problems marked warning: likely mistakes in valid content (content/lint.py)
    way: str = "full"  # how it was built: "quick" (quick.py), "edited" (edited.py) or "full" (full.py)


class Stopwatch:
    """Seconds spent in each stage of a build."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self._last
        self._last = now


def default_date() -> dt.date:
    """Return the as-of date: the day of SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def default_jobs() -> int:
    """Return the number of worker processes to use by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
