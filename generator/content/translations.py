"""Translations of records' reader-facing fields, read from sidecar files beside the English ones.

`policies/cn-pipl.zh-Hans.yaml` translates `policies/cn-pipl.yaml`, `dimensions.zh-Hans.yaml` translates
`dimensions.yaml`, and `briefs/<slug>.zh-Hans.md` translates `briefs/<slug>.md`. A sidecar holds only the
fields a reader sees (schemas/*.translation.schema.json), so translators never touch the English record
and its edits never conflict with theirs. A sidecar for a language the site does not list, for a
record that does not exist, or naming a field, dimension, value, event or provision the English
record lacks is a Problem at the line and column concerned.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from generator.content import lint
from generator.content.textfiles import read_text, split_front_matter
from generator.content.validate import validate
from generator.content.yamlload import Located, parse_yaml
from generator.hashing import digest
from generator.problems import Problem, field_path

SIDECAR = re.compile(r"^(?P<id>[a-z0-9]+(?:[-_][a-z0-9]+)*)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.(?P<ext>yaml|md)$")


KIND_OF = {"policies": "policy.translation", "jurisdictions": "jurisdiction.translation"}


def is_sidecar(name: str) -> bool:
    """Return whether a file name is a translation's (id.lang.yaml or slug.lang.md), not a record's."""
    return SIDECAR.match(name) is not None


@dataclass(frozen=True)
class Texts:
    """One language's translations: validated sidecar data by record, and translated brief bodies."""

    code: str
    site: Mapping[str, object] = field(default_factory=dict)
    dimensions: Mapping[str, dict] = field(default_factory=dict)
    jurisdictions: Mapping[str, dict] = field(default_factory=dict)
    policies: Mapping[str, dict] = field(default_factory=dict)
    briefs: Mapping[str, dict] = field(default_factory=dict)  # slug -> front matter, with "body" and "body_line"
    digest: str = ""  # of every sidecar's text: a change re-renders this language's pages

    def has(self, kind: str, key: str) -> bool:
        return key in {"jurisdiction": self.jurisdictions, "policy": self.policies, "brief": self.briefs,
                       "dimension": self.dimensions}.get(kind, {})


def load_translations(root: Path, content, languages: tuple[str, ...]) -> tuple[dict[str, Texts], list[Problem]]:
    """Return each listed language's translations and every problem with the sidecar files."""
    problems: list[Problem] = []
    found: dict[str, dict[str, dict]] = {code: {"site": {}, "dimensions": {}, "jurisdictions": {}, "policies": {}, "briefs": {}}
                                         for code in languages}
    texts: dict[str, list[str]] = {code: [] for code in languages}
    records = {"jurisdictions": {j.id: j for j in content.jurisdictions},
               "policies": {p.id: p for p in content.policies},
               "briefs": {b.slug: b for b in content.briefs}}
    candidates = [(None, path) for name in ("site", "dimensions") for path in sorted(root.glob(f"{name}.*.yaml"))]
    candidates += [(folder, root / folder / name) for folder in records if (root / folder).is_dir()
                   for name in sorted(os.listdir(root / folder)) if SIDECAR.match(name)]  # names: quick to sort
    for folder, path in candidates:
        match = SIDECAR.match(path.name)
        if not match or (folder is None and match["id"] not in ("site", "dimensions")):
            continue
        shown = path.relative_to(root.parent).as_posix()  # as the loader names files
        code, key = match["lang"], match["id"]
        if code not in found:
            listed = ", ".join(languages) or "none"
            problems.append(Problem(shown, 1, 1, f"unknown language '{code}' in the file name",
                                    hint=f"site.yaml lists these further languages: {listed}"))
            continue
        text, more = read_text(path, shown)
        if text is None:
            problems += more
            continue
        texts[code].append(f"{shown}\0{text}")
        if folder is None:
            data = _yaml(text, shown, f"{key}.translation", problems)
            if data is not None:
                problems += (_check_dimensions(data, content.dimensions, shown) if key == "dimensions"
                             else _check_site(data, content.site, shown))
                found[code][key] = data.data
            continue
        if key not in records[folder]:
            problems.append(Problem(shown, 1, 1, f"a translation of '{key}', which has no English original",
                                    hint=f"add {folder}/{key}{'.md' if folder == 'briefs' else '.yaml'} first"))
            continue
        if folder == "briefs":
            entry = _brief(text, shown, problems)
        else:
            located = _yaml(text, shown, KIND_OF[folder], problems)
            entry = located.data if located is not None else None
            if located is not None and folder == "policies":
                problems += _check_policy(located, records[folder][key], shown)
        if entry is not None and entry.get("translation_of") != key:
            problems.append(Problem(shown, 1, 1, f"translation_of should be '{key}', the file's name",
                                    field="translation_of"))
        elif entry is not None:
            found[code][folder][key] = entry
    result = {code: Texts(code, *(MappingProxyType(found[code][f]) for f in ("site", "dimensions", "jurisdictions",
                                                                            "policies", "briefs")),
                          digest("\n".join(texts[code])))
              for code in languages}
    return result, problems


