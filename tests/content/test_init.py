"""`policy-atlas init`: a new site that checks and builds at once, on no topic of ours, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build, check
from generator.cli import main
from generator.content.scaffold import SCHEMAS, ScaffoldError, scaffold
from generator.content.starter import init_site

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 27)
TOPIC_WORDS = re.compile(r"biometric|face recognition|fingerprint|\bDNA\b", re.I)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_a_site_that_checks_and_builds(tmp_path):
    folder = tmp_path / "mysite"
    written = init_site(folder, "Plastic Bag Rules", TODAY)
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "content/site.yaml", "content/dimensions.yaml", "content/jurisdictions/exampleland.yaml",
        "content/policies/exampleland-example-act.yaml", "content/briefs/how-this-atlas-works.md",
        ".gitignore", "README.md"}
    atlas = check(folder / "content", as_of=TODAY)
    assert atlas.site.title == "Plastic Bag Rules"
    assert 2 <= len(atlas.dimensions) <= 3
    policy = atlas.policy["exampleland-example-act"]
    assert len(policy.history) >= 2 and policy.provisions and all(s.kind for s in policy.sources)
    assert atlas.briefs and atlas.jurisdictions
    build(folder / "content", folder / "site", TODAY)
    home = (folder / "site/index.html").read_text()
    assert "Plastic Bag Rules" in home and "Exampleland" in home
    compare = (folder / "site/compare/index.html").read_text()
    assert "<caption>Rules by jurisdiction and dimension, as of" in compare
    assert "Licence needed" in compare  # the example provision's value, derived into the table


def test_the_starter_is_on_no_topic_of_ours_and_says_what_to_change(tmp_path):
    init_site(tmp_path / "s", None, TODAY)
    for relative, data in files_under(tmp_path / "s").items():
        text = data.decode()
        assert not TOPIC_WORDS.search(text), relative
    site = (tmp_path / "s/content/site.yaml").read_text()
    assert "title: \"My Policy Atlas\"" in site
    for relative in ("content/site.yaml", "content/dimensions.yaml", "content/policies/exampleland-example-act.yaml"):
        text = (tmp_path / "s" / relative).read_text()
        fields = [line for line in text.splitlines() if re.match(r"^\w+:", line) and not line.endswith(">-")]
        commented = [line for line in fields if "#" in line]
        assert len(commented) >= len(fields) * 0.6, relative  # most settings say what they are for
    assert "made up" in (tmp_path / "s/content/policies/exampleland-example-act.yaml").read_text()
    ignored = (tmp_path / "s/.gitignore").read_text().split()
    assert {"/site/", "/.atlas-cache/", "/.atlas-preview/"} <= set(ignored)


def test_the_schema_lines_point_at_the_shipped_schemas(tmp_path):
    init_site(tmp_path / "s", None, TODAY)
    for kind, relative in (("site", "site.yaml"), ("dimensions", "dimensions.yaml"),
                           ("jurisdiction", "jurisdictions/exampleland.yaml"),
                           ("policy", "policies/exampleland-example-act.yaml")):
        path = tmp_path / "s/content" / relative
        first = path.read_text().splitlines()[0]
        schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
        assert (path.parent / schema).resolve() == (SCHEMAS / f"{kind}.schema.json").resolve()


def test_new_works_in_an_initialised_site(tmp_path):
    init_site(tmp_path / "s", None, TODAY)
    content = tmp_path / "s/content"
    scaffold("jurisdiction", "fr", content, TODAY, title="France")
    text = scaffold("policy", "fr-new-law", content, TODAY).read_text()
    assert "approach:" in text and "face" not in text  # the starter's own dimension; no topic of ours
    check(content, as_of=TODAY)


def test_a_title_is_written_as_it_was_given(tmp_path):
    title = 'Élan: "quoted" # not a comment [x] {y} & *z'
    init_site(tmp_path / "s", title, TODAY)
    assert check(tmp_path / "s/content", as_of=TODAY).site.title == title


def test_a_folder_holding_only_git_counts_as_empty(tmp_path):
    (tmp_path / "s/.git").mkdir(parents=True)
    init_site(tmp_path / "s", None, TODAY)
    check(tmp_path / "s/content", as_of=TODAY)


@pytest.mark.parametrize("title, message", [("", "the title is empty"), ("   ", "the title is empty"),
                                            ("Two\nlines", "line break"), ("Bell\x07", "control character"),
                                            ("x" * 201, "characters long")])
def test_an_invalid_title_is_refused_and_nothing_written(tmp_path, capsys, title, message):
    assert main(["init", str(tmp_path / "s"), "--title", title]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1 and error.startswith("policy-atlas: error:")
    assert not (tmp_path / "s").exists()


def test_a_non_empty_folder_is_refused_and_nothing_overwritten(tmp_path, capsys):
    folder = tmp_path / "s"
    (folder / "content").mkdir(parents=True)
    (folder / "content/site.yaml").write_text("mine")
    (folder / "notes.txt").write_text("mine too")
    before = files_under(folder)
    assert main(["init", str(folder)]) == 2
    error = capsys.readouterr().err
    assert "is not empty" in error and "nothing was written" in error and error.count("\n") == 1
    assert files_under(folder) == before


def test_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "s").write_text("a file")
    assert main(["init", str(tmp_path / "s")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "s").read_text() == "a file"


def test_init_into_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", ".", "--title", "Here"]) == 0
    assert "policy-atlas serve" in capsys.readouterr().out
    assert main(["check"]) == 0  # the default --source, ./content


@pytest.mark.parametrize("where", ["inside", "below"])
def test_an_unwritable_folder_is_refused_and_nothing_written(tmp_path, where):
    """In a fresh interpreter that may not override file permissions (as root may): one line, exit 2."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    target = locked if where == "inside" else locked / "new" / "site"
    command = [sys.executable, "-m", "generator", "init", str(target)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root ignores file permissions, and setpriv (util-linux) is not here to drop that power")
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps",
                   "-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("policy-atlas: error: cannot write") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert list(locked.iterdir()) == []


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    real_open = open
    calls = []

    def failing_open(path, mode="r", *args, **kwargs):
        if "x" in mode:
            calls.append(path)
            if len(calls) == 4:
                raise OSError(28, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(ScaffoldError, match="No space left on device; nothing was written"):
        init_site(tmp_path / "new" / "s", None, TODAY)
    assert len(calls) == 4 and list(tmp_path.iterdir()) == []
