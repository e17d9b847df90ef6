"""Ctrl-C, or a request to terminate, in the middle of a build: one line and exit code 130, no traceback from the
build or its workers, the previous output as it was, and no staging folder or worker process left behind."""

import os
import signal
import subprocess
import sys
import time

import pytest

from site_trees import tree

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The build, run as `policy-atlas build` would be, its pages rendered WHERE: in workers forked even for the small test
# site, or in the build's own process (as an edit of a few pages is, edited.FEW_PAGES); the process rendering sends
# the signal when it renders its second page, as a user's Ctrl-C or `kill` would come, mid-render. (The edit below
# renders 8 pages: on a busy machine one worker may take few of them, so a later page might never come.)
SCRIPT = """
import os, signal, sys
from generator import cli
from generator.builds import edited, workers
from generator.site.render import Renderer
MAIN = os.getpid()
workers.MIN_PAGES_PER_WORKER = 1
if WHERE == "workers":
    edited.FEW_PAGES = 0
real, count = Renderer.render_with_body, [0]
def render(self, page):
    assert (os.getpid() == MAIN) == (WHERE == "this process"), "rendered in another process than the test means"
    count[0] += 1
    if count[0] == 2:
        SEND
    return real(self, page)
Renderer.render_with_body = render
sys.exit(cli.main(sys.argv[1:]))
"""
SENDS = {"ctrl-c": "os.killpg(os.getpgid(0), signal.SIGINT)",  # the terminal's whole foreground group
         "terminate": "os.kill(MAIN, signal.SIGTERM)"}  # the main process alone


@pytest.mark.parametrize("where", ["workers", "this process"])
@pytest.mark.parametrize("how", sorted(SENDS))
def test_an_interrupted_build_ends_in_one_line_and_leaves_the_output_as_it_was(mini, built, day, how, where):
    before = tree(built)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("title: ", "title: Renamed ", 1))  # every list renders again
    script = SCRIPT.replace("SEND", SENDS[how]).replace("WHERE", repr(where))
    command = [sys.executable, "-c", script, "build", "--source", str(mini),
               "--out", str(built), "--as-of", day.isoformat(), "--jobs", "2", "--no-search"]
    interrupted(command, built, before, seconds=10)


def interrupted(command: list[str], built, before: dict, seconds: float) -> None:
    """Run the build `command`, which is interrupted on the way, and check how it ended: one line, exit code 130, the
    output `built` as it was `before`, no staging folder, and within `seconds` no process of its group left."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True,  # its own group: the Ctrl-C reaches it and its workers only
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, out + err
    assert err.startswith("policy-atlas: interrupted; the output was left as it was") and err.count("\n") == 1
    assert "Traceback" not in out + err
    assert tree(built) == before
    assert not [p.name for p in built.parent.iterdir() if p.name.startswith(f".{built.name}-")]  # no staging left
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:  # the workers (a search job and its Pagefind) end with the build
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a process of the interrupted build is still running")


def test_an_interrupt_dropped_on_the_way_still_stops_the_build_before_the_commit(mini, built, day):
    """A KeyboardInterrupt raised inside a finalizer is printed and dropped by Python; the build must not go on to
    replace the output as if nothing had come."""
    from generator.build import build
    from generator.interrupts import _interrupt, terminate_as_interrupt

    before = tree(built)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("title: ", "title: Renamed ", 1))
    with terminate_as_interrupt():
        try:
            _interrupt(signal.SIGTERM, None)  # as the handler runs when the signal lands in a finalizer...
        except KeyboardInterrupt:
            pass  # ...which swallows it
        with pytest.raises(KeyboardInterrupt):
            build(mini, built, day, search=False)
    assert tree(built) == before
    assert not [p.name for p in built.parent.iterdir() if p.name.startswith(f".{built.name}-")]  # no staging left
    build(mini, built, day, search=False)  # the next build, uninterrupted, goes through
    assert tree(built) != before


# An edit's search shards are gathered and indexed by a process apart (site/searchjob.py), which runs Pagefind: here
# "Pagefind" is a script that sends the signal, so it comes while that process, and its child, are under way.
SEARCH_SCRIPT = """
import os, sys
from generator import cli
from generator.site import search
MAIN = os.getpid()
FAKE = "import os, signal, time; SEND; time.sleep(2)"  # terminate: the build waits for it
search._command = lambda *args: [sys.executable, "-c", FAKE.replace("MAIN", str(MAIN))]
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("how", sorted(SENDS))
def test_an_edit_interrupted_while_its_search_shard_indexes_apart_leaves_nothing_behind(mini, tmp_path, day, how):
    pytest.importorskip("pagefind")
    from generator.build import build

    built = tmp_path / "searched"
    build(mini, built, day, search=True)
    before = tree(built)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("summary: ", "summary: Renamed ", 1))  # an edited build, with search
    script = SEARCH_SCRIPT.replace("SEND", SENDS[how])
    command = [sys.executable, "-c", script, "build", "--source", str(mini), "--out", str(built),
               "--as-of", day.isoformat(), "--jobs", "2"]
    interrupted(command, built, before, seconds=15)
    assert not list(built.parent.glob(".*/**/.policy-atlas-search-*"))  # nor any scratch folder
