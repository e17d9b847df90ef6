"""A worker process that dies (the system kills it for lack of memory, or it exits) fails the build with one line
and the previous output as it was, instead of leaving the build waiting forever for what the worker was doing."""

import os
import signal
import subprocess
import sys

import pytest

from generator.interrupts import WorkerLost, forked_pool, quiet_worker

from site_trees import tree

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOUND = 60  # seconds: a pool that waits for a dead worker's result never ends; these tests fail instead

DEATHS = {"killed": "os.kill(os.getpid(), signal.SIGKILL)",  # as the system's out-of-memory killer does
          "exited": "raise SystemExit(3)"}  # not an Exception: a pool's worker lets it end the process


def _task(item):
    if item == 5:
        exec(DEATHS[os.environ["ATLAS_TEST_DEATH"]])
    return item * 2


def _long():
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def bounded():
    """Fail the test, rather than hang the suite, if what it runs waits for a dead worker."""
    def expired(*_):
        raise TimeoutError("still waiting for a dead worker")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(BOUND)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("death", list(DEATHS))
@pytest.mark.parametrize("ordered", [True, False], ids=["imap", "imap_unordered"])
@pytest.mark.parametrize("chunksize", [1, 4])
def test_a_worker_that_dies_mid_task_raises_instead_of_waiting(bounded, monkeypatch, death, ordered, chunksize):
    monkeypatch.setenv("ATLAS_TEST_DEATH", death)
    with forked_pool(2, quiet_worker) as pool:
        results = (pool.imap if ordered else pool.imap_unordered)(_task, range(20), chunksize=chunksize)
        with pytest.raises(WorkerLost):
            list(results)


def test_a_pool_whose_workers_live_gives_every_result_in_order_or_as_they_come(bounded):
    with forked_pool(2, quiet_worker) as pool:
        assert list(pool.imap(abs, range(-50, 0), chunksize=7)) == list(range(50, 0, -1))
        assert sorted(pool.imap_unordered(abs, range(-50, 0), chunksize=3)) == list(range(1, 51))
        assert list(pool.imap(abs, [])) == []


def test_a_single_task_s_worker_that_dies_is_seen_by_whoever_waits_for_it(bounded):
    with forked_pool(1, quiet_worker) as pool:
        result = pool.apply_async(_long)
        with pytest.raises(WorkerLost):
            while not result.ready():
                result.wait(0.05)
                pool.raise_if_lost()


# The build as `policy-atlas build` runs it, its pages rendered in workers forked even for the small test site; the
# worker rendering the policy page dies.
SCRIPT = """
import os, signal, sys
from generator import cli
from generator.builds import workers
from generator.site.render import Renderer
MAIN = os.getpid()
workers.MIN_PAGES_PER_WORKER = 1
real = Renderer.render_with_body
def render(self, page):
    if os.getpid() != MAIN and page.output.startswith("policies/us-il-act/"):
        DEATH
    return real(self, page)
Renderer.render_with_body = render
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("death", list(DEATHS))
def test_a_build_whose_render_worker_dies_fails_in_one_line_and_leaves_the_output(mini, tmp_path, death):
    out = tmp_path / "site"
    command = ["build", "--source", str(mini), "--out", str(out), "--no-search", "--jobs", "2"]
    env = dict(os.environ, PYTHONPATH=REPO)
    first = subprocess.run([sys.executable, "-m", "generator", *command], env=env, capture_output=True, text=True,
                           timeout=BOUND)
    assert first.returncode == 0, first.stderr
    before = tree(out)
    done = subprocess.run([sys.executable, "-c", SCRIPT.replace("DEATH", DEATHS[death]), *command, "--no-cache"],
                          env=env, capture_output=True, text=True, timeout=BOUND)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"policy-atlas: error: cannot build: {WorkerLost()}",
        "The build failed; the previous output was left as it was."]
    assert tree(out) == before
    assert [name for name in os.listdir(tmp_path) if name.startswith(".site")] == []  # no staging folder left
