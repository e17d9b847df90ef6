"""The change log kept between builds (builds/changecache.py): read back when the policies, jurisdictions,
dimensions and settings are those it was made from, worked out again otherwise; the output is the same either way."""

import pytest

from generator.build import build
from generator.builds import changecache, inputs
from generator.content.cache import FOLDER as CACHE_FOLDER
from generator.site import changeviews
from site_trees import full_build, tree


def kept_log(out):
    return inputs.folder_for(out.parent / CACHE_FOLDER, out) / changecache.FILE


@pytest.fixture
def worked_out(monkeypatch):
    """Count the change logs worked out (not read back)."""
    calls = []
    original = changeviews.change_log

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(changeviews, "change_log", counted)
    return calls


def add_brief(mini):
    text = (mini / "briefs/second-brief.md").read_text(encoding="utf-8")
    (mini / "briefs/third-brief.md").write_text(text.replace("title: ", "title: A third ", 1), encoding="utf-8")


def test_a_brief_added_reads_the_kept_log_and_equals_a_full_build(mini, built, tmp_path, day, worked_out):
    path = kept_log(built)
    assert path.is_file()  # the full build kept its log
    written = path.stat().st_mtime_ns
    add_brief(mini)
    result = build(mini, built, day)
    assert result.way == "full" and result.rendered < result.pages
    assert worked_out == []  # read back, not worked out
    assert path.stat().st_mtime_ns == written  # and not written again: the folder holds it already
    assert tree(built) == full_build(mini, tmp_path, day)


def test_a_policy_changed_works_the_log_out_again(mini, built, tmp_path, day, worked_out):
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("title: ", "title: Amended ", 1), encoding="utf-8")
    add_brief(mini)  # a new file: the full way, not the edited one
    result = build(mini, built, day)
    assert result.way == "full" and len(worked_out) == 1
    assert tree(built) == full_build(mini, tmp_path, day)


def test_a_damaged_or_foreign_kept_log_is_worked_out_again(mini, built, tmp_path, day, worked_out):
    path = kept_log(built)
    head, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(head + b"\n" + payload[:-10] + bytes(10))  # same length, other bytes
    add_brief(mini)
    build(mini, built, day)
    assert len(worked_out) == 1
    assert tree(built) == full_build(mini, tmp_path, day)
    assert changecache.read(path.parent, "made from something else") is None


def test_no_cache_and_hypothetical_pages_work_the_log_out(mini, built, tmp_path, day, worked_out):
    build(mini, built, day, reuse=False)  # --no-cache: nothing of the last build is used
    assert len(worked_out) == 1
    build(mini, built, day.replace(day=day.day + 1))  # every page again, the "if enacted" ones too: see full.py
    assert len(worked_out) == 2


def test_the_log_is_kept_for_exactly_what_it_is_made_from(tmp_path):
    digests = {"site": "s", "dimensions": "d", "all:j": "j", "all:p": "p", "all:b": "b", "b:one": "1"}
    made = changecache.made_from(digests, False)
    for key in ("site", "dimensions", "all:j", "all:p"):
        assert changecache.made_from({**digests, key: "other"}, False) != made
    assert changecache.made_from(digests, True) != made  # drafts shown or not
    assert changecache.made_from({**digests, "all:b": "other", "b:one": "2"}, False) == made  # briefs are not in it
    changecache.write(tmp_path / changecache.FILE, made, {"a": ("log",)})
    assert changecache.read(tmp_path, made) == {"a": ("log",)} and changecache.kept(tmp_path, made)
    assert changecache.read(tmp_path, changecache.made_from({**digests, "all:p": "q"}, False)) is None


def test_the_kept_log_a_jurisdiction_or_a_policy_at_a_time_holds_what_the_whole_holds(mini, built, day):
    from generator.builds import state

    folder = kept_log(built).parent
    made = changecache.made_from(state.read(folder, inputs.read(folder).settings).digests, False)
    whole, slices = changecache.read(folder, made), changecache.read_slices(folder, made)
    assert whole.by_jurisdiction and whole.by_policy
    for kind, index in (("j", whole.by_jurisdiction), ("p", whole.by_policy)):
        for key, changes in index.items():
            assert slices.get(kind, key) == tuple(changes)
    assert slices.get("p", "no-such-policy") == ()
    assert changecache.read_slices(folder, "made from something else") is None


def test_the_slices_and_the_whole_log_are_each_unpickled_without_the_other(mini, built, monkeypatch):
    """The file holds the whole log and its slices as two pickles behind one header: an edit's jurisdiction page
    reads the slices alone, a full build the whole log alone; with parts the header gets wrong, neither."""
    import json

    from generator.builds import pickles

    path = kept_log(built)
    first = json.loads(path.read_bytes().split(b"\n", 1)[0])
    whole, slices = first["parts"]
    assert whole > 0 and slices > 0 and whole + slices == first["size"]
    given, unpickled = [], pickles.unpickled
    monkeypatch.setattr(pickles, "unpickled", lambda payload: given.append(len(payload)) or unpickled(payload))
    made = first["made_from"]
    log = changecache.read(path.parent, made)
    assert given == [whole] and log.by_jurisdiction
    given.clear()
    kept = changecache.read_slices(path.parent, made)
    assert given == [slices]
    jurisdiction = next(iter(log.by_jurisdiction))
    assert kept.get("j", jurisdiction) == tuple(log.by_jurisdiction[jurisdiction]) != ()
    head, _, payload = path.read_bytes().partition(b"\n")
    for parts in ([whole, slices + 1], [whole - 1, slices + 1], [whole, -1, slices + 1], "two"):  # wrong, or cut elsewhere
        path.write_bytes(json.dumps({**first, "parts": parts}).encode() + b"\n" + payload)
        assert changecache.read(path.parent, made) is None and changecache.read_slices(path.parent, made) is None
