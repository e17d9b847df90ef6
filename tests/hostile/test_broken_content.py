"""1. Broken content never gives a traceback: every kind of mistake, through both commands, both ways of running.

`check` and `build` must exit 1 and report exactly the expected problems, each on one line naming file,
line and column, with no traceback, within the subprocess timeout (a hang fails instead of stalling).
"""

from __future__ import annotations

import pytest

from hostile_support import FIGURES, RUNNERS, problem_lines, tree
from mistakes import MISTAKES


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A good build of the mini site, to copy in as the 'previous output' a failed build must keep."""
    import shutil

    from hostile_support import MINI, run_main

    root = tmp_path_factory.mktemp("good")
    shutil.copytree(MINI, root / "content")
    assert run_main("build", "--source", str(root / "content"), "--out", str(root / "site")).code == 0
    return root / "site"


@pytest.mark.parametrize("runner", sorted(RUNNERS))
@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_mistake_gives_one_located_message_per_problem(mini, tmp_path, built_once, mistake, command, runner):
    import shutil

    make, expected = MISTAKES[mistake]
    make(mini)
    out = tmp_path / "site"
    args = [command, "--source", str(mini)]
    if command == "build":
        shutil.copytree(built_once, out)
        before = tree(out)
        args += ["--out", str(out)]
    outcome = RUNNERS[runner](*args)
    FIGURES[f"1. broken content: {command} via {runner}"] += 1
    assert outcome.code == 1, outcome.text
    problems = problem_lines(outcome)
    assert len(problems) == len(expected), outcome.err
    assert "\x1b" not in outcome.text and "\x07" not in outcome.text  # no terminal escape reaches the terminal
    for path, line, column, words in expected:
        assert any((p, l, c) == (path, line, column) and words in message for p, l, c, message in problems), \
            f"expected {path}:{line}:{column} ({words}) in:\n{outcome.err}"
    if command == "build":
        assert tree(out) == before
        assert "previous output was left as it was" in outcome.err
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no staging folder left


def test_a_bom_alone_is_not_a_mistake(mini):
    from hostile_support import run_main

    for path in sorted(mini.rglob("*.*")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    FIGURES["1. broken content: BOM on every file (accepted)"] += 1
    outcome = run_main("check", "--source", str(mini))
    assert outcome.code == 0, outcome.text


def test_every_mistake_at_once_is_reported_together(mini):
    """All the mistakes in one content folder: every problem is still reported, each where it belongs."""
    from hostile_support import run_module

    compatible = ["not UTF-8", "missing required field", "duplicate ids in one file", "dates out of order",
                  "front matter not closed", "Markdown without front matter"]  # each edits other lines or files
    for name in compatible:
        MISTAKES[name][0](mini)
    outcome = run_module("check", "--source", str(mini), timeout=60)
    FIGURES["1. broken content: many mistakes at once"] += 1
    problems = problem_lines(outcome)
    assert len(problems) == sum(len(MISTAKES[name][1]) for name in compatible), outcome.err
    for name in compatible:
        for path, line, column, _ in MISTAKES[name][1]:
            assert any((p, l, c) == (path, line, column) for p, l, c, _ in problems), (name, outcome.err)
