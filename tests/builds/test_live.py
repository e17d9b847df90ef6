"""Live rebuilds (serve): an edit of existing briefs or policies is redone in memory, and once the pages left
for later are rendered, the output and its manifest are byte for byte what a fresh full build writes."""

import shutil

import pytest

from generator.build import build
from generator.builds import live as live_module
from generator.builds.live import Live
from generator.builds.manifest import read_manifest
from site_trees import tree

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def live(mini, tmp_path, day):
    out = tmp_path / "preview"
    result = build(mini, out, day, drafts=True, search=False, remember=True)
    assert result.memory is not None
    return Live(result.memory, mini, out, result.cache)


def fresh(content, tmp_path, day) -> dict[str, bytes]:
    folder = tmp_path / "fresh"
    shutil.rmtree(folder, ignore_errors=True)
    build(content, folder, day, drafts=True, reuse=False, search=False)
    return tree(folder)


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_summary_edit_renders_its_dependents_and_equals_a_full_build(live, mini, tmp_path, day):
    replace_in(mini / "briefs/second-brief.md", "summary: Another.", "summary: A summary edited live.")
    done = live.update()
    assert done is not None and done.rendered + done.later >= 3  # its page, the briefs list, the home page...
    assert b"A summary edited live." in (live.out / "briefs/second-brief/index.html").read_bytes()
    assert live.finish()  # the briefs list, the home page, the feed...
    assert b"A summary edited live." in (live.out / "briefs/index.html").read_bytes()
    assert tree(live.out) == fresh(mini, tmp_path, day)


def test_lists_come_later_and_the_manifest_waits_for_them(live, mini, tmp_path, day):
    before = read_manifest(live.out)
    replace_in(mini / "briefs/second-brief.md", "title: A second brief", "title: A second brief, retitled")
    done = live.update(viewed=frozenset({"briefs/first-brief/index.html"}))  # a browser shows first-brief
    assert done is not None and done.later > 0
    assert b"A second brief, retitled" in (live.out / "briefs/second-brief/index.html").read_bytes()  # its own page
    assert b"A second brief, retitled" in (live.out / "briefs/first-brief/index.html").read_bytes()  # shown, links it
    assert b"retitled" not in (live.out / "briefs/index.html").read_bytes()  # not yet
    assert b"retitled" not in (live.out / "policies/us-il-act/index.html").read_bytes()  # lists it; not shown
    assert read_manifest(live.out)["briefs/index.html"] == before["briefs/index.html"]  # so a crash redoes it
    assert live.finish()
    assert tree(live.out) == fresh(mini, tmp_path, day)


def test_a_policy_edit_derives_the_comparison_again_and_equals_a_full_build(live, mini, tmp_path, day):
    policy = mini / "policies/us-il-act.yaml"
    replace_in(policy, "consent: {value: explicit", "consent: {value: notice_only")
    replace_in(policy, "title: Illinois act", "title: Illinois act, edited")
    done = live.update()
    assert done is not None
    live.finish()
    assert b"Illinois act, edited" in (live.out / "policies/us-il-act/index.html").read_bytes()
    assert tree(live.out) == fresh(mini, tmp_path, day)


def test_edits_in_a_row_of_text_front_matter_and_policies(live, mini, tmp_path, day):
    for round_ in range(3):
        replace_in(mini / "briefs/first-brief.md", "## Background", f"Round {round_}.\n\n## Background")
        assert live.update() is not None
        replace_in(mini / "briefs/first-brief.md", "summary: ", f"summary: {round_} ")
        replace_in(mini / "policies/eu-law.yaml", "title: ", f"title: {round_} ")
        assert live.update() is not None  # the pages left for later by the last update are finished first
    live.finish()
    assert tree(live.out) == fresh(mini, tmp_path, day)


