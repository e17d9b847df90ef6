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


def _section(page: str, heading: str) -> str:
    """Return the text under a `## ` heading of a page, up to the next one."""
    start = page.index(f"\n## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start:end if end >= 0 else None]


def test_where_performance_stands_quotes_the_last_benchmark_run():
    """docs/performance.md's summary quotes bench/RESULTS.md, and says met or missed as its figures do: a new run
    written without the summary following fails."""
    results = (REPO / "bench" / "RESULTS.md").read_text("utf-8")
    commit = re.search(r"policy-atlas \S+ at ([0-9a-f]{7,40})", results).group(1)
    rows = {}
    for line in results.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) > 12 and cells[0] in ("policy-atlas", "hugo"):
            rows[cells[0], cells[1]] = {"median": cells[2], "pss": cells[6], "ratio": cells[12]}
    stands = _section((DOCS / "performance.md").read_text("utf-8"), "Where it stands")
    assert f" at {commit}," in stands

    def row(label: str) -> str:
        found = [line for line in stands.splitlines() if line.startswith(f"| {label} |")]
        assert len(found) == 1, label
        return found[0]

    def ours(scenario: str, column: str = "median") -> str:
        return rows["policy-atlas", scenario][column]

    def peers(scenario: str, column: str = "median") -> str:
        return rows["hugo", scenario][column]

    def number(text: str) -> float:
        return float(text.replace(",", ""))

    # each row: the figures it must quote, and whether its target is met (the verdict it must give)
    quoted = {
        "cold, the default build (search on)": ([ours("cold") + " s", f"Hugo + Pagefind {peers('cold+pagefind')} s",
                                                 ours("cold", "ratio") + "×"], number(ours("cold", "ratio")) <= 1.0),
        "cold, `--no-search`": ([ours("cold-no-search") + " s", f"Hugo {peers('cold')} s",
                                 ours("cold-no-search", "ratio") + "×"],
                                number(ours("cold-no-search", "ratio")) <= 1.2),
        "one brief's text edited": ([ours("one-edit") + " s", f"{peers('one-edit+pagefind')} s"],
                                    number(ours("one-edit")) <= 1.0),
        "one brief's summary edited": ([ours("one-edit-front") + " s"], number(ours("one-edit-front")) <= 1.0),
        "nothing changed": ([ours("no-change") + " s"], number(ours("no-change")) <= 0.3),
        "peak memory of a cold build (PSS, the process tree)": (
            [ours("cold", "pss") + " MB", peers("cold+pagefind", "pss") + " MB"],
            number(ours("cold", "pss")) < number(peers("cold+pagefind", "pss"))),
    }
    peers_pages = {"cold on the peer's pages, search on": ("cold-briefs-only", "Hugo + Pagefind", "cold+pagefind", 1.0),
                   "cold on the peer's pages, `--no-search`": ("cold-no-search-briefs-only", "Hugo", "cold", 1.2)}
    for label, (scenario, peer, theirs, target) in peers_pages.items():
        if ("policy-atlas", scenario) not in rows:  # a run without the second corpus (--no-briefs-only)
            assert not any(line.startswith(f"| {label} |") for line in stands.splitlines()), label
            continue
        quoted[label] = ([ours(scenario) + " s", f"{peer} {peers(theirs + '-briefs-only')} s",
                          ours(scenario, "ratio") + "×"], number(ours(scenario, "ratio")) <= target)
    said = {label: ([figure for figure in figures if f" {figure} " not in row(label)],
                    row(label).rstrip(" |").rsplit("|", 1)[1].strip().startswith("met"))
            for label, (figures, _) in quoted.items()}
    assert said == {label: ([], met) for label, (_, met) in quoted.items()}
