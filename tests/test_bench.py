"""The benchmark runner's care for the file system: what a cold build clears is set aside, not deleted, until the end."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from argparse import Namespace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


BENCH_MODULES = ("corpus", "edits", "measure", "report", "tools")  # what bench/ imports by plain name


@pytest.fixture(scope="module")
def run():
    """bench/run.py with bench/'s own modules, and the interpreter as it was afterwards: run.py puts bench/ first on
    the path and imports its modules by plain names, which another test's helpers may hold already (the hostile
    tests' `corpus`), in the same process."""
    path, saved = list(sys.path), {name: sys.modules.pop(name) for name in BENCH_MODULES if name in sys.modules}
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for name in BENCH_MODULES:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        sys.path[:] = path


def _runner(run, tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "content" / "briefs").mkdir(parents=True)
    return run.Runner(Namespace(timeout=1), corpus, tmp_path / "work", lambda message: None, ["policy-atlas"])


def test_a_cold_builds_output_is_set_aside_with_its_inodes_and_deleted_only_at_the_end(run, tmp_path):
    runner = _runner(run, tmp_path)
    site, cache = tmp_path / "work" / "policy-atlas" / "site", tmp_path / "corpus" / ".atlas-cache"
    (site / "briefs").mkdir(parents=True)
    (site / "briefs" / "index.html").write_text("<p>a page</p>")
    cache.write_text("a cache file")
    inodes = {"<p>a page</p>": (site / "briefs" / "index.html").stat().st_ino, "a cache file": cache.stat().st_ino}

    runner._wipe(tmp_path / "work" / "policy-atlas", cache, tmp_path / "work" / "absent")

    assert not site.exists() and not cache.exists()
    kept = {path.read_text(): path.stat().st_ino for path in runner.aside.rglob("*") if path.is_file()}
    assert kept == inodes  # moved, the same files: nothing deleted yet
    runner.clear_aside()
    assert not runner.aside.exists()


def test_settling_syncs_and_waits_before_a_tools_builds_unless_told_not_to(run, monkeypatch):
    calls = []
    monkeypatch.setattr(run.os, "sync", lambda: calls.append("sync"))
    monkeypatch.setattr(run.time, "sleep", lambda seconds: calls.append(seconds))
    run.settle(0, lambda message: None)
    assert calls == []
    run.settle(60, lambda message: None)
    assert calls == ["sync", 60]


@pytest.fixture(scope="module")
def report(run):  # run.py puts bench/ on the path, where report.py lies
    import report as module

    return module


def test_the_stages_a_build_timed_are_read_from_its_log(report):
    log = ("Built 14817 pages (7 rendered, 14810 unchanged) into site in 1.15 s (as of 2026-07-01).\n"
           "quick 0.20 s  state 0.43 s  plan 0.18 s  render 0.20 s  search 0.08 s  write 0.04 s\n")
    assert report.stages_of(log) == {"quick": 0.20, "state": 0.43, "plan": 0.18, "render": 0.20, "search": 0.08,
                                     "write": 0.04}
    assert list(report.stages_of(log)) == ["quick", "state", "plan", "render", "search", "write"]
    assert report.stages_of("Built 14817 pages in 34.31 s.\nerror: a page said 2.00 s\n") == {}
    assert report.stages_of("") == {}


def test_the_report_says_where_each_scenarios_time_goes(report, tmp_path):
    def build(scenario, wall, **stages):
        return {"tool": "policy-atlas", "scenario": scenario, "rc": 0, "wall": wall, "stages": stages}

    runs = [build("one-edit-front", 1.30, quick=0.20, state=0.40, render=0.50),
            build("one-edit-front", 1.10, quick=0.10, state=0.50, render=0.30),
            build("one-edit-front", 1.60, quick=0.30, state=0.60, render=0.40),
            {"tool": "hugo", "scenario": "cold", "rc": 0, "wall": 5.0},
            {"tool": "policy-atlas", "scenario": "cold", "rc": 1, "wall": 9.0, "stages": {"load": 9.0}}]
    (row,) = report.stage_rows(runs)
    scenario, wall, stages, outside = row
    assert (scenario, wall) == ("one-edit-front", 1.30)
    assert stages == {"quick": 0.20, "state": 0.50, "render": 0.40}  # each stage's own median
    assert outside == pytest.approx(0.20)  # the median of 0.20, 0.20 and 0.30 left outside the stages
    lines = report.stage_lines(runs)
    assert "| one-edit-front | 1.30 | quick 0.20 · state 0.50 · render 0.40 | 0.20 |" in lines
    assert report.stage_lines([{"tool": "hugo", "scenario": "cold", "rc": 0, "wall": 5.0}]) == []


