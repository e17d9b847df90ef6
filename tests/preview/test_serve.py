"""The dev server's app: serves the last good build under the base path, overlays problems, refuses traversal."""

import io
import re

import pytest

from generator.build import build
from generator.cli import _parser
from generator.problems import ContentError, Problem
from generator.preview import reloads
from generator.preview.serve import Preview, Rebuilt, make_app


def get(app, path):
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "wsgi.input": io.BytesIO()}, start_response))
    return captured["status"], captured["headers"], body.decode("utf-8", "replace")


@pytest.fixture
def served(mini, tmp_path, day):
    out = tmp_path / "preview"

    def rebuild():
        try:
            build(mini, out, day, drafts=True)
        except ContentError as error:
            return error.problems
        return []

    preview = Preview(rebuild, mini)
    assert preview.refresh()
    return mini, preview, make_app(out, "/atlas/", preview)


def test_serves_pages_under_the_base_path(served):
    _, _, app = served
    status, headers, body = get(app, "/atlas/policies/eu-law/")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert "EU data law" in body and "/__policy-atlas/reload.js" in body
    assert get(app, "/")[0] == "302 Found" and get(app, "/")[1]["Location"] == "/atlas/"
    assert get(app, "/atlas/static/style.css")[1]["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/atlas/../../etc/passwd", "/atlas/%2e%2e/%2e%2e/etc/passwd", "/atlas/..%2f..%2fetc",
                                  "/atlas/....//....//etc/passwd", "/atlas/%00", "/atlas/..\\..\\etc", "/etc/passwd"])
def test_traversal_is_refused(served, path):
    status, _, body = get(served[2], path)
    assert status == "404 Not Found" and "root:" not in body


def test_broken_edit_shows_overlay_over_the_last_good_page(served):
    content, preview, app = served
    policy = content / "policies/eu-law.yaml"
    policy.write_text(policy.read_text().replace("type: statute", "type: statue").replace("EU data law", "Changed"))
    assert preview.refresh() is False
    status, _, body = get(app, "/atlas/policies/eu-law/")
    assert status == "200 OK"
    assert "EU data law" in body  # the last good page is still served
    assert 'class="atlas-overlay"' in body and "content/policies/eu-law.yaml:4:7" in body
    assert "type: statue" in body  # the offending source line is shown
    policy.write_text(policy.read_text().replace("type: statue", "type: statute"))
    assert preview.refresh() is True
    _, _, body = get(app, "/atlas/policies/eu-law/")
    assert "atlas-overlay" not in body and "Changed" in body


def test_serve_binds_loopback_unless_told():
    assert _parser().parse_args(["serve"]).host == "127.0.0.1"
    assert _parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"


def test_the_operating_system_reports_a_save_in_a_watched_folder(tmp_path):
    import time

    from generator.preview.watch import Changes

    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "old.md").write_text("read by every build")
    changes = Changes([tmp_path])
    assert changes.start()
    try:
        (tmp_path / "briefs" / "old.md").read_text()  # reading is not a change
        time.sleep(0.3)
        assert not changes.take(str(tmp_path))
        (tmp_path / "briefs" / "a.md").write_text("saved")
        deadline = time.time() + 5
        while not changes.take(str(tmp_path)) and time.time() < deadline:
            time.sleep(0.01)
        assert time.time() < deadline, "no notification of the save"
        assert not changes.take(str(tmp_path))  # taken once, then forgotten until the next change
    finally:
        changes.stop()


def test_first_build_failing_shows_the_problems_on_every_path_until_a_good_build(mini, tmp_path, day):
    out = tmp_path / "preview"
    policy = mini / "policies/eu-law.yaml"
    good = policy.read_text()
    policy.write_text(good.replace("type: statute", "type: statue"))

    def rebuild():
        try:
            build(mini, out, day, drafts=True)
        except ContentError as error:
            return error.problems
        return []

    preview = Preview(rebuild, mini)
    assert preview.refresh() is False and not out.exists()
    app = make_app(out, "/atlas/", preview)
    for path in ("/", "/atlas/", "/atlas/policies/eu-law/", "/atlas/no/such/page/", "/elsewhere"):
        status, headers, body = get(app, path)
        assert status == "500 Internal Server Error", path
        assert headers["Content-Type"].startswith("text/html")
        assert 'class="atlas-overlay"' in body and "content/policies/eu-law.yaml:4:7" in body
        assert "type: statue" in body  # the offending source line
        assert "could not be built" in body and "last good site" not in body  # nothing good to show underneath
        assert "/__policy-atlas/reload.js" in body  # the next good build reloads the page
    assert get(app, "/__policy-atlas/overlay.css")[0] == "200 OK"
    policy.write_text(good)
    assert preview.refresh() is True
    status, _, body = get(app, "/atlas/policies/eu-law/")
    assert status == "200 OK" and "EU data law" in body and "atlas-overlay" not in body
    assert get(app, "/atlas/no/such/page/")[0] == "404 Not Found"


