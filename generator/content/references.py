"""Stage 2: check that records refer only to things that exist and that dates run in order."""

from __future__ import annotations

import difflib

from babel import UnknownLocaleError

from generator.content.load import Content
from generator.dates import parse_date
from generator.locales import locale
from generator.problems import Problem
from generator.content.records import Brief, Jurisdiction, Policy


def check(content: Content, drafts: set[str] = frozenset()) -> list[Problem]:
    """Return every broken reference, duplicate id, parent cycle and out-of-order date."""
    problems: list[Problem] = []
    problems += _check_dimensions(content)
    problems += _check_site(content)
    problems += _check_jurisdictions(content)
    problems += _check_policies(content)
    problems += _check_briefs(content, drafts)
    problems += _check_shared_ids(content)
    return problems


def _suggest(unknown: str, known) -> str:
    close = difflib.get_close_matches(unknown, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def _check_site(content: Content) -> list[Problem]:
    site = content.site
    if site is None:
        return []
    problems = []
    dimension_ids = {d.id for d in content.dimensions}
    if site.featured_dimension and content.dimensions and site.featured_dimension not in dimension_ids:
        problems.append(site.origin.problem(("featured_dimension",), f"unknown dimension '{site.featured_dimension}'",
                                            _suggest(site.featured_dimension, dimension_ids)))
    for code, path in ((site.language, ("language",)),
                       *((lang.code, ("languages", i, "code")) for i, lang in enumerate(site.languages))):
        if not _known_language(code):
            problems.append(site.origin.problem(path, f"no locale is known for the language '{code}'",
                                                "write a BCP 47 tag such as en, en-GB, fr or zh-Hans: it sets the "
                                                "pages' dates, numbers and lists"))
    for name, terms, path in (("region", site.regions, ("regions",)),
                              ("modality", site.modalities, ("modalities", "values"))):
        seen = set()
        for index, term in enumerate(terms):
            if term.id in seen:
                problems.append(site.origin.problem(path + (index, "id"), f"duplicate {name} id '{term.id}'"))
            seen.add(term.id)
    return problems + _check_corrections(content)


def _known_language(code: str) -> bool:
    try:
        locale(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _check_corrections(content: Content) -> list[Problem]:
    """Return problems with the corrections log: dates that are not real, ids of records that do not exist."""
    site, problems = content.site, []
    known = {"jurisdiction": {j.id for j in content.jurisdictions} | set(content.broken),
             "dimension": {d.id for d in content.dimensions}, "policy": {p.id for p in content.policies} | set(content.broken)}
    for correction in site.corrections:
        at = ("corrections", "log", correction.index)
        if correction.date is None:
            try:
                parse_date(correction.written)
            except ValueError as error:
                problems.append(site.origin.problem(at + ("date",), str(error)))
        for kind, ids in known.items():
            value = getattr(correction, kind)
            if value and value not in ids and (kind != "dimension" or content.dimensions):
                problems.append(site.origin.problem(at + (kind,), f"unknown {kind} '{value}'", _suggest(value, ids)))
    return problems


# Pages under compare/ that a dimension's page (compare/<id>/) would clash with: side by side and the sectors.
RESERVED_DIMENSION_IDS = ("side-by-side", "public", "private")


def _check_dimensions(content: Content) -> list[Problem]:
    origin = content.dimensions_origin
    problems = []
    seen = set()
    for dimension in content.dimensions:
        at = (dimension.index,)
        if dimension.id in seen:
            problems.append(origin.problem(at + ("id",), f"duplicate dimension id '{dimension.id}'"))
        if dimension.id in RESERVED_DIMENSION_IDS:
            problems.append(origin.problem(at + ("id",), f"'{dimension.id}' cannot be a dimension id: "
                                           f"compare/{dimension.id}/ is another page", "choose another id"))
        seen.add(dimension.id)
        value_ids = [v.id for v in dimension.values]
        for index, value_id in enumerate(value_ids):
            if value_id in value_ids[:index]:
                problems.append(origin.problem(at + ("values", index, "id"), f"duplicate value id '{value_id}'"))
        codes = [v.code for v in dimension.values]
        for index, code in enumerate(codes):
            if code and code in codes[:index]:
                problems.append(origin.problem(at + ("values", index, "code"), f"two values have the code '{code}'",
                                               "each value's code must differ within its dimension (the overview shows it)"))
        if value_ids and value_ids[-1] != "unknown":
            problems.append(origin.problem(at + ("values",), "the last value must have the id 'unknown'",
                                           "add {id: unknown, label: Unknown, color: \"#c9c9c9\"} at the end"))
    return problems


def _check_jurisdictions(content: Content) -> list[Problem]:
    problems = []
    by_id = {j.id: j for j in content.jurisdictions}
    known = set(by_id) | content.broken
    regions = {r.id for r in content.site.regions} if content.site else None
    for jurisdiction in content.jurisdictions:
        origin = jurisdiction.origin
        if jurisdiction.parent and jurisdiction.parent not in known:
            problems.append(origin.problem(("parent",), f"unknown jurisdiction '{jurisdiction.parent}'",
                                           _suggest(jurisdiction.parent, by_id)))
        if jurisdiction.parent == jurisdiction.id:
            problems.append(origin.problem(("parent",), "a jurisdiction cannot be its own parent"))
        if regions is not None and jurisdiction.region not in regions:
            problems.append(origin.problem(("region",), f"unknown region '{jurisdiction.region}'",
                                           f"regions in site.yaml: {', '.join(sorted(regions))}"))
    for jurisdiction in content.jurisdictions:
        cycle = _cycle_from(jurisdiction, by_id)
        if cycle and min(cycle) == jurisdiction.id:  # report each cycle once
            problems.append(jurisdiction.origin.problem(
                ("parent",), "parent cycle: " + " -> ".join(cycle + [cycle[0]]),
                "one of these jurisdictions must have no parent or another parent"))
    return problems


def _cycle_from(start: Jurisdiction, by_id: dict[str, Jurisdiction]) -> list[str]:
    chain: list[str] = []
    current = start
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = by_id.get(current.parent) if current.parent and current.parent != current.id else None
    if current is None:
        return []
    cycle = chain[chain.index(current.id):]
    return cycle if start.id in cycle else []


def _check_policies(content: Content) -> list[Problem]:
    problems = []
    jurisdictions = {j.id for j in content.jurisdictions} | content.broken
    dimensions: dict = {}
    for dimension in content.dimensions:  # the first of two with one id counts; the second is reported
        dimensions.setdefault(dimension.id, dimension)
    modalities = {m.id for m in content.site.modalities} if content.site else set()
    for policy in content.policies:
        problems += _check_policy(policy, jurisdictions, dimensions)
        problems += _check_modalities(policy, modalities)
    return problems


def _check_modalities(policy: Policy, known: set[str]) -> list[Problem]:
    """Return a problem for each modality the site's list does not name (any goes when it names none)."""
    if not known:
        return []
    return [policy.origin.problem(("modalities", index), f"unknown modality '{modality}'",
                                  _suggest(modality, known) or "use one of the ids under modalities in site.yaml")
            for index, modality in enumerate(policy.modalities) if modality not in known]


def _check_policy(policy: Policy, jurisdictions: set[str], dimensions: dict) -> list[Problem]:
    origin = policy.origin
    problems = []
    if jurisdictions and policy.jurisdiction not in jurisdictions:
        problems.append(origin.problem(("jurisdiction",), f"unknown jurisdiction '{policy.jurisdiction}'",
                                       _suggest(policy.jurisdiction, jurisdictions)))
    for index, other in enumerate(policy.applies_to):
        if jurisdictions and other not in jurisdictions:
            problems.append(origin.problem(("applies_to", index), f"unknown jurisdiction '{other}'",
                                           _suggest(other, jurisdictions)))
    source_ids = [s.id for s in policy.sources]
    for index, source_id in enumerate(source_ids):
        if source_id in source_ids[:index]:
            problems.append(origin.problem(("sources", index, "id"), f"duplicate source id '{source_id}'"))
    for before, after in zip(policy.history, policy.history[1:]):
        if after.date.last < before.date.first:
            problems.append(origin.problem(("history", after.index, "date"),
                                           f"{after.date} comes before the previous entry ({before.date})",
                                           "list history entries oldest first"))
    for event in policy.history:
        if event.cite and event.cite.source not in source_ids:
            problems.append(origin.problem(("history", event.index, "cite", "source"),
                                           f"unknown source '{event.cite.source}'",
                                           _suggest(event.cite.source, source_ids) or "add it under sources"))
    problems += _check_sectors(policy, dimensions)
    for provision in policy.provisions:
        at = provision.path
        dimension = dimensions.get(provision.dimension)
        if dimensions and dimension is None:
            problems.append(origin.problem(at, f"unknown dimension '{provision.dimension}'",
                                           _suggest(provision.dimension, dimensions)))
        elif dimension is not None and dimension.value(provision.value) is None:
            problems.append(origin.problem(at + ("value",), f"'{provision.value}' is not a value of {dimension.id}",
                                           "use one of: " + ", ".join(v.id for v in dimension.values)))
        if provision.cite.source not in source_ids:
            problems.append(origin.problem(at + ("cite", "source"), f"unknown source '{provision.cite.source}'",
                                           _suggest(provision.cite.source, source_ids) or "add it under sources"))
        if provision.start and provision.end and provision.end <= provision.start:
            problems.append(origin.problem(at + ("until",), f"'until' ({provision.end}) is not after 'from' "
                                           f"({provision.start})"))
    return problems


def _check_sectors(policy: Policy, dimensions: dict) -> list[Problem]:
    """Return problems with provisions' sectors: one dimension may bind each sector once."""
    problems, seen = [], {}
    for provision in policy.provisions:
        dimension = dimensions.get(provision.dimension)
        if dimension is not None and not dimension.by_sector and provision.sector != "both":
            problems.append(policy.origin.problem(provision.path + ("sector",),
                                                  f"{dimension.id} has one answer for every sector",
                                                  "remove sector here, or set by_sector: true in dimensions.yaml"))
        sectors = {"both": {"public", "private"}}.get(provision.sector, {provision.sector})
        clash = seen.setdefault(provision.dimension, set()) & sectors
        if clash:
            problems.append(policy.origin.problem(provision.path + ("sector",),
                                                  f"a second provision on {provision.dimension} for the "
                                                  f"{' and '.join(sorted(clash))} sector",
                                                  "give each provision on one dimension its own sector"))
        seen[provision.dimension] |= sectors
    return problems


def _check_briefs(content: Content, drafts: set[str]) -> list[Problem]:
    problems = []
    jurisdictions = {j.id for j in content.jurisdictions} | content.broken
    policies = {p.id for p in content.policies} | content.broken
    linkable = jurisdictions | policies | {b.slug for b in content.briefs} | {d.id for d in content.dimensions}
    for brief in content.briefs:
        problems += _check_brief(brief, jurisdictions, policies, linkable, drafts)
    return problems


def _check_brief(brief: Brief, jurisdictions, policies, linkable, drafts) -> list[Problem]:
    problems = []
    for field, known in (("jurisdictions", jurisdictions), ("policies", policies)):
        for index, record_id in enumerate(getattr(brief, field)):
            if record_id in drafts:
                problems.append(brief.origin.problem((field, index), f"'{record_id}' is a draft, left out of this build",
                                                     "publish it (remove draft: true) or build with --drafts"))
            elif record_id not in known:
                problems.append(brief.origin.problem((field, index), f"unknown id '{record_id}'",
                                                     _suggest(record_id, known)))
    for link in brief.links:
        if link.target in drafts:
            problems.append(Problem(brief.origin.path, link.line, link.column,
                                    f"[[{link.target}]] links to a draft, left out of this build",
                                    hint="publish it (remove draft: true) or build with --drafts"))
        elif link.target not in linkable:
            hint = _suggest(link.target, linkable) or "link an existing jurisdiction, policy, brief or dimension id"
            problems.append(Problem(brief.origin.path, link.line, link.column,
                                    f"[[{link.target}]] links to an id that does not exist", hint=hint))
    return problems


def _check_shared_ids(content: Content) -> list[Problem]:
    """Ids are one namespace for [[id]] links, so two kinds may not share one."""
    owners: dict[str, str] = {}
    for kind, ids in (("dimension", [d.id for d in content.dimensions]),
                      ("jurisdiction", [j.id for j in content.jurisdictions]),
                      ("policy", [p.id for p in content.policies])):
        for record_id in ids:
            owners.setdefault(record_id, kind)
    problems = []
    records = [("jurisdiction", j) for j in content.jurisdictions] + [("policy", p) for p in content.policies]
    for kind, record in records:
        if owners[record.id] != kind:
            problems.append(record.origin.problem(("id",), f"id '{record.id}' is also a {owners[record.id]} id",
                                                  "ids are shared by [[id]] links: choose another"))
    for brief in content.briefs:
        if brief.slug in owners:
            problems.append(Problem(brief.origin.path, 1, 1, f"file name '{brief.slug}' is also a {owners[brief.slug]} id",
                                    hint="ids are shared by [[id]] links: rename the brief"))
    return problems
