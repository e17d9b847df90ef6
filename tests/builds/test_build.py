"""Building end to end: atomic output, determinism, base_url under a sub-path, exit codes."""

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.cli import main
from generator.problems import ContentError
from generator.builds.manifest import MANIFEST
from generator.site.urls import UnsafePath, Urls, safe_output
from generator.builds.write import MARKER

from site_trees import settled

REPO = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_page_kind(mini, tmp_path, day):
    out = tmp_path / "site"
    result = build(mini, out, day)
    files = tree(out)
    for expected in ["index.html", "compare/index.html", "compare/consent/index.html", "jurisdictions/index.html",
                     "jurisdictions/us-il/index.html", "policies/index.html", "policies/eu-law/index.html",
                     "briefs/index.html", "briefs/first-brief/index.html", "timeline/index.html", "data/index.html",
                     "data/atlas.json", "data/comparison.csv", "data/policies.csv", "data/schema/policy.schema.json",
                     "feed.xml", "sitemap.xml", "robots.txt", "404.html", "static/style.css", MARKER]:
        assert expected in files, expected
    assert "static/values.css" in files  # value colours, generated from dimensions.yaml
    copied = {f"static/{p.name}" for p in (REPO / "themes/default/static").iterdir() if p.is_file()}
    assert result.pages == len([f for f in files if f not in copied | {MARKER, MANIFEST}])


def test_links_honour_a_sub_path_base_url(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day)
    soup = BeautifulSoup((out / "briefs/first-brief/index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    internal = [h for h in hrefs if h.startswith("/")]
    assert internal and all(h.startswith("/atlas/") for h in internal)
    assert "/atlas/policies/eu-law/" in hrefs and "/atlas/jurisdictions/fr/" in hrefs
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/atlas/briefs/first-brief/"
    assert "https://example.org/atlas/sitemap.xml" in (out / "robots.txt").read_text()


def test_brief_markdown_features(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day)
    soup = BeautifulSoup((out / "briefs/first-brief/index.html").read_text(), "html.parser")
    body = soup.find(class_="prose")
    assert body.find("h2", id="background")
    assert body.find("table")
    assert body.find(class_="footnotes")
    assert body.find("a", string="France")["href"] == "/atlas/jurisdictions/fr/"


def test_as_of_changes_the_table(mini, tmp_path):
    import datetime as dt
    early, late = tmp_path / "early", tmp_path / "late"
    build(mini, early, dt.date(2017, 1, 1))
    build(mini, late, dt.date(2026, 1, 1))
    rows = {}
    for name, folder in (("early", early), ("late", late)):
        data = json.loads((folder / "data/atlas.json").read_text())
        rows[name] = {(c["jurisdiction"], c["dimension"]): c["value"] for c in data["comparison"]["cells"]}
    assert rows["early"][("fr", "consent")] == "notice_only"
    assert rows["late"][("fr", "consent")] == "explicit"


def test_two_builds_are_byte_identical(mini, tmp_path, day):
    first, second = tmp_path / "one", tmp_path / "two"
    build(mini, first, day)
    build(mini, second, day)
    comparison = filecmp.dircmp(first, second)
    assert tree(first) == tree(second), comparison.diff_files


def test_failed_build_leaves_previous_site_untouched(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day)
    before = tree(out)
    (mini / "policies/eu-law.yaml").write_text("id: eu-law\ntitle: 5\n")
    with pytest.raises(ContentError):
        build(mini, out, day)
    assert tree(out) == before
    assert [p.name for p in settled(tmp_path).iterdir() if p.name.startswith(".site")] == []


def test_template_error_fails_cleanly_and_keeps_site(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day)
    before = tree(out)
    theme = tmp_path / "themes" / "broken" / "templates"
    theme.mkdir(parents=True)
    (theme / "policy.html").write_text("{% extends 'base.html' %}{% block main %}{{ nothing.here }}{% endblock %}")
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "theme: broken\n")
    with pytest.raises(ContentError) as caught:
        build(mini, out, day)
    assert caught.value.problems[0].path.endswith("policy.html")
    assert tree(out) == before


def test_site_theme_overrides_one_template(mini, tmp_path, day):
    theme = tmp_path / "themes" / "mine" / "templates"
    theme.mkdir(parents=True)
    (theme / "not_found.html").write_text("{% extends 'base.html' %}{% block main %}<p>Custom 404</p>{% endblock %}")
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "theme: mine\n")
    out = tmp_path / "site"
    build(mini, out, day)
    assert "Custom 404" in (out / "404.html").read_text()
    assert "<table" in (out / "compare/index.html").read_text()  # the rest falls back to default


