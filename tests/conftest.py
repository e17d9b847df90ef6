"""Shared fixtures: copies of the small hand-made site, so tests can break it freely."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "sites" / "mini"
SECTORS = TESTS / "sites" / "sectors"  # provisions that bind one sector, sources of every kind, official text


@pytest.fixture(autouse=True)
def no_search_index(monkeypatch):
    """Skip the Pagefind index in builds unless a test asks for it with search=True."""
    from generator import build
    monkeypatch.setattr(build, "SEARCH_BY_DEFAULT", False)


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
def day():
    return dt.date(2026, 11, 27)


@pytest.fixture
def built(mini, tmp_path, day):
    """Return the output folder of a build of the mini site into tmp/site."""
    from generator.build import build

    out = tmp_path / "site"
    build(mini, out, day)
    return out
