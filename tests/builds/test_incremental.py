"""Incremental builds: only pages whose inputs changed are rendered, and the result equals a full build."""


import pytest

from generator.build import build
from generator.builds.manifest import MANIFEST, read_manifest
from site_trees import full_build, settled, tree


def rendered_pages(mini, out, day):
    """Build incrementally and return the set of output files that were rendered anew."""
    before = read_manifest(out)
    result = build(mini, out, day)
    after = read_manifest(out)
    changed = {path for path, entry in after.items() if before.get(path) != entry}
    return result, changed


def test_nothing_changed_renders_nothing(mini, built, day):
    result = build(mini, built, day)
    assert result.rendered == 0 and result.pages > 20


def test_one_brief_edit_renders_only_what_shows_it(mini, built, tmp_path, day):
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("summary: Another.", "summary: Another, edited."))
    result, changed = rendered_pages(mini, built, day)
    assert result.rendered == 7
    pages_changed = {p for p in changed}
    assert "sitemap.xml" not in pages_changed  # it lists which pages there are, not what they show
    assert {"briefs/second-brief/index.html", "briefs/index.html", "index.html", "feed.xml",
            "data/atlas.json", "policies/us-il-act/index.html"} <= pages_changed  # lists, feed and the linked policy
    assert "briefs/first-brief/index.html" in pages_changed  # it links [[second-brief]]
    assert "compare/index.html" not in pages_changed and "policies/eu-law/index.html" not in pages_changed
    assert tree(built) == full_build(mini, tmp_path, day)


def test_a_brief_edit_leaves_the_labels_of_a_further_language_alone(mini, tmp_path, day):
    """data/labels.<code>.json names dimensions, values, jurisdictions and policies, never a brief."""
    with (mini / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    out = tmp_path / "out"
    build(mini, out, day)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("summary: Another.", "summary: Another, edited."))
    _, changed = rendered_pages(mini, out, day)
    assert "briefs/second-brief/index.html" in changed and "data/labels.zh-Hans.json" not in changed
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text().replace("title: ", "title: Edited ", 1))
    _, changed = rendered_pages(mini, out, day)
    assert "data/labels.zh-Hans.json" in changed
    assert tree(out) == full_build(mini, tmp_path, day)


def test_the_home_page_depends_on_the_briefs_it_shows_not_every_summary(mini, tmp_path, day):
    for n in range(1, 6):  # five newer briefs: the home page shows these, and second-brief only in the lists
        (mini / f"briefs/newer-{n}.md").write_text(f"---\ntitle: Newer {n}\ndate: 2026-11-0{n}\nsummary: New.\n---\nText.\n")
    out = tmp_path / "out"
    build(mini, out, day)
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("summary: Another.", "summary: Another, edited."))
    _, changed = rendered_pages(mini, out, day)
    assert {"briefs/index.html", "briefs/second-brief/index.html"} <= changed and "index.html" not in changed
    newest = mini / "briefs/newer-5.md"
    newest.write_text(newest.read_text().replace("summary: New.", "summary: Newest, edited."))
    _, changed = rendered_pages(mini, out, day)
    assert "index.html" in changed
    (mini / "briefs/newer-1.md").unlink()  # one fewer: the count, and the sixth newest now shown
    _, changed = rendered_pages(mini, out, day)
    assert "index.html" in changed
    assert tree(out) == full_build(mini, tmp_path, day)


def test_policy_edit_renders_comparison_and_its_jurisdictions(mini, built, tmp_path, day):
    policy = mini / "policies/us-il-act.yaml"
    policy.write_text(policy.read_text().replace("A written release.", "A signed written release."))
    result, changed = rendered_pages(mini, built, day)
    assert {"compare/index.html", "compare/consent/index.html", "jurisdictions/us-il/index.html",
            "policies/us-il-act/index.html", "briefs/second-brief/index.html"} <= changed
    assert "jurisdictions/fr/index.html" not in changed and "briefs/first-brief/index.html" not in changed
    assert tree(built) == full_build(mini, tmp_path, day)


def test_parent_policy_edit_reaches_descendants(mini, built, day):
    policy = mini / "policies/eu-law.yaml"
    policy.write_text(policy.read_text().replace("Explicit consent needed.", "Explicit consent is needed."))
    _, changed = rendered_pages(mini, built, day)
    assert {"jurisdictions/eu/index.html", "jurisdictions/fr/index.html"} <= changed
    assert "jurisdictions/us-il/index.html" not in changed


def test_template_edit_renders_the_pages_that_use_it(mini, built, tmp_path, day):
    theme = tmp_path / "themes" / "mine" / "templates"
    theme.mkdir(parents=True)
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "theme: mine\n")
    build(mini, built, day)
    (theme / "policy.html").write_text("{% extends 'base.html' %}{% block main %}<p>{{ policy.title }}</p>{% endblock %}")
    result, changed = rendered_pages(mini, built, day)
    assert changed == {f"policies/{p}/index.html" for p in
                       ("eu-law", "fr-old-law", "us-ban-bill", "us-il-act", "us-il-ruling", "us-police-act")}


def test_deleted_record_leaves_no_stale_page_and_links_to_it_fail(mini, built, day):
    from generator.problems import ContentError
    (mini / "briefs/first-brief.md").unlink()
    build(mini, built, day)
    assert not (built / "briefs/first-brief").exists()
    (mini / "policies/us-il-act.yaml").unlink()  # second-brief links [[us-il-act]]
    with pytest.raises(ContentError) as caught:
        build(mini, built, day)
    assert any("[[us-il-act]]" in p.message for p in caught.value.problems)