def _yaml(text: str, shown: str, kind: str, problems: list[Problem]) -> Located | None:
    located, more = parse_yaml(text, shown)
    if located is None:
        problems += more
        return None
    more = validate(kind, located, shown)
    problems += more
    return None if more else located


def _brief(text: str, shown: str, problems: list[Problem]) -> dict | None:
    front, body, body_line, more = split_front_matter(text, shown)
    if front is None:
        problems += more
        return None
    located, more = parse_yaml(front, shown, line_offset=1)
    if located is not None:
        more = validate("brief.translation", located, shown)
    if located is None or more:
        problems += more
        return None
    problems += lint.brief_text(body, shown, body_line)  # warnings: load_and_plan sets them apart
    return {**located.data, "body": body, "body_line": body_line}


def _at(located: Located, shown: str, path: tuple, message: str, hint: str = "") -> Problem:
    where = located.position(path, key=True)
    return Problem(shown, where.line, where.column, message, field_path(path), hint)


def _check_dimensions(located: Located, dimensions, shown: str) -> list[Problem]:
    known = {d.id: d for d in dimensions}
    problems = []
    for dim_id, entry in located.data.items():
        if dim_id not in known:
            problems.append(_at(located, shown, (dim_id,), f"no dimension '{dim_id}' in dimensions.yaml"))
            continue
        values = {v.id for v in known[dim_id].values}
        codes: dict[str, str] = {}
        for value_id, value in entry.get("values", {}).items():
            if value_id not in values:
                problems.append(_at(located, shown, (dim_id, "values", value_id),
                                    f"dimension '{dim_id}' has no value '{value_id}'",
                                    hint="values: " + ", ".join(sorted(values))))
            code = value.get("code") if isinstance(value, dict) else None
            if code and code in codes:
                problems.append(_at(located, shown, (dim_id, "values", value_id, "code"),
                                    f"'{value_id}' has the code '{code}' of '{codes[code]}'",
                                    hint="each value's code must differ within its dimension (the overview shows it)"))
            codes.setdefault(code, value_id)
    return problems


def _check_site(located: Located, site, shown: str) -> list[Problem]:
    if site is None:
        return []
    known = {("navigation",): {n.path for n in site.navigation}, ("regions",): {r.id for r in site.regions},
             ("modalities", "values"): {m.id for m in site.modalities}}
    data = located.data
    return [_at(located, shown, (*part, key), f"site.yaml has no {'.'.join(part)} entry '{key}'",
                hint="one of: " + ", ".join(sorted(known[part])))
            for part in known for key in (data.get(part[0], {}) if len(part) == 1 else
                                          data.get(part[0], {}).get(part[1], {})) if key not in known[part]]


def _check_policy(located: Located, policy, shown: str) -> list[Problem]:
    problems = []
    data = located.data
    if len(data.get("history", [])) > len(policy.history):
        problems.append(_at(located, shown, ("history",), f"{len(data['history'])} history notes, but the English "
                            f"record has {len(policy.history)} events"))
    counts: dict[str, int] = {}
    for p in policy.provisions:
        counts[p.dimension] = counts.get(p.dimension, 0) + 1
    for dim_id, entry in data.get("provisions", {}).items():
        if dim_id not in counts:
            problems.append(_at(located, shown, ("provisions", dim_id),
                                f"the English record has no provision on '{dim_id}'"))
        elif isinstance(entry, list) and len(entry) > counts[dim_id]:
            problems.append(_at(located, shown, ("provisions", dim_id), f"{len(entry)} notes, but the English "
                                f"record has {counts[dim_id]} provisions on '{dim_id}'"))
    return problems
