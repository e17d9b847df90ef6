"""The orchestrator: load -> check references -> derive -> plan -> render -> write."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator.compare import derive
from generator.load import load
from generator.model import Atlas, build_atlas
from generator.plan import plan
from generator.problems import ContentError, Problem
from generator.render import Renderer, TemplateProblem, find_theme
from generator.urls import UnsafePath
from generator.write import Staging, recover


@dataclass(frozen=True)
class BuildResult:
    pages: int
    seconds: float
    atlas: Atlas


def default_date() -> dt.date:
    """Return the as-of date: the day of SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def check(source: Path, as_of: dt.date | None = None, drafts: bool = False) -> Atlas:
    """Return the atlas if the content is sound; raise ContentError with every problem otherwise."""
    content, problems = load(source)
    atlas, more = build_atlas(content, as_of or default_date(), drafts, loaded_cleanly=not problems)
    problems += more
    if problems or atlas is None:
        raise ContentError(problems or [Problem(str(source), 0, 0, "no content could be loaded")])
    try:
        plan(atlas)
    except (UnsafePath, ValueError) as error:
        raise ContentError([Problem(str(source), 0, 0, f"cannot plan the output: {error}")]) from None
    return atlas


def build(source: Path, out: Path, as_of: dt.date | None = None, drafts: bool = False) -> BuildResult:
    """Build the site from `source` into `out`; the old `out` stays untouched unless all succeeds."""
    started = time.perf_counter()
    recover(out.resolve())  # first, so even a build that fails leaves the last good output in place
    atlas = check(source, as_of, drafts)
    theme, problems = find_theme(atlas.site.theme, source)
    if theme is None:
        raise ContentError(problems)
    pages = plan(atlas)
    renderer = Renderer(atlas, derive(atlas), pages, theme)
    with Staging(out) as staging:
        try:
            for page in pages:
                staging.write(page.output, renderer.render(page))
        except TemplateProblem as error:
            raise ContentError([error.problem]) from None
        staging.copy_static(reversed(theme.static_folders()))
        staging.commit()
    return BuildResult(len(pages), time.perf_counter() - started, atlas)