def test_damaged_manifest_or_hand_edited_file_is_not_trusted(mini, built, tmp_path, day):
    (built / "compare/index.html").write_text("tampered")
    result = build(mini, built, day)
    assert result.rendered == 1 and b"tampered" not in (built / "compare/index.html").read_bytes()
    (built / MANIFEST).write_text("{not json")
    assert build(mini, built, day).rendered == result.pages
    assert tree(built) == full_build(mini, tmp_path, day)


def test_as_of_change_renders_everything(mini, built):
    import datetime as dt
    assert build(mini, built, dt.date(2020, 1, 1)).rendered == build(mini, built, dt.date(2020, 1, 1), reuse=False).rendered


def test_any_single_record_edit_matches_a_full_build(mini, built, tmp_path, day):
    """Edit every record in turn (a title or name shown on other pages): incremental == full, always."""
    edits = [(path, "title: ", "title: Edited ") for path in sorted((mini / "policies").glob("*.yaml"))]
    edits += [(path, "name: ", "name: Edited ") for path in sorted((mini / "jurisdictions").glob("*.yaml"))]
    edits += [(path, "title: ", "title: Edited ") for path in sorted((mini / "briefs").glob("*.md"))]
    edits += [(mini / "dimensions.yaml", "label: Consent", "label: Agreement"), (mini / "site.yaml", "title: ", "title: X ")]
    for path, old, new in edits:
        path.write_text(path.read_text().replace(old, new, 1))
        result = build(mini, built, day)
        assert 0 < result.rendered < result.pages or path.name in ("site.yaml",), path.name
        assert tree(built) == full_build(mini, tmp_path, day), path.name


def test_a_translation_added_or_removed_lists_its_pages_in_the_sitemap_as_a_full_build_does(mini, tmp_path, day):
    """A translation adds the record's pages in its language (`pages: translated`) and changes no record: the
    sitemap, which lists every page, depends on which pages there are ('pages'), not on the records."""
    with (mini / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    translation = mini / "policies/eu-law.zh-Hans.yaml"
    out = tmp_path / "site"
    build(mini, out, day)
    for step in ("added", "removed"):
        if step == "added":
            translation.write_text("translation_of: eu-law\nprevails: original\ntitle: 欧盟数据法\n",
                                   encoding="utf-8")
        else:
            translation.unlink()
        result = build(mini, out, day)
        assert result.way == "full" and result.rendered < result.pages, step  # an incremental build
        listed = "https://example.org/atlas/zh/policies/eu-law/" in (out / "sitemap.xml").read_text(encoding="utf-8")
        assert listed == (step == "added") == (out / "zh/policies/eu-law/index.html").is_file(), step
        assert tree(out) == full_build(mini, tmp_path, day), step


def test_unchanged_pages_are_not_rewritten(mini, built, day):
    page = built / "policies/eu-law/index.html"
    before = page.stat()
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("Another.", "Edited."))
    build(mini, built, day)
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_commit_interrupted_after_the_journal_is_finished_by_the_next_run(mini, built, tmp_path, day, monkeypatch):
    from generator.builds import write
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text().replace("Another.", "Edited."))
    real_apply = write._apply

    def killed(out, journal):
        raise KeyboardInterrupt  # the process dies right after the commit point
    monkeypatch.setattr(write, "_apply", killed)
    with pytest.raises(KeyboardInterrupt):
        build(mini, built, day)
    assert (tmp_path / ".site-journal.json").exists()
    monkeypatch.setattr(write, "_apply", real_apply)
    write.recover(built)
    assert not (tmp_path / ".site-journal.json").exists()
    assert "Edited." in (built / "briefs/index.html").read_text()
    assert [p.name for p in settled(tmp_path).iterdir() if p.name.startswith(".site")] == []
    assert tree(built) == full_build(mini, tmp_path, day)


def test_parse_cache_is_used_and_still_locates_problems(mini, built, tmp_path, day):
    from generator.content.cache import FOLDER, ParseCache
    from generator.content.load import load
    cache = ParseCache(tmp_path / FOLDER)
    content, problems = load(mini, cache)
    assert problems == [] and cache.hits == len(content.policies) + len(content.jurisdictions) + len(content.briefs) + 2
    (tmp_path / FOLDER / "parsed.json").write_text("{damaged")
    assert ParseCache(tmp_path / FOLDER).get("site@0", (mini / "site.yaml").read_text()) is None
    build(mini, built, day)  # rewrites the damaged cache
    brief = mini / "briefs/first-brief.md"
    brief.write_text(brief.read_text().replace("[[eu-law]]", "[[eu-lawz]]"))
    from generator.problems import ContentError
    with pytest.raises(ContentError) as caught:
        build(mini, built, day)  # eu-law.yaml etc. come from the cache; the problem still has its line
    assert [(p.path.split("/")[-1], p.line) for p in caught.value.problems] == [("first-brief.md", 10)]
    cache = ParseCache(tmp_path / FOLDER)
    content, _ = load(mini, cache)
    assert cache.hits > 0
    france = next(j for j in content.jurisdictions if j.id == "fr")  # from the cache, positions unpacked on demand
    assert france.origin.located.position(("region",)).line == 5
