"""Python's collector of reference cycles, paused while a build makes many objects that live on and hold no cycles.

Loading the site, unpickling the last build's state, and a quick check's manifest and stats each make tens of
thousands to a million objects and next to no garbage cycles; each automatic collection on the way would walk all
of them again (a quarter of the loading time; the manifest's parse 0.07-0.09 s against 0.044 s with it off).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused(freeze: bool = False, thaw: bool = False) -> Iterator[None]:
    """Pause the cycle collector while the block runs, and turn it on again after if it was on.

    `freeze`: what exists when the block ends is frozen out of later collections (no collection first: it would
    take 0.17 s to find the hundred or so cycles loading leaves), which also keeps forked workers from touching,
    and so copying, the memory pages they share with this process. `thaw`: what an earlier block froze (a previous
    build in this process: serve) is let go first. Without either, what the block leaves is freed when the build
    ends, or collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    if thaw:
        gc.unfreeze()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