def test_the_old_output_a_build_left_to_delete_is_waited_for_before_the_next_build(run, tmp_path):
    """A full build that swapped its output leaves the old one to a process of its own (generator/builds/swap.py):
    the runner waits for it to go, outside the build's time, so the next build does not share the disk with it."""
    import threading

    out = tmp_path / "site"
    out.mkdir()
    assert run.deleted_after(out) < 0.1
    trash = tmp_path / ".site-trash-12345"
    trash.mkdir()
    threading.Timer(0.3, trash.rmdir).start()
    assert run.deleted_after(out) >= 0.3 and not trash.exists()


def test_a_builds_cpu_time_is_measured_in_the_program_and_in_the_kernel_apart(run, tmp_path):
    import measure

    busy = "import os\nfor n in range(300): os.mkdir(f'd{n}'); os.rmdir(f'd{n}')\nsum(range(3_000_000))"
    result = measure.measure([sys.executable, "-c", busy], cwd=tmp_path, env=None, timeout=60,
                             log_path=tmp_path / "busy.log")
    assert result["rc"] == 0 and result["user"] > 0.02 and result["system"] >= 0
    assert result["cpu"] == pytest.approx(result["user"] + result["system"])


def test_the_report_gives_the_kernels_share_of_each_scenarios_cpu_and_of_each_run(report, tmp_path):
    def build(wall, user, system, **extra):
        return {"tool": "policy-atlas", "scenario": "cold", "rc": 0, "wall": wall, "cpu": user + system, "user": user,
                "system": system, "timed_out": False, "tree_rss_mb": 900.0, "tree_pss_mb": 700.0, "max_rss_mb": 400.0,
                "pages": 14558, "round": 0, "command": "policy-atlas build", "log": "x.log", **extra}

    runs = [build(20.0, 30.0, 5.0), build(24.0, 31.0, 12.0), build(21.0, 30.5, 6.5)]
    (row,) = report.summarise(runs)
    assert (row["cpu"], row["kernel"]) == (37.0, 6.5)  # each its own median
    old = {key: value for key, value in runs[0].items() if key not in ("user", "system")}
    assert report.summarise([old])[0]["kernel"] is None  # a run recorded before the split: no figure, no error
    args = Namespace(corpus_display="bench/corpus/x", repeat=3, timeout=900, settle=0)
    info = {"nproc": 2, "memory": "24 GiB", "cpu": "a CPU", "platform": "Linux", "load": "", "speed": []}
    corpus = {"briefs": 10000, "brief_body_bytes_mean": 1400, "jurisdictions": 200, "policies": 2000, "seed": 1}
    path = tmp_path / "RESULTS.md"
    report.write_results(path, args, "bench/run.py", info, {}, {}, corpus, report.summarise(runs), runs,
                         dt.datetime(2026, 12, 7, 4, 0), dt.datetime(2026, 12, 7, 4, 10))
    text = path.read_text()
    assert "| CPU time (s) | of it, kernel (s) |" in text and "| 37.0 | 6.5 |" in text
    assert "| 1 | 1 | policy-atlas | cold | 20.00 | 30.0 | 5.0 |" in text
    assert "| 2 | 1 | policy-atlas | cold | 24.00 | 31.0 | 12.0 |" in text


