"""The fast validity check (fastjsonschema) and the explaining one (jsonschema) must agree on every record.

A record the fast check wrongly accepts would skip validation altogether, so these tests mutate real
records of every kind in the ways authors break them and compare the two answers.
"""

import copy
from pathlib import Path

from hypothesis import given, settings, strategies as st

from generator.content import validate
from generator.content.textfiles import split_front_matter
from generator.content.yamlload import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def _samples() -> dict[str, list]:
    """Return a few real records of each kind from the shipped content."""
    def read(path: Path):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = split_front_matter(text, path.name)[0]
        return parse_yaml(text, path.name)[0].data  # as the loader reads it: dates stay text

    return {"site": [read(CONTENT / "site.yaml")], "dimensions": [read(CONTENT / "dimensions.yaml")],
            "jurisdiction": [read(p) for p in sorted((CONTENT / "jurisdictions").glob("*.yaml"))[:6]],
            "policy": [read(p) for p in sorted((CONTENT / "policies").glob("*.yaml"))[:6]],
            "brief": [read(p) for p in sorted((CONTENT / "briefs").glob("*.md"))[:4]]}


SAMPLES = _samples()
ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False),
                       st.sampled_from(["", " ", "x", "2024", "2024-13-01", "in_force", "eu", "UPPER", "a b",
                                        "https://example.org/", "javascript:alert(1)", "2024-02-30"]),
                       st.lists(st.sampled_from(["", "eu", 1, None]), max_size=3), st.just({}),
                       st.just({"unknown": 1}))


def _paths(data, prefix=()):
    """Yield the path of every value inside `data`."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


def _mutate(data, path, action, value):
    data = copy.deepcopy(data)
    if not path:
        return value if action == "replace" else data
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[f"{last}_extra"] = value
    else:
        parent.append(value)
    return data


def _agree(kind: str, data) -> None:
    slow = not list(validate._validator(kind).iter_errors(data))
    assert validate.is_valid(kind, data) == slow, (kind, data)


def test_the_shipped_records_are_valid_to_both():
    for kind, records in SAMPLES.items():
        for record in records:
            assert validate.is_valid(kind, record)
            _agree(kind, record)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_both_validators_agree_on_broken_records(data):
    kind = data.draw(st.sampled_from(sorted(SAMPLES)))
    record = data.draw(st.sampled_from(SAMPLES[kind]))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(record))))
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        record = _mutate(record, path, action, data.draw(ODD_VALUES))
    _agree(kind, record)


def test_an_invalid_record_still_gets_the_explaining_messages():
    record = copy.deepcopy(SAMPLES["policy"][0])
    record["status_typo"] = "x"
    assert not validate.is_valid("policy", record)
    assert list(validate._validator("policy").iter_errors(record))
