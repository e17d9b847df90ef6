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

Two more must not be raised where they land. One that reaches a worker between its fork and
`quiet_worker` would run the handler the worker inherited: the worker, forked to leave Ctrl-C to
the main process, raises instead, and a pool may be left waiting on it. So workers are forked with
both signals held (`held_for_forking`, `forked_pool`) and take them in only once quiet. And a
second Ctrl-C (each of a pool's workers may pass one on; a user presses twice) that lands while the
first is being handled is recorded, not raised: raised there, it would stop the ending of the
workers or the removal of the staging folder half-way.

A worker can also end on its own: killed by the system (out of memory), or by SystemExit. The pools
`forked_pool` makes notice it and raise WorkerLost, so the build ends as on any error of the system
(one line, the output as it was) instead of waiting for the dead worker's result.
"""

from __future__ import annotations

import functools
import itertools
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

_HELD = {signal.SIGINT, signal.SIGTERM}

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
    if hasattr(signal, "pthread_sigmask"):  # held while it was forked (held_for_forking): a Ctrl-C that came
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # meanwhile is dropped, a request to terminate ends it


@contextmanager
def held_for_forking() -> Iterator[None]:
    """Hold Ctrl-C and requests to terminate back from this thread while the block forks workers, or starts the
    threads that will fork more (a pool's); any that came meanwhile reach this process as the block ends.

    A process forked in the block starts with them held too, so it never runs this process's handler before
    its own `quiet_worker` has set how it takes them, and lets them in."""
    if not hasattr(signal, "pthread_sigmask"):  # no fork there either
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class WorkerLost(OSError):
    """A forked worker ended before its work was done: the system killed it (out of memory, most often), or it
    exited. An OSError, so the build fails as on a full disk: one line, the output as it was (cli.py, serve)."""

    def __init__(self):
        super().__init__("a worker process ended before its work was done (killed, perhaps by the system for lack"
                         " of memory, or it exited); try again, or with --jobs 1")


def forked_pool(processes: int, initializer: Callable[..., None], initargs: tuple = ()):
    """Return a pool of `processes` forked workers, forked with the signals held (held_for_forking), as are those
    it forks later to replace one; `initializer` must call quiet_worker first.

    A multiprocessing pool whose worker dies (killed, or ended by SystemExit) starts another, and waits forever for
    what the dead one was doing. This one counts its workers' starts: once more have started than it has places
    for, one was lost, and its `imap` and `imap_unordered` iterators raise WorkerLost instead of waiting (as
    `raise_if_lost()` does, for `apply_async`)."""
    import multiprocessing.pool  # here: a quick build forks none (0.01 s to import)

    class Watched(multiprocessing.pool.Pool):
        def raise_if_lost(self) -> None:
            if starts.value > processes:
                raise WorkerLost()

        def imap(self, func, iterable, chunksize=1):
            return _watched(super().imap, func, iterable, chunksize, self.raise_if_lost)

        def imap_unordered(self, func, iterable, chunksize=1):
            return _watched(super().imap_unordered, func, iterable, chunksize, self.raise_if_lost)

    context = multiprocessing.get_context("fork")
    starts = context.Value("i", 0)  # in memory the workers share: each adds one as it starts (_counted)
    with held_for_forking():
        return Watched(processes, _counted, (starts, initializer, initargs), context=context)


_WATCH_EVERY = 0.25  # seconds: how often a wait for a result asks whether a worker was lost


def _counted(starts, initializer: Callable[..., None], initargs: tuple) -> None:
    with starts.get_lock():
        starts.value += 1
    initializer(*initargs)


def _watched(imap: Callable, func: Callable, iterable, chunksize: int,
             raise_if_lost: Callable[[], None]) -> Iterator:
    """Return an iterator over what `imap(func, iterable)` yields, its items sent in chunks of `chunksize`, that
    asks `raise_if_lost()` whenever a result is long in coming. (A pool's own chunks come back through a generator,
    which cannot wait a while.) The tasks are handed to the pool at once, as its own imap does."""
    import multiprocessing

    items = iter(iterable)
    results = imap(functools.partial(_each, func), iter(lambda: list(itertools.islice(items, chunksize)), []))

    def each() -> Iterator:
        while True:
            try:
                yield from results.next(timeout=_WATCH_EVERY)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                raise_if_lost()
    return each()


def _each(func: Callable, chunk: list) -> list:
    return [func(item) for item in chunk]


def _interrupt(signum, frame) -> None:
    _requested.set()
    if isinstance(sys.exc_info()[1], KeyboardInterrupt):
        return  # one is being handled, in an except or finally block: its cleanup goes on whole
    raise KeyboardInterrupt
