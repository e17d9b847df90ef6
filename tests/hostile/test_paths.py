"""3. Nothing is written outside the output folder, whatever an id, slug, file name or link contains.

Ids are held to the schemas' id pattern; every output path passes urls.safe_output; brief file names must
be plain slugs; content files that are symlinks to outside the content folder are refused.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.urls import UnsafePath, file_for, safe_output
from hostile_support import FIGURES, run_main, tree
from mistakes import edit

EVIL = ["../../../escaped", "..", ".", "/tmp/escaped", "C:\\Windows\\escaped", "C:/escaped", "\\\\server\\share",
        "a\x00b", "%2e%2e%2fescaped", "..%2f..%2fescaped", "%2E%2E", "\uff0e\uff0e\uff0fescaped", "\u2024\u2024/escaped",
        "\u2025/escaped", "\u2e2e", "a/../../escaped", "a/b", "a\\b", "~/escaped", "$HOME", "", " ", "a b", "x\n../y",
        "\uff45\uff55", "eu\u200b", "e\u0301u", "A", "-a", "a-", "a--b", "a" * 81, "con", "index.html", "a.b",
        "file:///etc/passwd", "\u0130", "\U0001F4A3"]


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


def _snapshot(root: Path) -> dict:
    return {k: v for k, v in tree(root).items() if not k.startswith(("out/", "deep/", ".atlas-cache"))
            and "/.atlas-cache/" not in k and ".site-" not in k}


PLACES = {
    "jurisdiction id": lambda c, v: edit(c / "jurisdictions/fr.yaml", "id: fr", f"id: {_yaml(v)}"),
    "policy id": lambda c, v: edit(c / "policies/eu-law.yaml", "id: eu-law", f"id: {_yaml(v)}"),
    "dimension id": lambda c, v: edit(c / "dimensions.yaml", "- id: police", f"- id: {_yaml(v)}"),
    "source id": lambda c, v: edit(c / "policies/eu-law.yaml", "{id: text,", f"{{id: {_yaml(v)},"),
    "region id": lambda c, v: edit(c / "site.yaml", "{id: europe,", f"{{id: {_yaml(v)},"),
    "parent id": lambda c, v: edit(c / "jurisdictions/fr.yaml", "parent: eu", f"parent: {_yaml(v)}"),
    "theme name": lambda c, v: edit(c / "site.yaml", "language: en", f"language: en\ntheme: {_yaml(v)}"),
    "navigation path": lambda c, v: edit(c / "site.yaml", "path: compare/", f"path: {_yaml(v)}"),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_evil_ids_are_refused_and_nothing_escapes(mini, tmp_path, place):
    out = tmp_path / "deep" / "er" / "out"
    pristine = (mini.parent / "pristine")
    import shutil

    shutil.copytree(mini, pristine)
    for value in EVIL:
        shutil.rmtree(mini)
        shutil.copytree(pristine, mini)
        PLACES[place](mini, value)
        before = _snapshot(tmp_path)
        outcome = run_main("build", "--source", str(mini), "--out", str(out))
        FIGURES[f"3. hostile id/path value in a {place}"] += 1
        assert "Traceback" not in outcome.text
        if place in ("navigation path",) and value in ("",):
            continue  # '' is the home page: a valid navigation path
        assert outcome.code == 1, (place, value, outcome.text)
        assert _snapshot(tmp_path) == before, (place, value)
        assert not any(p.name == "escaped" for p in tmp_path.rglob("*"))


def test_dot_names_are_hidden_files_and_ignored(mini, tmp_path):
    out = tmp_path / "deep" / "er" / "out"
    for name in ("..md", "...md", ".x.md"):
        (mini / "briefs" / name).write_text((mini / "briefs/second-brief.md").read_text())
    before = _snapshot(tmp_path)
    assert run_main("build", "--source", str(mini), "--out", str(out)).code == 0
    FIGURES["3. hostile brief file name"] += 3
    assert _snapshot(tmp_path) == before and sorted(p.name for p in (out / "briefs").iterdir()) == [
        "first-brief", "index.html", "second-brief"]


@pytest.mark.parametrize("name", ["%2e%2e.md", "\uff0e\uff0e\uff0fescaped.md", "\u2024\u2024.md",
                                  "C:\\escaped.md", "a\\..\\..\\escaped.md", "a b.md", "-x.md", "\u00dcber.md",
                                  "UPPER.md", "x.y.md", "\u202eevil\u202d.md", "a\x7fb.md", "new\nline.md"])
def test_evil_brief_file_names_are_refused(mini, tmp_path, name):
    out = tmp_path / "deep" / "er" / "out"
    (mini / "briefs" / name).write_text((mini / "briefs/second-brief.md").read_text())
    before = _snapshot(tmp_path)
    outcome = run_main("build", "--source", str(mini), "--out", str(out))
    FIGURES["3. hostile brief file name"] += 1
    assert outcome.code == 1 and "Traceback" not in outcome.text, outcome.text
    assert "cannot be used as a page address" in outcome.err
    assert "\x7f" not in outcome.err and "\u202e" not in outcome.err
    assert _snapshot(tmp_path) == before and not out.exists()


def test_links_to_paths_outside_write_nothing(mini, tmp_path):
    out = tmp_path / "deep" / "er" / "out"
    brief = mini / "briefs/second-brief.md"
    brief.write_text(brief.read_text() + "\n[up](../../../../escaped) [abs](/etc/passwd) [win](C:\\escaped) "
                     "![img](../../../escaped.png) [enc](%2e%2e/%2e%2e/escaped)\n")
    before = _snapshot(tmp_path)
    assert run_main("build", "--source", str(mini), "--out", str(out)).code == 0
    FIGURES["3. links with paths outside the site"] += 1
    assert _snapshot(tmp_path) == before
    assert not any(p.name.startswith("escaped") for p in tmp_path.rglob("*"))
    brief.write_text(brief.read_text() + "\n[[../../escaped]] [[/etc/passwd|x]]\n")
    outcome = run_main("build", "--source", str(mini), "--out", str(out))
    assert outcome.code == 1 and outcome.err.count("links to an id that does not exist") == 2, outcome.text


@pytest.mark.parametrize("path", [p for p in EVIL if p not in ("a/b", "con", "index.html", "a.b", "A", "-a", "a-",
                                                                    "a--b", "\uff45\uff55", "\u2e2e", "$HOME", "a" * 81,
                                                                    "eu\u200b", "e\u0301u", "\u0130", "\U0001F4A3")])
def test_safe_output_refuses_each_evil_path(path):
    FIGURES["3. safe_output: hostile paths refused"] += 1
    with pytest.raises(UnsafePath):
        safe_output(path)
    with pytest.raises(UnsafePath):
        file_for(f"policies/{path}/")


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(["..", ".", "", "a", "%2e", "\uff0e", "\u2024", "\\", "C:", "\x00", "~"]),
                          st.text(max_size=8)), min_size=1, max_size=6))
def test_safe_output_never_lets_a_path_leave_the_folder(parts):
    """For any path, safe_output either refuses it or returns a plain path that stays inside the folder."""
    path = "/".join(parts)
    FIGURES["3. safe_output: Hypothesis paths"] += 1
    root = Path("/srv/out")
    try:
        clean = safe_output(path)
    except UnsafePath:
        FIGURES["3. safe_output: Hypothesis paths refused"] += 1
        return
    resolved = Path(root, clean)
    assert ".." not in clean.split("/") and not clean.startswith("/") and "\x00" not in clean
    assert resolved.is_relative_to(root) and resolved != root


def _clean_by_parts(path: str) -> bool:
    """What safe_output accepts, said the long way: parts of ASCII letters, digits, '.', '_' and '-', each starting
    with a letter or digit, joined by single slashes (nothing normpath would change)."""
    part = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
    return bool(path) and all(part.match(p) for p in path.split("/")) and posixpath.normpath(path) == path


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(["..", ".", "", "a", "b.html", "-x", "x-", "a\n", "A_1",
                                           "index.html"]),
                          st.text(alphabet="ab._-/\n\x00", max_size=6)), min_size=1, max_size=5))
def test_safe_output_takes_exactly_the_plain_paths(parts):
    """One match over the whole path gives what checking it part by part gives; a part ending in a newline (which
    `$` let through before) is refused."""
    path = "/".join(parts)
    try:
        taken = safe_output(path) == path
    except UnsafePath:
        taken = False
    assert taken == _clean_by_parts(path), path
    for refused in ("a\n", "briefs/x/index.html\n", "a\n/b"):
        with pytest.raises(UnsafePath):
            safe_output(refused)


# --- symlinks out of the content folder ----------------------------------------------------------------------

def _outside(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / "outside" / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text)
    return target


SYMLINKS = {
    "a policy": ("policies/stolen.yaml",
                 lambda c: (c / "policies/eu-law.yaml").read_text().replace("id: eu-law", "id: stolen")),
    "a jurisdiction": ("jurisdictions/stolen.yaml",
                       lambda c: (c / "jurisdictions/us.yaml").read_text().replace("id: us", "id: stolen")),
    "a brief": ("briefs/stolen.md", lambda c: (c / "briefs/second-brief.md").read_text()),
    "site.yaml": ("site.yaml", lambda c: (c / "site.yaml").read_text()),
    "dimensions.yaml": ("dimensions.yaml", lambda c: (c / "dimensions.yaml").read_text()),
}


@pytest.mark.parametrize("kind", sorted(SYMLINKS))
def test_symlink_to_a_file_outside_the_content_is_refused(mini, tmp_path, kind):
    relative, text = SYMLINKS[kind]
    target = _outside(tmp_path, Path(relative).name, text(mini) + "# SECRET-OUTSIDE\n")
    link = mini / relative
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    outcome = run_main("build", "--source", str(mini), "--out", str(tmp_path / "out"))
    FIGURES["3. symlink out of content/ (refused)"] += 1
    assert outcome.code == 1 and "Traceback" not in outcome.text, outcome.text
    assert f"content/{relative}: links to a file outside the content folder" in outcome.err
    assert not (tmp_path / "out").exists()


def test_symlinked_folder_pointing_outside_is_refused(mini, tmp_path):
    outside = tmp_path / "outside-briefs"
    (mini / "briefs").rename(outside)
    (mini / "briefs").symlink_to(outside, target_is_directory=True)
    outcome = run_main("check", "--source", str(mini))
    FIGURES["3. symlink out of content/ (refused)"] += 1
    assert outcome.code == 1 and outcome.err.count("links to a file outside the content folder") == 2, outcome.text


def test_dangling_and_looping_symlinks_do_not_crash(mini, tmp_path):
    (mini / "policies/dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (mini / "policies/loop.yaml").symlink_to(mini / "policies/loop.yaml")
    (mini / "briefs/loop.md").symlink_to(mini / "briefs/loop.md")
    outcome = run_main("check", "--source", str(mini))
    FIGURES["3. dangling or looping symlink"] += 1
    assert "Traceback" not in outcome.text and outcome.code in (0, 1), outcome.text