def test_the_report_gives_the_search_indexs_share_of_the_cpu_and_the_least_time_it_takes(report, tmp_path):
    def build(tool, scenario, wall, cpu):
        return {"tool": tool, "scenario": scenario, "rc": 0, "wall": wall, "cpu": cpu, "user": cpu, "system": 0.0,
                "timed_out": False, "tree_rss_mb": 900.0, "tree_pss_mb": 700.0, "max_rss_mb": 400.0, "pages": 10,
                "round": 0, "command": "x", "log": "x.log"}

    runs = [build("policy-atlas", "cold", 36.0, 62.0), build("policy-atlas", "cold", 34.0, 60.0),
            build("policy-atlas", "cold-no-search", 21.0, 36.0), build("hugo", "cold+pagefind", 14.0, 20.0),
            build("hugo", "cold", 7.0, 11.0)]
    rows = report.summarise(runs)
    (line,) = [line for line in report.index_share_lines(rows, 2) if line]
    assert "took 25.0 s of CPU more with its index" in line  # the cold builds' median CPU (61.0) less 36.0
    assert "Hugo + Pagefind 9.0 s more than Hugo alone" in line
    assert "at least 12.50 s, 0.89× Hugo + Pagefind's whole cold build (14.00 s)" in line  # 25.0 / 2 cores
    assert "would have 3.0 s of CPU in all, where Hugo alone took 11.0 s" in line  # 14.0 × 2 - 25.0
    assert "no CPU left" in report.index_share_lines(rows, 1)[1]  # one core: the index alone takes longer
    assert report.index_share_lines([row for row in rows if row["scenario"] != "cold+pagefind"], 2) == []
    args = Namespace(corpus_display="bench/corpus/x", repeat=1, timeout=900, settle=0)
    info = {"nproc": 2, "memory": "24 GiB", "cpu": "a CPU", "platform": "Linux", "load": "", "speed": []}
    corpus = {"briefs": 10, "brief_body_bytes_mean": 1400, "jurisdictions": 2, "policies": 2, "seed": 1}
    path = tmp_path / "RESULTS.md"
    report.write_results(path, args, "bench/run.py", info, {}, {}, corpus, rows, runs,
                         dt.datetime(2026, 12, 7, 4, 0), dt.datetime(2026, 12, 7, 4, 10))
    assert line in path.read_text().splitlines()


def _row(tool: str, scenario: str, wall: float, cpu: float, pages: int) -> dict:
    return {"tool": tool, "scenario": scenario, "rc": 0, "wall": wall, "cpu": cpu, "user": cpu, "system": 0.0,
            "timed_out": False, "tree_rss_mb": 900.0, "tree_pss_mb": 700.0, "max_rss_mb": 400.0, "pages": pages,
            "round": 0, "command": "x", "log": "x.log"}


