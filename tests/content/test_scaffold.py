"""`policy-atlas new`: scaffolded files are valid, carry a schema line, and never clobber or escape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import check
from generator.content.load import load
from generator.content.scaffold import SCHEMAS, ScaffoldError, scaffold

KINDS = [("jurisdiction", "xx", "jurisdictions/xx.yaml"),
         ("policy", "us-il-new-act", "policies/us-il-new-act.yaml"),
         ("brief", "a-new-brief", "briefs/a-new-brief.md")]


@pytest.mark.parametrize("kind, record_id, relative", KINDS)
def test_scaffolded_file_passes_check(mini, day, kind, record_id, relative):
    path = scaffold(kind, record_id, mini, day)
    assert path == mini / relative
    atlas = check(mini)
    assert record_id in {**atlas.jurisdiction, **atlas.policy, **atlas.brief}
    assert kind == "jurisdiction" or day.isoformat() in path.read_text()


@pytest.mark.parametrize("kind, record_id, relative", KINDS[:2])
def test_schema_line_points_at_the_real_schema(mini, day, kind, record_id, relative):
    path = scaffold(kind, record_id, mini, day)
    first = path.read_text().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == (SCHEMAS / f"{kind}.schema.json").resolve()


def test_every_field_is_commented(mini, day):
    path = scaffold("policy", "us-new", mini, day)
    for line in path.read_text().splitlines():
        if re.match(r"^\w+:", line) and not line.startswith(("summary:",)):
            assert "#" in line, line


def test_policy_refers_to_existing_records(mini, day):
    text = scaffold("policy", "zz-law", mini, day).read_text()
    assert "jurisdiction: eu " in text  # first jurisdiction, sorted, when no id prefix matches
    assert "url: https://example.org/" in text and "NOTE" in text
    assert "jurisdiction: us-il " in scaffold("policy", "us-il-law", mini, day).read_text()  # longest prefix


def test_jurisdiction_uses_first_region(mini, day):
    text = scaffold("jurisdiction", "de", mini, day).read_text()
    assert "region: europe " in text and "\nparent:" not in text


@pytest.mark.parametrize("kind, record_id, relative", KINDS)
@pytest.mark.parametrize("title", ["Plain title", 'A "quoted": title # not a comment', "Émile's\nnew\t[law] {x}: - *a &b"])
def test_title_is_used_and_stays_valid(mini, day, kind, record_id, relative, title):
    scaffold(kind, record_id, mini, day, title=title)
    atlas = check(mini, as_of=day)
    record = {**atlas.jurisdiction, **atlas.policy, **atlas.brief}[record_id]
    assert getattr(record, "name", None) == title or getattr(record, "title", None) == title


@pytest.mark.parametrize("existing", ["fr", "us-il-act", "first-brief"])
@pytest.mark.parametrize("kind", ["jurisdiction", "policy", "brief"])
def test_existing_id_is_refused(mini, day, kind, existing):
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    with pytest.raises(ScaffoldError, match="already exists") as error:
        scaffold(kind, existing, mini, day)
    assert error.value.hint
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("bad", ["../x", "Bad", "a b", "", "a--b", "-a", "x/y", "a" * 81])
def test_invalid_id_is_refused(mini, day, bad):
    with pytest.raises(ScaffoldError, match="cannot be used as an id") as error:
        scaffold("brief", bad, mini, day)
    assert error.value.hint
    assert not list(mini.parent.glob("x*")) and not (mini / "x.md").exists()


def test_unknown_kind_and_blank_title_are_refused(mini, day):
    with pytest.raises(ScaffoldError, match="unknown kind"):
        scaffold("dimension", "new", mini, day)
    with pytest.raises(ScaffoldError, match="title"):
        scaffold("brief", "new", mini, day, title="  ")


def test_policy_needs_a_jurisdiction(mini, day):
    for path in (mini / "jurisdictions").iterdir():
        path.unlink()
    with pytest.raises(ScaffoldError, match="no jurisdiction"):
        scaffold("policy", "p", mini, day)


def test_ids_yaml_would_misread_are_quoted(mini, day):
    for record_id in ("2024", "null", "yes", "1_000"):
        scaffold("jurisdiction", record_id, mini, day)
    loaded, problems = load(mini)
    assert problems == []
    assert {"2024", "null", "yes", "1_000"} <= {j.id for j in loaded.jurisdictions}


def test_source_outside_the_repository(tmp_path, mini, day):
    moved = tmp_path / "deep" / "er" / "content"
    mini.rename(moved.parent.mkdir(parents=True) or moved)
    path = scaffold("jurisdiction", "xx", moved, day)
    schema = path.read_text().splitlines()[0].split("$schema=")[1]
    assert Path(path.parent, schema).resolve() == SCHEMAS / "jurisdiction.schema.json"


def test_cli_new_writes_a_file_that_checks_and_refuses_a_second(mini, capsys):
    from generator.cli import main
    assert main(["new", "policy", "us-il-new-act", "--title", "A new act", "--source", str(mini)]) == 0
    assert (mini / "policies/us-il-new-act.yaml").is_file()
    assert main(["check", "--source", str(mini)]) == 0
    assert main(["new", "policy", "us-il-new-act", "--source", str(mini)]) == 2
    assert "already" in capsys.readouterr().err


def test_policy_offers_the_precision_fields_and_they_check_when_filled_in(mini, day):
    """The commented title_original, official_text and sector lines are valid once uncommented."""
    path = scaffold("policy", "us-new", mini, day)
    text = path.read_text()
    assert "# title_original:" in text and "# official_text:" in text and "#     # sector:" in text
    assert "kind: official" in text
    lines = []
    for line in text.splitlines():
        if line.startswith(("# title_original:", "# official_text:", "#   url:", "#   title:", "#   publisher:",
                            "#   accessed:")):
            line = line[2:]
        lines.append(line)
    filled = "\n".join(lines).replace("provisions: {}", "provisions:\n  consent: {value: explicit, sector: private, "
                                      "note: A note., cite: {source: placeholder}}")
    path.write_text(filled + "\n")
    atlas = check(mini, day)
    policy = atlas.policy["us-new"]
    assert policy.title_original.lang == "pt" and policy.official_text.accessed is not None
    assert [p.sector for p in policy.provisions] == ["private"]
