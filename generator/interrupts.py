"""Interrupting a build: Ctrl-C, or a request to terminate, ends it with one line, not tracebacks.

A build forks workers (to read the content, to render, to write the state). Ctrl-C reaches every
process of the terminal's foreground group, so each worker would stop with a KeyboardInterrupt
traceback of its own. Instead the workers leave Ctrl-C to the main process (`quiet_worker`), which
stops, removes its staging folder (the output stays as it was: write.py), ends its workers, and
says so in one line (cli.py). A request to terminate (SIGTERM: `kill`, a stopped container) reaches
the main process alone; left to its default, it would end at once and leave the workers to find
their parent gone; it is taken as Ctrl-C instead (`terminate_as_interrupt`), with the same clean end.

A KeyboardInterrupt that lands while Python runs a finalizer or a __del__ method is printed as
"Exception ignored" and dropped, and the build would go on to commit. So the handler also records
the interrupt, and the commit asks first (`stop_if_interrupted`): an interrupted build never
replaces the output, whichever line the signal landed on.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

_requested = threading.Event()  # set by the handler below: an interrupt came in this block (stop_if_interrupted)


@contextmanager
def terminate_as_interrupt():
    """In the main process, while the block runs: take a request to terminate as Ctrl-C (a KeyboardInterrupt
    where the main thread is). Elsewhere than in the main thread, where signals cannot be handled, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _requested.clear()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.default_int_handler:  # Ctrl-C is recorded too (not where it is ignored)
        signal.signal(signal.SIGINT, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        if previous_int is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous_int)
        _requested.clear()  # it was this block's: a later build in this process starts afresh


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt if Ctrl-C or a request to terminate came, even one dropped on the way."""
    if _requested.is_set():
        raise KeyboardInterrupt


def quiet_worker() -> None:
    """In a forked worker: leave Ctrl-C to the main process, and end at once when the main process ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited by the fork


def _interrupt(signum, frame) -> None:
    _requested.set()
    raise KeyboardInterrupt
