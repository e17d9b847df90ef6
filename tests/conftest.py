"""Shared fixtures: copies of the small hand-made site, so tests can break it freely."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "sites" / "mini"
SECTORS = TESTS / "sites" / "sectors"  # provisions that bind one sector, sources of every kind, official text


_FIGURES_KEY = "hostile_figures"
_WORKERS_FIGURES: Counter = Counter()  # with pytest-xdist: the workers' counts of hostile cases, added up


def _figures() -> Counter:
    """Return the hostile-input cases counted in this process (tests/hostile/hostile_support.py)."""
    support = sys.modules.get("hostile_support")
    return Counter(support.FIGURES) if support is not None else Counter()


def pytest_sessionfinish(session):
    output = getattr(session.config, "workeroutput", None)  # set in a pytest-xdist worker
    if output is not None:
        output[_FIGURES_KEY] = dict(_figures())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """A pytest-xdist worker finished: add up the cases it counted."""
    _WORKERS_FIGURES.update(getattr(node, "workeroutput", {}).get(_FIGURES_KEY, {}))


def pytest_terminal_summary(terminalreporter):
    figures = _figures() + _WORKERS_FIGURES
    if figures:
        terminalreporter.write_sep("-", "hostile input: cases tried")
        for category, count in sorted(figures.items()):
            terminalreporter.write_line(f"{category:<58} {count:>6}")


@pytest.fixture(autouse=True)
def no_search_index(monkeypatch):
    """Skip the Pagefind index in builds unless a test asks for it with search=True."""
    from generator import build
    monkeypatch.setattr(build, "SEARCH_BY_DEFAULT", False)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """Return the shipped content built once per test process, dated 27 November 2026, with its search index
    (without, where Pagefind is missing). Shared by every module that reads it: never write into it."""
    from generator.build import build
    from generator.problems import ContentError

    out = tmp_path_factory.mktemp("shipped") / "site"
    try:
        build(REPO / "content", out, dt.date(2026, 11, 27), search=True)
    except ContentError as error:
        if "needs Pagefind" not in str(error.problems):
            raise
        build(REPO / "content", out, dt.date(2026, 11, 27), search=False)
    return out


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """Return a writable copy of tests/sites/mini/ as tmp/content."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def sectors(tmp_path: Path) -> Path:
    """Return a writable copy of tests/sites/sectors/ as tmp/content."""
    target = tmp_path / "content"
    shutil.copytree(SECTORS, target)
    return target


@pytest.fixture
def synthetic(tmp_path) -> Path:
    """A small corpus made by the benchmark's generator (bench/corpus.py): 60 briefs, 12 jurisdictions, 30 policies."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    module.generate(60, 12, 30, 3, tmp_path / "generated")
    return tmp_path / "generated" / "content"


@pytest.fixture
def day():
    return dt.date(2026, 11, 27)


@pytest.fixture
def built(mini, tmp_path, day):
    """Return the output folder of a build of the mini site into tmp/site."""
    from generator.build import build

    out = tmp_path / "site"
    build(mini, out, day)
    return out
