"""What each page is made from: the records, sets of records and settings whose change must rebuild it.

Keys: 'site', 'dimensions', 'j:<id>', 'p:<id>', 'b:<slug>', and 'all:j', 'all:p', 'all:b' for pages
that show every record of a kind. Templates, the generator and the as-of date count for every page
(see incremental.py).
"""

from __future__ import annotations

from generator.model import Atlas

ALL_RECORDS = ("dimensions", "all:j", "all:p")


def _briefs_about(atlas: Atlas, record_id: str) -> list[str]:
    return [f"b:{slug}" for slug in atlas.linked_from.get(record_id, ())]


def _reaches(atlas: Atlas, jurisdiction_id: str) -> list[str]:
    """Policies that apply in a jurisdiction: made by it or an ancestor, or applied to one directly."""
    chain = set(atlas.chain[jurisdiction_id])
    return [f"p:{p.id}" for p in atlas.policies if p.jurisdiction in chain or chain.intersection(p.applies_to)]


def dependencies(atlas: Atlas, kind: str, key: str) -> tuple[str, ...]:
    """Return the sorted dependency keys of one page."""
    keys = {"site"}
    if kind in ("home", "sitemap", "atlas_json"):
        keys.update(ALL_RECORDS + ("all:b",))
    elif kind in ("compare", "side_by_side", "compare_years", "dimension", "comparison_csv", "timeline", "policies",
                  "policies_csv", "jurisdictions"):
        keys.update(ALL_RECORDS)
    elif kind == "feed":
        keys.update(("all:b", "all:p"))
    elif kind == "briefs":
        keys.add("all:b")
    elif kind == "values_css":
        keys.add("dimensions")
    elif kind == "jurisdiction":
        keys.update(_jurisdiction(atlas, key))
    elif kind == "policy":
        keys.update(_policy(atlas, key))
    elif kind == "brief":
        keys.update(_brief(atlas, key))
    return tuple(sorted(keys))


def _jurisdiction(atlas: Atlas, key: str) -> set[str]:
    keys = {"dimensions", *(f"j:{j}" for j in atlas.chain[key]), *(f"j:{c}" for c in atlas.children[key])}
    keys.update(_reaches(atlas, key))
    keys.update(_briefs_about(atlas, key))
    return keys


def _policy(atlas: Atlas, key: str) -> set[str]:
    policy = atlas.policy[key]
    keys = {"dimensions", f"p:{key}", f"j:{policy.jurisdiction}"}
    keys.update(f"j:{j.id}" for j in atlas.jurisdictions  # the 'Applies in' list
                if policy.jurisdiction in atlas.chain[j.id] or set(policy.applies_to) & set(atlas.chain[j.id]))
    keys.update(_briefs_about(atlas, key))
    return keys


def _brief(atlas: Atlas, key: str) -> set[str]:
    brief = atlas.brief[key]
    keys = {f"b:{key}"}
    for target in {*brief.jurisdictions, *brief.policies, *(link.target for link in brief.links)}:
        if target in atlas.policy:
            keys.update((f"p:{target}", f"j:{atlas.policy[target].jurisdiction}"))
        elif target in atlas.jurisdiction:
            keys.add(f"j:{target}")
        elif target in atlas.brief:
            keys.add(f"b:{target}")
        elif target in atlas.dimension:
            keys.add("dimensions")
    return keys
