"""The wheel, installed into a fresh virtual environment far from this repository, starts, checks, builds,
publishes, scaffolds and serves a site of its own: everything it needs is in the wheel."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(command: list, cwd: Path, env: dict, timeout: float = 300) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel and install it into a new venv; return (wheel, venv bin folder, environment, work folder)."""
    work = tmp_path_factory.mktemp("far-away")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_ROOT_USER_ACTION="ignore", PYTHONDONTWRITEBYTECODE="1")
    # The build backend from this environment when it is here ([test] extra), so no registry is needed.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", work / "dist", REPO], work, env)
    [wheel] = (work / "dist").glob("policy_atlas-*.whl")
    # The dependencies come from this environment (--system-site-packages): no download, and the same versions.
    run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", work / "venv"], work, env)
    bin_ = work / "venv" / "bin"
    env["PATH"] = f"{bin_}{os.pathsep}{env.get('PATH', '')}"
    run([bin_ / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall", wheel], work, env)
    return wheel, bin_, env, work


def test_the_wheel_carries_the_theme_schemas_and_map_data(installed):
    wheel, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = REPO / "themes" / "default"
    expected = {f"generator/themes/default/{p.relative_to(theme).as_posix()}" for p in theme.rglob("*") if p.is_file()}
    assert {"generator/themes/default/templates/base.html", "generator/themes/default/static/favicon.svg"} <= expected
    assert expected <= names
    for folder, suffix in (("schemas", ".json"), ("site/mapdata", ".json")):
        shipped = {f"generator/{folder}/{p.name}" for p in (REPO / "generator" / folder).iterdir() if p.suffix == suffix}
        assert shipped and shipped <= names
    modules = {f"generator/{p.relative_to(REPO / 'generator').as_posix()}" for p in (REPO / "generator").rglob("*.py")}
    assert modules <= names  # every module, in whatever subpackage
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "content/", "themes/"))]


def test_the_installed_generator_is_the_wheel_not_this_checkout(installed):
    _, bin_, env, work = installed
    where = run([bin_ / "python", "-c", "import generator, generator.site.theme as t; print(generator.__file__);"
                 "print(t.DEFAULT_THEMES)"], work, env).split()
    venv = str(bin_.parent)
    assert where[0].startswith(venv) and where[1].startswith(venv), where


def test_init_check_build_and_publish_from_the_wheel(installed):
    _, bin_, env, work = installed
    atlas = bin_ / "policy-atlas"
    run([atlas, "init", "mysite", "--title", "Plastic Bag Rules"], work, env)
    site = work / "mysite"
    assert "No problems: 1 jurisdiction, 1 policy, 1 brief, 3 dimensions." in run([atlas, "check"], site, env)
    assert run([atlas, "build"], site, env).startswith("Built ")
    home = (site / "site" / "index.html").read_text()
    assert "Plastic Bag Rules" in home and 'href="/compare/"' in home and "<svg" in home
    assert (site / "site" / "pagefind" / "shards.json").is_file()  # the search index, built by default
    theme = REPO / "themes" / "default" / "static"
    for name in ("style.css", "compare.js", "favicon.svg"):
        assert (site / "site" / "static" / name).read_bytes() == (theme / name).read_bytes()
    assert "Licence needed" in (site / "site" / "compare" / "index.html").read_text()

    run([atlas, "build", "--base-url", "https://example.org/sub/", "--out", "public"], site, env)
    public = site / "public"
    for page in ("index.html", "compare/index.html", "404.html", "policies/exampleland-example-act/index.html"):
        html = (public / page).read_text()
        assert 'href="/sub/static/style.css"' in html and 'href="/compare/"' not in html, page
    assert "<loc>https://example.org/sub/compare/</loc>" in (public / "sitemap.xml").read_text()
    assert 'data-base="/sub/' in (public / "search" / "index.html").read_text()


def test_new_and_a_site_theme_work_from_the_wheel(installed):
    _, bin_, env, work = installed
    atlas = bin_ / "policy-atlas"
    run([atlas, "init", "themed"], work, env)
    site = work / "themed"
    run([atlas, "new", "jurisdiction", "fr", "--title", "France"], site, env)
    run([atlas, "new", "policy", "fr-new-law"], site, env)
    templates = site / "themes" / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "home.html").write_text('{% extends "base.html" %}{% block main %}<h1>My own home</h1>{% endblock %}')
    settings = site / "content" / "site.yaml"
    settings.write_text(settings.read_text().replace("theme: default", "theme: mine"))
    run([atlas, "build", "--no-search"], site, env)
    assert "<h1>My own home</h1>" in (site / "site" / "index.html").read_text()  # the site's template
    assert "France" in (site / "site" / "jurisdictions" / "index.html").read_text()  # the shipped ones for the rest


def test_serve_from_the_wheel(installed):
    _, bin_, env, work = installed
    run([bin_ / "policy-atlas", "init", "served"], work, env)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([bin_ / "policy-atlas", "serve", "--port", str(port)], cwd=work / "served", env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not answer"
                time.sleep(0.2)
        assert "My Policy Atlas" in page and "/__policy-atlas/reload.js" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