def test_the_report_compares_the_cold_builds_on_the_peers_pages_beside_the_main_corpus(report, tmp_path):
    runs = [_row("policy-atlas", "cold", 34.0, 60.0, 14558), _row("policy-atlas", "cold-no-search", 18.0, 30.0, 14558),
            _row("hugo", "cold+pagefind", 14.0, 20.0, 10002), _row("hugo", "cold", 7.0, 11.0, 10002),
            _row("policy-atlas", "cold-briefs-only", 15.0, 25.0, 10327),
            _row("policy-atlas", "cold-no-search-briefs-only", 7.5, 12.5, 10327),
            _row("hugo", "cold+pagefind-briefs-only", 12.0, 19.0, 10002),
            _row("hugo", "cold-briefs-only", 6.0, 10.0, 10002)]
    rows = report.summarise(runs)
    ratios = {row["scenario"]: (row["peer"], round(row["ratio"], 3)) for row in rows if row["tool"] == "policy-atlas"}
    assert ratios["cold-briefs-only"] == ("hugo cold+pagefind-briefs-only", 1.25)  # 15.0 / 12.0, not / 14.0
    assert ratios["cold-no-search-briefs-only"] == ("hugo cold-briefs-only", 1.25)  # 7.5 / 6.0
    corpus = {"briefs": 10000, "brief_body_bytes_mean": 1400, "jurisdictions": 200, "policies": 2000, "seed": 1,
              "briefs_only": {"briefs": 10000, "brief_body_bytes_mean": 1390, "jurisdictions": 1, "policies": 0,
                              "seed": 1, "display": "bench/corpus/b10000-j1-p0-s1"}}
    (line,) = [line for line in report.briefs_only_lines(rows, corpus) if line]
    assert "`bench/corpus/b10000-j1-p0-s1`" in line and "10,327 pages of it, Hugo 10,002, against 14,558" in line
    assert "cold build with the index (the default build) took 15.00 s against Hugo + Pagefind's 12.00 s " \
           "(**1.25×**; CPU 25.0 s against 19.0 s; 2.43× on the main corpus)" in line
    assert "without it 7.50 s against Hugo's 6.00 s (**1.25×**; CPU 12.5 s against 10.0 s; 2.57× on the main" in line
    assert report.briefs_only_lines(rows, {**corpus, "briefs_only": None}) == []  # not run: nothing said
    assert report.briefs_only_lines([row for row in rows if row["scenario"] != "cold-briefs-only"], corpus) == []
    args = Namespace(corpus_display="bench/corpus/b10000-j200-p2000-s1", repeat=1, timeout=900, settle=0)
    info = {"nproc": 2, "memory": "24 GiB", "cpu": "a CPU", "platform": "Linux", "load": "", "speed": []}
    path = tmp_path / "RESULTS.md"
    report.write_results(path, args, "bench/run.py", info, {}, {}, corpus, rows, runs,
                         dt.datetime(2026, 12, 7, 4, 0), dt.datetime(2026, 12, 7, 4, 10))
    text = path.read_text()
    assert line in text.splitlines()
    assert "; and a second corpus, 10,000 briefs (mean body 1,390 bytes) with one jurisdiction and no policies, into " \
           "`bench/corpus/b10000-j1-p0-s1`" in text
    assert "| policy-atlas | cold-briefs-only | 15.00 |" in text and "| hugo | cold-briefs-only | 6.00 |" in text


def test_each_tool_builds_the_second_corpus_cold_first_in_its_turn_into_an_output_of_its_own(run, tmp_path,
                                                                                           monkeypatch):
    second = tmp_path / "second"
    runner = run.Runner(Namespace(timeout=1, pa_args=""), tmp_path / "corpus", tmp_path / "work", lambda message: None,
                        ["policy-atlas"], second)
    (tmp_path / "corpus" / "content" / "briefs").mkdir(parents=True)
    calls = []

    def fake(tool, scenario, rnd, cmd, out, cwd, env=None):
        calls.append((tool, scenario, cmd, out))
        return {"rc": 1 if scenario == "cold-no-search" else 0}  # the main corpus's first build fails: the turn ends

    runner._run = fake
    runner.policy_atlas(0)
    assert [call[1] for call in calls] == ["cold-no-search-briefs-only", "cold-briefs-only", "cold-no-search"]
    first, with_index, main = calls
    assert first[2][first[2].index("--source") + 1] == str(second / "content")
    assert main[2][main[2].index("--source") + 1] == str(tmp_path / "corpus" / "content")
    assert first[3] == with_index[3] == tmp_path / "work" / "policy-atlas-briefs-only" / "site" != main[3]
    assert "--no-search" in first[2] and "--no-search" not in with_index[2] and "--no-cache" in with_index[2]

    calls.clear()
    runner._run = lambda tool, scenario, rnd, cmd, out, cwd, env=None: calls.append((scenario, cwd, out)) or {
        "rc": 1 if scenario == "cold" else 0}
    monkeypatch.setattr(run, "hugo_binary", lambda: Path("/bin/true"))
    monkeypatch.setattr(run, "pagefind_binary", lambda: Path("/bin/true"))
    runner.hugo(0)
    assert [call[0] for call in calls] == ["cold-briefs-only", "cold+pagefind-briefs-only", "cold"]
    assert calls[0][1] == second / "hugo" and calls[0][2] == tmp_path / "work" / "hugo-briefs-only" / "public"
    assert calls[2][1] == tmp_path / "corpus" / "hugo"