@pytest.mark.parametrize("edit", [
    lambda c: (c / "briefs/new-brief.md").write_text((c / "briefs/second-brief.md").read_text()),  # a new file
    lambda c: (c / "briefs/second-brief.md").unlink(),  # a file removed
    lambda c: replace_in(c / "briefs/second-brief.md", "date: 2026-10-01", "date: 2026-10-02"),  # reorders lists
    lambda c: replace_in(c / "briefs/first-brief.md", "policies: [eu-law]", "policies: [eu-law, us-il-act]"),
    lambda c: replace_in(c / "briefs/second-brief.md", "summary: Another.", "summary: [unclosed"),  # a problem
    lambda c: replace_in(c / "policies/us-il-act.yaml", "jurisdiction: us-il", "jurisdiction: us"),
    lambda c: replace_in(c / "policies/us-il-act.yaml", "value: explicit", "value: no-such-value"),
    lambda c: replace_in(c / "site.yaml", "title: ", "title: Edited "),
    lambda c: replace_in(c / "jurisdictions/fr.yaml", "name: ", "name: Edited "),
])
def test_anything_else_is_left_to_a_normal_build(live, mini, edit):
    before = tree(live.out)
    edit(mini)
    assert live.update() is None and live.why  # which serve prints
    assert tree(live.out) == before  # and nothing was written


def test_nothing_changed_renders_nothing(live):
    done = live.update()
    assert done is not None and done.rendered == 0 and done.later == 0


def test_the_paths_the_watcher_reported_are_enough(live, mini, tmp_path, day):
    brief = mini / "briefs/second-brief.md"
    replace_in(brief, "summary: Another.", "summary: Told by the watcher.")
    (mini / "briefs/.second-brief.md.swp").write_text("an editor's swap file")
    (mini / "briefs/second-brief.md~").write_text("an editor's backup")
    reported = {str(brief), str(mini / "briefs/.second-brief.md.swp"), str(mini / "briefs/second-brief.md~"),
                str(mini / "briefs/.goutputstream-XYZ")}  # the last one gone again: ignored too
    assert live.update(reported) is not None
    live.finish()
    (mini / "briefs/.second-brief.md.swp").unlink()
    (mini / "briefs/second-brief.md~").unlink()
    assert tree(live.out) == fresh(mini, tmp_path, day)


@pytest.mark.parametrize("reported", ["briefs/new-brief.md", "briefs/second-brief.md", "themes/x.html",
                                      "briefs/new-brief.yml"])  # the loader reports a misnamed file
def test_a_new_removed_or_outside_path_reported_is_left_to_a_normal_build(live, mini, reported):
    path = (mini if reported.startswith("briefs") else mini.parent) / reported
    if "new-brief" in reported:
        path.write_text((mini / "briefs/first-brief.md").read_text())
    elif reported.startswith("briefs"):
        path.unlink()
    assert live.update({str(path)}) is None


def test_an_update_while_finish_renders_takes_its_pages_over(live, mini, tmp_path, day):
    import threading

    replace_in(mini / "briefs/second-brief.md", "summary: Another.", "summary: First.")
    assert live.update().later > 0
    finishing = threading.Thread(target=live.finish)
    finishing.start()  # whether it is done before the next update or stopped by it, the end is the same
    replace_in(mini / "policies/eu-law.yaml", "title: ", "title: Then ")
    assert live.update() is not None
    finishing.join()
    live.finish()
    assert tree(live.out) == fresh(mini, tmp_path, day)


def test_a_live_edit_in_a_site_with_a_second_language_equals_a_full_build(tmp_path, day, monkeypatch):
    """The shipped atlas has a Chinese edition: a live edit re-renders both languages' pages as a full build would.
    The records' texts the Chinese pages mark as English were counted once, by the full build, and the edit counts
    again only those of the records it replaces (editionviews.recounted)."""
    from generator.site import editionviews

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out = tmp_path / "preview"
    result = build(content, out, day, drafts=True, search=False, remember=True)
    assert result.memory.renderer.counted == editionviews.census(result.memory.renderer.atlas) != {}
    counted = editionviews.census

    def census(atlas):
        raise AssertionError("the records' texts counted again")

    monkeypatch.setattr(editionviews, "census", census)
    live = Live(result.memory, content, out, result.cache)
    replace_in(content / "policies/cn-pipl.yaml", "\nsummary: >-\n", "\nsummary: >-\n  Edited live.\n")
    replace_in(content / "briefs/china-proposed-national-biometric-data-bank.md", "\nsummary: >-\n",
               "\nsummary: >-\n  Edited live too.\n")
    untranslated = content / "briefs/how-to-read-this-atlas.md"  # the Chinese list shows its English summary
    replace_in(untranslated, "\nsummary: >-\n", "\nsummary: >-\n  Edited live, untranslated.\n")
    assert live.update() is not None
    assert live.finish()
    assert "Edited live, untranslated." in (out / "zh/briefs/index.html").read_text()
    monkeypatch.setattr(editionviews, "census", counted)
    assert tree(out) == fresh(content, tmp_path, day)
