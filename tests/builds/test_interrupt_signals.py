"""How the build's processes take Ctrl-C and requests to terminate, case by case: a second one while the first is
handled, one that reaches a worker before it is quiet, one that lands while the state's checksum is worked out.
(test_interrupt.py interrupts whole builds.)"""

import os
import signal
import threading
import time

import pytest

from generator.interrupts import forked_pool, quiet_worker, stop_if_interrupted, terminate_as_interrupt


def test_a_second_interrupt_while_the_first_is_handled_is_recorded_not_raised():
    cleaned = []
    with terminate_as_interrupt():
        with pytest.raises(KeyboardInterrupt):
            try:
                signal.raise_signal(signal.SIGTERM)  # the first: raised where it lands
            finally:
                signal.raise_signal(signal.SIGTERM)  # another, in the first one's cleanup: that cleanup goes on
                cleaned.append("staging removed")
        assert cleaned == ["staging removed"]
        with pytest.raises(KeyboardInterrupt):  # the commit still refuses
            stop_if_interrupted()
        with pytest.raises(KeyboardInterrupt):  # and once the first is handled, the next one is raised again
            signal.raise_signal(signal.SIGTERM)


def _late_quiet() -> None:
    """A worker's start reached by Ctrl-C before it says how it takes it, as a slow fork may be."""
    os.kill(os.getpid(), signal.SIGINT)
    quiet_worker()


def _pid() -> int:
    return os.getpid()


@pytest.fixture
def interrupt_handled():
    """This process takes Ctrl-C as a build does (terminate_as_interrupt leaves it where it is not Python's own)."""
    from generator.interrupts import _interrupt

    previous = signal.signal(signal.SIGINT, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_pools_worker_reached_by_ctrl_c_before_it_is_quiet_leaves_it_to_the_build(interrupt_handled, capfd):
    with forked_pool(1, _late_quiet) as pool:
        first = pool.apply_async(_pid).get(timeout=20)  # a worker the Ctrl-C ended would be replaced, and again
        assert pool.apply_async(_pid).get(timeout=20) == first  # the same worker, alive
    assert "Traceback" not in capfd.readouterr().err
    stop_if_interrupted()  # nor was it taken as the build's own


def test_the_quick_checks_forked_child_leaves_ctrl_c_to_the_build(interrupt_handled):
    from generator.builds import quick

    pid = quick._fork()
    if pid == 0:  # the child: Ctrl-C reaches it as it starts asking for sizes
        code = 2
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            code = 0
        except KeyboardInterrupt:
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_states_checksum_is_waited_for_even_through_ctrl_c(monkeypatch):
    """The CRC-32 is worked out in a thread over the mapped file, which is closed as soon as the read ends: a
    Ctrl-C while the read waits for that thread must wait on, then stop the build."""
    from generator.builds import pickles

    ended, crc32 = threading.Event(), pickles.zlib.crc32

    def slow(payload):
        time.sleep(0.3)
        value = crc32(payload)
        ended.set()
        return value

    join, interrupted = threading.Thread.join, []

    def interrupted_once(self, timeout=None):
        if self.name == "crc32" and not interrupted:
            interrupted.append(self)
            raise KeyboardInterrupt  # as the handler raises where the wait was
        return join(self, timeout)

    monkeypatch.setattr(pickles.zlib, "crc32", slow)
    monkeypatch.setattr(threading.Thread, "join", interrupted_once)
    payload = bytes(pickles.pickled({"state": list(range(1000))}))
    with pytest.raises(KeyboardInterrupt):
        pickles._whole({"size": len(payload), "crc32": crc32(payload)}, memoryview(payload))
    assert interrupted and ended.is_set()
