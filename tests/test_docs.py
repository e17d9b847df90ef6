"""The manual stays true: generated references match the code, README stays short, links resolve."""

import re
import runpy
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _reference():
    return runpy.run_path(str(DOCS / "make_reference.py"))


def test_generated_references_match_the_schemas_and_the_parser():
    reference = _reference()
    for name, make in reference["PAGES"].items():
        assert (DOCS / "reference" / name).read_text("utf-8") == make(), (
            f"docs/reference/{name} is stale: run python docs/make_reference.py")


def test_the_content_model_lists_every_schema_field():
    import json
    from importlib import resources

    page = _reference()["content_model"]()
    for name in ("site", "dimensions", "jurisdiction", "policy", "brief"):
        schema = json.loads(resources.files("generator.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))
        fields = schema["properties"] if "properties" in schema else schema["items"]["properties"]
        for field in fields:
            assert f"| `{field}` |" in page, (name, field)


def test_readme_is_short():
    assert len((REPO / "README.md").read_bytes()) < 8 * 1024


def test_every_relative_link_in_readme_and_docs_resolves():
    broken = []
    for page in [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for target in LINK.findall(page.read_text("utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            if not (page.parent / target).resolve().exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert not broken, broken
