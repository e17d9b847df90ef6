"""`build --base-url`: one build published under another address (a preview deploy on a sub-path)."""

from __future__ import annotations

import re

import pytest

from generator.build import build
from generator.cli import main

SUB = "https://preview.example.net/pr-7/"


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"#]+)"', html)


def test_base_url_replaces_site_yaml_for_one_build(mini, tmp_path, capsys):
    out = tmp_path / "site"
    settings = (mini / "site.yaml").read_text()
    assert main(["build", "--source", str(mini), "--out", str(out), "--base-url", SUB.rstrip("/")]) == 0
    assert (mini / "site.yaml").read_text() == settings  # the content is not touched
    for page in ("index.html", "policies/eu-law/index.html", "404.html", "compare/index.html"):
        html = (out / page).read_text()
        local = [link for link in links(html) if not link.startswith(("http:", "https:", "mailto:"))]
        assert local and all(link.startswith("/pr-7/") for link in local), (page, local)
        assert "/atlas/" not in html
    assert f'<link rel="canonical" href="{SUB}policies/eu-law/">' in (out / "policies/eu-law/index.html").read_text()
    assert f"<loc>{SUB}compare/</loc>" in (out / "sitemap.xml").read_text()
    assert f"Sitemap: {SUB}sitemap.xml" in (out / "robots.txt").read_text()
    assert f'"url":"{SUB}"' in (out / "data/atlas.json").read_text()

    # The next build without it goes back to site.yaml's address: no page of the preview is kept.
    capsys.readouterr()
    assert main(["build", "--source", str(mini), "--out", str(out)]) == 0
    assert "0 unchanged" in capsys.readouterr().out
    assert "/pr-7/" not in (out / "index.html").read_text()
    assert 'href="/atlas/compare/"' in (out / "index.html").read_text()


def test_the_same_base_url_again_is_a_quick_rebuild(mini, tmp_path, day):
    out = tmp_path / "site"
    first = build(mini, out, day, base_url=SUB)
    again = build(mini, out, day, base_url=SUB)
    assert first.rendered == first.pages and again.rendered == 0 and again.atlas is None  # nothing loaded


def test_a_root_base_url_works_too(mini, tmp_path, day):
    out = tmp_path / "site"
    build(mini, out, day, base_url="http://localhost:8000")
    assert 'href="/compare/"' in (out / "index.html").read_text()


@pytest.mark.parametrize("bad", ["example.org/sub/", "ftp://example.org/", "https://", "https://a b/",
                                 "https://example.org/?x=1", "javascript:alert(1)"])
def test_an_invalid_base_url_is_a_usage_error(mini, tmp_path, capsys, bad):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--source", str(mini), "--out", str(tmp_path / "site"), "--base-url", bad])
    assert exit_.value.code == 2
    assert "--base-url" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_the_deploy_guides_commands_are_real_commands():
    """Every `policy-atlas` command in the GitHub Pages workflow and the deploying guide parses."""
    import shlex
    from pathlib import Path

    import yaml

    from generator.cli import _parser

    docs = Path(__file__).resolve().parents[2] / "docs"
    workflow = yaml.safe_load((docs / "examples/github-pages.yml").read_text())
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    guide = (docs / "deploying.md").read_text()
    commands = [part.strip() for text in runs + re.findall(r"policy-atlas [^`\n]+", guide)
                for part in text.split("&&") if part.strip().startswith("policy-atlas ")]
    assert len(commands) >= 8
    for command in commands:
        command = re.sub(r"\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$\w+", "https://example.org", command.replace('\\"', '"'))
        if command.count('"') % 2:  # the end of a TOML string (netlify.toml)
            command = command[:command.rindex('"')]
        _parser().parse_args(shlex.split(command)[1:])  # exits (fails the test) on an unknown command or option
    assert 'policy-atlas build --base-url "${{ steps.pages.outputs.base_url }}/"' in runs


def test_a_missing_theme_is_reported_at_its_line_by_check_and_build(mini, tmp_path, capsys):
    settings = mini / "site.yaml"
    settings.write_text(settings.read_text() + "theme: nosuch\n")
    line = settings.read_text().splitlines().index("theme: nosuch") + 1
    for command in (["check"], ["build", "--out", str(tmp_path / "site")]):
        assert main([*command, "--source", str(mini)]) == 1
        assert f"content/site.yaml:{line}:8: theme: theme 'nosuch' not found" in capsys.readouterr().err
