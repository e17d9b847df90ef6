"""Stage 3: the cross-linked atlas — records with their indexes, drafts filtered, as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from generator.content import references
from generator.content.load import Content
from generator.problems import Problem
from generator.content.records import Brief, Dimension, Jurisdiction, Policy, Site


@dataclass(frozen=True)
class Atlas:
    """Every published record and the indexes that link them; read-only."""

    site: Site
    as_of: dt.date
    drafts_shown: bool
    dimensions: tuple[Dimension, ...]
    jurisdictions: tuple[Jurisdiction, ...]  # by name
    policies: tuple[Policy, ...]  # by id
    briefs: tuple[Brief, ...]  # newest first
    jurisdiction: Mapping[str, Jurisdiction]
    policy: Mapping[str, Policy]
    brief: Mapping[str, Brief]
    dimension: Mapping[str, Dimension]
    children: Mapping[str, tuple[str, ...]]
    chain: Mapping[str, tuple[str, ...]]  # jurisdiction, its parent, ... up to the root
    policies_of: Mapping[str, tuple[str, ...]]  # policies made by each jurisdiction
    linked_from: Mapping[str, tuple[str, ...]]  # record id -> slugs of briefs that mention it


def build_atlas(content: Content, as_of: dt.date, drafts: bool,
                loaded_cleanly: bool = True) -> tuple[Atlas | None, list[Problem]]:
    """Return the atlas of published records, or None and every reference problem."""
    left_out = set() if drafts else _draft_ids(content)
    published = replace(
        content,
        jurisdictions=tuple(j for j in content.jurisdictions if j.id not in left_out),
        policies=tuple(p for p in content.policies if p.id not in left_out),
        briefs=tuple(b for b in content.briefs if b.slug not in left_out))
    problems = references.check(published, left_out)
    if problems or not loaded_cleanly or content.site is None or content.broken or not content.dimensions:
        return None, problems
    return _index(published, as_of, drafts), []


def _draft_ids(content: Content) -> set[str]:
    return ({j.id for j in content.jurisdictions if j.draft} | {p.id for p in content.policies if p.draft}
            | {b.slug for b in content.briefs if b.draft})


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(sorted(mapping.items())))


def _index(content: Content, as_of: dt.date, drafts: bool) -> Atlas:
    jurisdictions = {j.id: j for j in content.jurisdictions}
    children: dict[str, list[str]] = {j: [] for j in jurisdictions}
    for j in content.jurisdictions:
        if j.parent:
            children[j.parent].append(j.id)
    chain = {}
    for j in content.jurisdictions:
        ids = [j.id]
        while jurisdictions[ids[-1]].parent:
            ids.append(jurisdictions[ids[-1]].parent)
        chain[j.id] = tuple(ids)
    policies_of: dict[str, list[str]] = {j: [] for j in jurisdictions}
    for p in content.policies:
        policies_of[p.jurisdiction].append(p.id)
    briefs = tuple(sorted(content.briefs, key=lambda b: (b.date, b.slug), reverse=True))
    linked_from: dict[str, list[str]] = {}
    for b in briefs:
        for target in dict.fromkeys([*b.jurisdictions, *b.policies, *(link.target for link in b.links)]):
            linked_from.setdefault(target, []).append(b.slug)
    by_name = lambda j: (j.name.casefold(), j.id)  # noqa: E731
    return Atlas(
        site=content.site, as_of=as_of, drafts_shown=drafts, dimensions=content.dimensions,
        jurisdictions=tuple(sorted(content.jurisdictions, key=by_name)),
        policies=tuple(sorted(content.policies, key=lambda p: p.id)), briefs=briefs,
        jurisdiction=_frozen(jurisdictions), policy=_frozen({p.id: p for p in content.policies}),
        brief=_frozen({b.slug: b for b in briefs}), dimension=_frozen({d.id: d for d in content.dimensions}),
        children=_frozen({k: tuple(sorted(v, key=lambda i: by_name(jurisdictions[i]))) for k, v in children.items()}),
        chain=_frozen(chain), policies_of=_frozen({k: tuple(sorted(v)) for k, v in policies_of.items()}),
        linked_from=_frozen({k: tuple(v) for k, v in linked_from.items()}))
