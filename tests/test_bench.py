"""The benchmark runner's care for the file system: what a cold build clears is set aside, not deleted, until the end."""

from __future__ import annotations

import importlib.util
import sys
from argparse import Namespace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


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
