"""The rendering workers: Python's full cycle collections kept rare while pages render, and off
what a worker inherits."""

import gc

import pytest

from generator.builds import workers
from generator.site.plan import Page


class CollectorReport:
    """Stands for the Renderer: each page's bytes say how the cycle collector stands in the process rendering it."""

    def render_with_body(self, page):
        return f"{gc.get_threshold()[2]} {gc.get_freeze_count()}".encode(), None


PAGES = tuple(Page(f"p{i}/", f"p{i}/index.html", "page", str(i)) for i in range(6))


def _reports(folder):
    return [tuple(map(int, (folder / page.output).read_text().split())) for page in PAGES]


def test_forked_workers_collect_rarely_and_leave_what_they_inherit_alone(tmp_path):
    before = gc.get_threshold()
    gc.unfreeze()  # what an earlier build in this process froze: the workers must freeze it themselves
    written, problems = workers.render_pages(CollectorReport(), PAGES, tmp_path, jobs=2, few=True)
    assert not problems and len(written) == len(PAGES)
    for full_after, frozen in _reports(tmp_path):
        assert full_after == workers.FULL_COLLECTIONS_AFTER > before[2]
        assert frozen > 1000  # the objects of this process, inherited by the fork
    assert gc.get_threshold() == before  # the build's own process is left as it was


def test_rendering_in_the_build_s_own_process_collects_rarely_for_the_while(tmp_path):
    before = gc.get_threshold()
    workers.render_pages(CollectorReport(), PAGES, tmp_path, jobs=1, few=True)
    assert {full_after for full_after, _ in _reports(tmp_path)} == {workers.FULL_COLLECTIONS_AFTER}
    assert gc.get_threshold() == before  # as it was once the pages are written (serve goes on)


def test_the_collector_is_restored_when_rendering_in_the_build_s_own_process_fails(tmp_path):
    before = gc.get_threshold()

    class Failing:
        def render_with_body(self, page):
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        workers.render_pages(Failing(), PAGES, tmp_path, jobs=1)
    assert gc.get_threshold() == before