def test_the_base_path_is_asked_on_each_request(served):
    content, preview, _ = served
    base = ["/atlas/"]
    app = make_app(content.parent / "preview", lambda: base[0], preview)
    assert get(app, "/atlas/policies/eu-law/")[0] == "200 OK"
    base[0] = "/moved/"
    assert get(app, "/moved/policies/eu-law/")[0] == "200 OK"
    assert get(app, "/atlas/policies/eu-law/")[0] == "404 Not Found"


def script_of(body: str) -> dict[str, str]:
    found = re.search(r'<script src="/__policy-atlas/reload\.js"([^>]*)></script>', body)
    assert found, "no reload script"
    return dict(re.findall(r'data-(page|version|server)="([^"]*)"', found[1]))


def test_each_page_carries_its_path_and_the_version_it_was_served_from(served):
    _, preview, app = served
    _, _, body = get(app, "/atlas/policies/eu-law/")
    tab = script_of(body)
    assert tab == {"page": "policies/eu-law/index.html", "version": str(preview.versions.version),
                   "server": preview.versions.server}
    assert "overlay.css" not in body  # the overlay's stylesheet only comes with the overlay
    assert script_of(get(app, "/atlas/no/such/page/")[2])["page"] == "404.html"


def test_what_a_rebuild_changed_decides_which_tabs_are_stale(mini):
    results = iter([Rebuilt(changed=frozenset({"a/index.html"})), [], Rebuilt(changed=frozenset({"b/index.html"})),
                    [Problem("x.yaml", 1, 1, "broken")], Rebuilt(changed=frozenset({"a/index.html"}))])
    preview = Preview(lambda: next(results), mini)
    versions = preview.versions
    assert preview.refresh() and preview.changed == {"a/index.html"}
    assert versions.stale("a/index.html", 0, versions.server) and not versions.stale("b/index.html", 0, versions.server)
    assert preview.refresh() and preview.changed is None  # a full build: any page may have changed
    assert versions.stale("b/index.html", 1, versions.server)
    assert preview.refresh() and not versions.stale("a/index.html", 2, versions.server)
    assert versions.stale("b/index.html", 2, versions.server)
    assert not preview.refresh() and preview.changed is None  # the overlay comes on every page
    assert preview.refresh() and preview.changed is None  # and goes from every page, though one page changed
    assert versions.stale("b/index.html", 4, versions.server) and not versions.stale("b/index.html", 5, versions.server)
    assert versions.stale("b/index.html", 5, "an earlier run of the server")


def test_work_left_for_after_the_reload_counts_as_a_new_version(mini):
    preview = Preview(lambda: Rebuilt(changed=frozenset()), mini, finish=lambda: frozenset({"briefs/index.html"}))
    assert preview.refresh() and preview.versions.version == 1
    assert preview.finished() == {"briefs/index.html"} and preview.versions.version == 2
    assert preview.versions.stale("briefs/index.html", 1, preview.versions.server)
    assert not preview.versions.stale("briefs/x/index.html", 1, preview.versions.server)


def test_the_tabs_told_to_reload_are_those_whose_page_or_its_data_changed(tmp_path):
    site = tmp_path / "site"
    for page, html in {"compare/index.html": '<form data-years="/atlas/data/compare-years.json">',
                       "briefs/x/index.html": '<link href="/atlas/data/compare-years.json"><p>A brief.</p>'}.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(html)
    tabs = reloads.Tabs(reloads.Versions(), site)
    compare, brief, gone = object(), object(), object()
    tabs.connected(compare, "compare/index.html", 0, tabs.versions.server)
    tabs.connected(brief, "briefs/x/index.html", 0, tabs.versions.server)
    tabs.connected(gone, "no/such/index.html", 0, tabs.versions.server)
    assert tabs.to_reload(frozenset({"briefs/x/index.html"})) == [brief]
    assert tabs.to_reload(frozenset({"data/compare-years.json"})) == [compare]  # the data its script fetches
    assert tabs.to_reload(frozenset({"data/atlas.json", "feed.xml"})) == []
    assert tabs.to_reload(None) == [compare, brief, gone]
    tabs.closed(brief)
    assert tabs.to_reload(None) == [compare, gone]