def test_output_folder_with_foreign_files_is_refused(mini, tmp_path, capsys):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    assert main(["build", "--source", str(mini), "--out", str(out)]) == 2
    assert (out / "thesis.docx").read_text() == "years of work"
    assert "did not write" in capsys.readouterr().err


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "a/../../b", "a\\b", "a\x00b", "", "a//b", "./a"])
def test_unsafe_output_paths_are_refused(path):
    with pytest.raises(UnsafePath):
        safe_output(path)


def test_base_path():
    assert Urls("https://example.org/").link("compare/") == "/compare/"
    assert Urls("https://example.org/atlas/").link("") == "/atlas/"


def test_cli_exit_codes(mini, tmp_path, capsys):
    out = str(tmp_path / "site")
    assert main(["check", "--source", str(mini)]) == 0
    assert main(["build", "--source", str(mini), "--out", out, "--as-of", "2026-01-01"]) == 0
    assert "Built" in capsys.readouterr().out
    (mini / "policies/eu-law.yaml").write_text("id: eu-law\n")
    assert main(["check", "--source", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "content/policies/eu-law.yaml:1:1" in err and "missing required field" in err
    assert main(["check", "--source", str(tmp_path / "nowhere")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["build", "--as-of", "2023-02-30"])
    assert usage.value.code == 2


def test_module_entry_point_runs_without_traceback(mini):
    (mini / "jurisdictions/fr.yaml").write_text("id: fr\n\tname: x\n")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--source", str(mini)],
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "fr.yaml:2" in result.stderr


def test_output_lost_mid_swap_is_restored_by_the_next_build(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day)
    stranded = tmp_path / ".site-old-999999999"  # a build killed between its two renames
    out.rename(stranded)
    (stranded / "keep.txt").write_text("from the last good build")
    (mini / "policies/eu-law.yaml").write_text("id: eu-law\n")
    with pytest.raises(ContentError):
        build(mini, out, day)  # fails on content, after the old output came back
    assert (out / "keep.txt").read_text() == "from the last good build" and not stranded.exists()


def test_template_syntax_error_names_the_template(mini, tmp_path, day):
    theme = tmp_path / "themes" / "typo" / "templates"
    theme.mkdir(parents=True)
    (theme / "brief.html").write_text("{% extends 'base.html' %}\n{% block main %}{% if %}{% endblock %}")
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "theme: typo\n")
    with pytest.raises(ContentError) as caught:
        build(mini, tmp_path / "site", day)
    [problem] = caught.value.problems
    assert problem.path.endswith("brief.html") and problem.line == 2


def test_output_is_the_same_whatever_the_number_of_jobs(mini, tmp_path, day, monkeypatch):
    from generator.builds import workers
    monkeypatch.setattr(workers, "MIN_PAGES_PER_WORKER", 1)  # use the pool even for the small site
    one, three = tmp_path / "one", tmp_path / "three"
    build(mini, one, day, jobs=1)
    build(mini, three, day, jobs=3)
    assert tree(one) == tree(three)


def test_the_data_exports_are_rendered_ahead_of_the_workers_with_the_same_output(mini, tmp_path, day, monkeypatch):
    from generator.builds import full, workers
    monkeypatch.setattr(workers, "MIN_PAGES_PER_WORKER", 1)
    ahead = []

    class Recorded(workers.Ahead):
        def __init__(self, renderer, pages, folder, searched):
            ahead.extend(page.kind for page in pages)
            super().__init__(renderer, pages, folder, searched)

    monkeypatch.setattr(full, "Ahead", Recorded)
    one, two = tmp_path / "one", tmp_path / "two"
    build(mini, one, day, jobs=1)
    assert not ahead  # in the build's own process, all in order
    result = build(mini, two, day, jobs=2)
    assert sorted(ahead) == sorted(full.AHEAD_PAGES)
    assert tree(one) == tree(two) and result.rendered == result.pages


def test_exports_rendered_ahead_only_when_changed_and_equal_to_a_full_build(mini, tmp_path, day, monkeypatch):
    from generator.builds import full, workers
    monkeypatch.setattr(workers, "MIN_PAGES_PER_WORKER", 1)
    ahead = []

    class Recorded(workers.Ahead):
        def __init__(self, renderer, pages, folder, searched):
            ahead.append(sorted(page.kind for page in pages))
            super().__init__(renderer, pages, folder, searched)

    monkeypatch.setattr(full, "Ahead", Recorded)
    theme = tmp_path / "themes" / "mine" / "templates"
    theme.mkdir(parents=True)
    template = theme / "not_found.html"
    template.write_text("{% extends 'base.html' %}{% block main %}<p>Not here.</p>{% endblock %}")
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + "theme: mine\n")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(mini, out, day, jobs=2)
    assert ahead == [sorted(full.AHEAD_PAGES)]
    template.write_text(template.read_text().replace("Not here.", "Nothing here."))  # no export uses templates
    result = build(mini, out, day, jobs=2)
    assert len(ahead) == 1 and 0 < result.rendered < result.pages  # the exports kept, nothing rendered ahead
    record = mini / "jurisdictions" / "fr.yaml"
    record.write_text(record.read_text().replace("summary: ", "summary: Edited. ", 1))
    result = build(mini, out, day, jobs=2)
    assert ahead[-1] == sorted(full.AHEAD_PAGES) and result.rendered < result.pages  # each lists the jurisdictions
    build(mini, fresh, day, jobs=1, reuse=False)
    assert tree(out) == tree(fresh)


def test_the_state_keeps_the_atlas_json_parts_made_ahead_instead_of_making_them_again(mini, tmp_path, day,
                                                                                       monkeypatch):
    from generator.builds import inputs, state, workers
    from generator.content.cache import FOLDER as CACHE_FOLDER
    from generator.site import exports
    monkeypatch.setattr(workers, "MIN_PAGES_PER_WORKER", 1)
    calls, made = tmp_path / "calls", exports.atlas_json_parts

    def counted(*args):  # in whichever process makes them: the one ahead, or the state's writer
        with open(calls, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return made(*args)

    monkeypatch.setattr(exports, "atlas_json_parts", counted)
    out = tmp_path / "out"
    build(mini, out, day, jobs=2)
    assert len(calls.read_text().split()) == 1 and calls.read_text().split()[0] != str(os.getpid())  # ahead only
    folder = inputs.folder_for(out.parent / CACHE_FOLDER, out)
    saved = state.read(folder, inputs.read(folder).settings)
    parts = saved.exports
    assert b"".join((parts.head, b"[", b",".join(data for _, data in parts.briefs), b"]", parts.tail)) == \
        (out / "data" / "atlas.json").read_bytes()
    assert saved.exports.fits(saved.atlas, saved.comparison)  # of the state's very records, once unpickled
    assert [brief for brief, _ in saved.exports.briefs] == list(saved.atlas.briefs)


def test_template_error_in_a_worker_is_reported(mini, tmp_path, day, monkeypatch):
    from generator.builds import workers
    monkeypatch.setattr(workers, "MIN_PAGES_PER_WORKER", 1)
    theme = tmp_path / "themes" / "broken" / "templates"
    theme.mkdir(parents=True)
    (theme / "jurisdiction.html").write_text("{% extends 'base.html' %}{% block main %}{{ nothing.here }}{% endblock %}")
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text() + "theme: broken\n")
    with pytest.raises(ContentError) as caught:
        build(mini, tmp_path / "site", day, jobs=2)
    assert [p.path.split("/")[-1] for p in caught.value.problems] == ["jurisdiction.html"]  # once, not per page


def test_cli_timings_name_each_stage(mini, tmp_path, capsys):
    out = str(tmp_path / "site")
    assert main(["build", "--source", str(mini), "--out", out, "--no-search", "--timings"]) == 0
    full = capsys.readouterr().out.splitlines()[-1]
    assert [part.split()[0] for part in full.split("  ")] == ["quick", "load", "derive", "fingerprint", "render",
                                                              "write", "record"]
    assert main(["build", "--source", str(mini), "--out", out, "--no-search", "--timings"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("quick ")  # nothing changed: the quick check alone
