"""The data behind every page, for download: atlas.json, comparison.csv and policies.csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from generator.site import daytext, urls
from generator.compare import research
from generator.compare.derive import NOT_RESEARCHED, Cell, Comparison, Layer
from generator.content.model import Atlas
from generator.content.records import Brief, Policy
from generator.compare.snapshots import cells_on
from generator.site.views import Views, provision_anchor, status_label, value_class


def _policy_json(policy: Policy, views: Views) -> dict:
    status, group = views.policy_status(policy)
    official, original = policy.official_text, policy.title_original
    return {
        "id": policy.id, "title": policy.title, "short_title": policy.short_title,
        "title_original": {"text": original.text, "lang": original.lang} if original else None,
        "official_text": {"url": official.url, "title": official.title, "publisher": official.publisher,
                          "accessed": official.accessed.iso if official.accessed else None} if official else None,
        "jurisdiction": policy.jurisdiction, "applies_to": list(policy.applies_to), "type": policy.type,
        "status": status, "url": views.links.absolute(urls.policy(policy.id)),
        "history": [{"date": e.date.iso, "status": e.status, "note": e.note,
                     "source": e.cite.source if e.cite else None} for e in policy.history],
        "modalities": list(policy.modalities), "summary": policy.summary,
        "provisions": [{"dimension": p.dimension, "sector": p.sector, "value": p.value, "note": p.note,
                        "source": p.cite.source, "pinpoint": p.cite.pinpoint, "from": p.start.iso if p.start else None,
                        "until": p.end.iso if p.end else None} for p in policy.provisions],
        "sources": [{"id": s.id, "kind": s.kind, "title": s.title, "publisher": s.publisher, "url": s.url,
                     "date": s.date.iso if s.date else None, "accessed": s.accessed.iso if s.accessed else None}
                    for s in policy.sources],
        "tags": list(policy.tags)}


def _cell_json(atlas: Atlas, cell: Cell) -> dict:
    winner = cell.winner
    source = atlas.policy[winner.policy].source(winner.provision.cite.source) if winner else None
    return {"jurisdiction": cell.jurisdiction, "dimension": cell.dimension, "sector": cell.sector,
            "status": cell.status, "value": None if cell.status == NOT_RESEARCHED else cell.value,
            "evidence": source.kind if source else None, "policy": winner.policy if winner else None,
            "inherited_from": winner.jurisdiction if winner and winner.inherited else None,
            "note": winner.provision.note if winner else "",
            "source": source.url if source else None, "pinpoint": winner.provision.cite.pinpoint if winner else "",
            "pending": [{"policy": p.policy, "sector": p.provision.sector, "value": p.provision.value,
                         "status": p.status} for p in cell.pending]}


def _cells(atlas: Atlas, comparison: Comparison):
    """Yield every derived cell: one per jurisdiction and dimension, or one per sector where the sectors differ."""
    for j in atlas.jurisdictions:
        for d in atlas.dimensions:
            yield from comparison.sectors(j.id, d.id)


@dataclass(frozen=True)
class JsonParts:
    """atlas.json encoded around its briefs: what comes before them and what after, the records it was made
    from, and each brief's object encoded. A build that changed briefs alone (builds/edited.py) encodes only the
    briefs that changed (10,000 briefs: 0.3 s less for the rest of the atlas, 0.04 s for the other briefs)."""

    head: bytes
    tail: bytes
    made_from: tuple  # (site, dimensions, jurisdictions, policies, comparison, as_of): the very objects
    briefs: tuple = ()  # (brief, its JSON object encoded) for each brief of the atlas the parts were made for

    def fits(self, atlas: Atlas, comparison: Comparison) -> bool:
        """Return whether these parts were made from these records: the same objects (a record edited is a new
        one), the same comparison and the same as-of date."""
        site, dimensions, jurisdictions, policies, made_comparison, as_of = self.made_from
        return (site is atlas.site and made_comparison is comparison and as_of == atlas.as_of
                and _same_objects(dimensions, atlas.dimensions) and _same_objects(jurisdictions, atlas.jurisdictions)
                and _same_objects(policies, atlas.policies))

    def encoded_for(self, atlas: Atlas) -> tuple[bytes, bytes, tuple[bytes, ...]] | None:
        """Return (head, tail, each brief's bytes) if these parts hold exactly the atlas's briefs, else None: what
        another process needs to rejoin them to its own records (rejoined)."""
        if [brief for brief, _ in self.briefs] != list(atlas.briefs):
            return None
        return self.head, self.tail, tuple(data for _, data in self.briefs)


def _same_objects(kept: tuple, now: tuple) -> bool:
    return len(kept) == len(now) and all(a is b for a, b in zip(kept, now))


def atlas_json(atlas: Atlas, comparison: Comparison, views: Views, kept: JsonParts | None = None) -> bytes:
    """Return the whole atlas (records and derived comparison) as JSON; `kept`, where it fits, spares encoding
    all but the briefs again."""
    parts = kept if kept is not None and kept.fits(atlas, comparison) else atlas_json_parts(atlas, comparison, views)
    encoded = {id(brief): data for brief, data in parts.briefs}  # the very objects: an edited brief is a new one
    briefs = [encoded.get(id(brief)) or _brief_json(brief, views) for brief in atlas.briefs]
    return b"".join((parts.head, b"[", b",".join(briefs), b"]", parts.tail))  # compact JSON: a list is its items


def _brief_json(b: Brief, views: Views) -> bytes:
    return _encode({"slug": b.slug, "title": b.title, "date": b.date.iso, "summary": b.summary,
                    "url": views.links.absolute(urls.brief(b.slug))}).encode("utf-8")


def atlas_json_parts(atlas: Atlas, comparison: Comparison, views: Views) -> JsonParts:
    """Return atlas.json encoded around its briefs. The key order is the document's: the briefs come after the
    policies and before the comparison."""
    site = atlas.site
    before = {
        "site": {"title": site.title, "url": site.base_url, "license": site.license, "as_of": atlas.as_of.isoformat()},
        "regions": [{"id": r.id, "label": r.label} for r in site.regions],
        "dimensions": [{"id": d.id, "label": d.label, "question": d.question, "group": d.group, "by_sector": d.by_sector,
                        "values": [{"id": v.id, "label": v.label, "description": v.description, "color": v.color}
                                   for v in d.values]} for d in atlas.dimensions],
        "jurisdictions": [{"id": j.id, "name": j.name, "kind": j.kind, "parent": j.parent or None,
                           "iso_numeric": j.iso_numeric or None, "region": j.region, "summary": j.summary,
                           "url": views.links.absolute(urls.jurisdiction(j.id))} for j in atlas.jurisdictions],
        "policies": [_policy_json(p, views) for p in atlas.policies],
    }
    after = {"comparison": {"as_of": comparison.as_of.isoformat(), "research": _research_json(atlas, comparison),
                            "cells": [_cell_json(atlas, cell) for cell in _cells(atlas, comparison)]}}
    # compact: json's C encoder does not indent, and the indented pure-Python path took a second at 12,000 records
    head = _encode(before)[:-1] + ',"briefs":'  # the object left open
    tail = "," + _encode(after)[1:] + "\n"  # and closed
    return rejoined(atlas, comparison, head.encode("utf-8"), tail.encode("utf-8"),
                    tuple(_brief_json(brief, views) for brief in atlas.briefs))


def rejoined(atlas: Atlas, comparison: Comparison, head: bytes, tail: bytes, briefs: tuple[bytes, ...]) -> JsonParts:
    """Return the JsonParts of this atlas from their bytes: `briefs`, each brief's object encoded in the atlas's
    order (JsonParts.encoded_for, in a forked process that rendered atlas.json; the records are this process's)."""
    return JsonParts(head, tail, (atlas.site, atlas.dimensions, atlas.jurisdictions, atlas.policies, comparison,
                                  atlas.as_of), tuple(zip(atlas.briefs, briefs)))


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _research_json(atlas: Atlas, comparison: Comparison) -> dict:
    found = research.status(atlas, comparison)
    return {"cells": found.total, **found.counts, "official": found.official}


def _cell(value):
    """Defuse text a spreadsheet would run as a formula (=, +, -, @ first): prefix it with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def csv_file(header: list[str], rows: list[list]) -> bytes:
    """Return a CSV file of these rows under this header, with text a spreadsheet would run defused."""
    return _csv(header, rows)


def comparison_csv(atlas: Atlas, comparison: Comparison, views: Views) -> bytes:
    """Return one row per jurisdiction and dimension (one per sector where they differ): value, status, evidence, source."""
    rows = []
    for cell in _cells(atlas, comparison):
        j, d, winner = atlas.jurisdiction[cell.jurisdiction], atlas.dimension[cell.dimension], cell.winner
        policy = atlas.policy[winner.policy] if winner else None
        source = policy.source(winner.provision.cite.source) if winner else None
        researched = cell.status != NOT_RESEARCHED
        rows.append([j.id, j.name, d.id, d.label, cell.sector, cell.status, cell.value if researched else "",
                     d.value(cell.value).label if researched else "", source.kind if source else "",
                     winner.provision.cite.pinpoint if winner else "",
                     policy.id if policy else "", policy.title if policy else "",
                     winner.jurisdiction if winner and winner.inherited else "",
                     winner.provision.note if winner else "", source.title if source else "",
                     source.url if source else "", source.accessed.iso if source and source.accessed else "",
                     ";".join(f"{p.policy}:{p.provision.value}" for p in cell.pending)])
    return _csv(["jurisdiction_id", "jurisdiction", "dimension_id", "dimension", "sector", "status", "value_id", "value",
                 "evidence", "pinpoint", "policy_id", "policy", "inherited_from", "note", "source_title", "source_url",
                 "source_accessed", "pending"], rows)


def policies_csv(atlas: Atlas, views: Views) -> bytes:
    """Return one row per policy with its type, status and dates."""
    rows = []
    for p in atlas.policies:
        status, _ = views.policy_status(p)
        official, original = p.official_text, p.title_original
        rows.append([p.id, p.title, p.short_title, original.text if original else "", original.lang if original else "",
                     p.jurisdiction, p.type, status,
                     p.history[0].date.iso if p.history else "", p.history[-1].date.iso if p.history else "",
                     ";".join(p.modalities), len(p.provisions), len(p.sources),
                     sum(1 for s in p.sources if s.kind == research.OFFICIAL), official.url if official else "",
                     official.accessed.iso if official and official.accessed else "",
                     views.links.absolute(urls.policy(p.id))])
    return _csv(["id", "title", "short_title", "title_original", "title_original_lang", "jurisdiction", "type",
                 "status", "first_date", "last_date", "modalities", "provisions", "sources", "official_sources",
                 "official_text_url", "official_text_accessed", "url"], rows)


def snapshot_dates(atlas: Atlas) -> list[tuple[str, dt.date]]:
    """Return the (key, date) pairs the compare page can switch to, newest first.

    The as-of date itself (key '') and 1 January of every year from the earliest dated history
    event to the as-of year. When the as-of date is a 1 January, that year's key names it.
    """
    as_of = atlas.as_of
    years = [e.date.first.year for p in atlas.policies for e in p.history]
    first = min(years, default=as_of.year)
    dates = [("" if as_of != dt.date(as_of.year, 1, 1) else str(as_of.year), as_of)]
    dates += [(str(year), dt.date(year, 1, 1)) for year in range(as_of.year, first - 1, -1)
              if dt.date(year, 1, 1) != as_of]
    return dates


def compare_years(atlas: Atlas, views: Views) -> bytes:
    """Return the comparison derived on each snapshot date, compactly, for the compare page's year control.

    `provisions` lists every provision once: [policy id, dimension index, value index, note, source URL,
    source title, source kind, pinpoint, the provision's id on its policy's page] (the page gives the words
    for the kinds: pages.table_words). Each snapshot's `cells` has one list per jurisdiction (in
    `jurisdictions` order) of one entry per dimension (in `dimensions` order): -1 when no record covers
    the cell, else the index of the provision the cell rests on; or, when the rule is inherited or
    changes are pending, a list [provision index or -1, the jurisdiction it is inherited from or "",
    [pending provision index, status], ...]; or, where the public and the private sector differ,
    {"public": entry, "private": entry}. Everything here is derived in Python (compare.derive's cells,
    worked out for all the dates at once by snapshots.cells_on); the page only displays it.
    """
    days = snapshot_dates(atlas)
    provisions = _ProvisionTable(atlas)
    rows = _snapshot_rows(atlas, [day for _, day in days], provisions)
    snapshots = [{"key": key, "date": day.isoformat(), "label": daytext.day(day, atlas.site.language), "cells": cells}
                 for (key, day), cells in zip(days, rows)]
    used = sorted({p[0] for p in provisions.rows})
    document = {
        "format": 2,
        "as_of": atlas.as_of.isoformat(),
        "dimensions": [{"id": d.id, "label": d.label, "values": [{"id": v.id, "label": v.label,
                                                                  "css": value_class(d.id, v.id)} for v in d.values]}
                       for d in atlas.dimensions],
        "jurisdictions": [{"id": j.id, "name": j.name} for j in atlas.jurisdictions],
        "policies": {pid: [views.policy_ref(pid).text, views.policy_ref(pid).url] for pid in used},
        "provisions": provisions.rows,
        "snapshots": snapshots,
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _snapshot_rows(atlas: Atlas, days: list[dt.date], provisions: _ProvisionTable) -> list[list[list]]:
    """Return, for each day, one row per jurisdiction of each dimension's cell code.

    Day by day, as provisions are numbered in the order the snapshots first use them.
    """
    columns = list(cells_on(atlas, days).values())  # each jurisdiction's cells, dimension by dimension
    width = len(atlas.dimensions)
    codes: list = [None] * len(columns)
    rows = []
    for i in range(len(days)):
        for c, cells in enumerate(columns):
            if i == 0 or cells[i] is not cells[i - 1]:  # an unchanged cell is the same object: same code
                codes[c] = _cell_code(cells[i], provisions, atlas)
        rows.append([codes[start:start + width] for start in range(0, len(codes), width)])
    return rows


class _ProvisionTable:
    """The provisions compare-years.json lists, each once, numbered in the order first used."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.rows: list[list] = []
        self._dimension_index = {d.id: i for i, d in enumerate(atlas.dimensions)}
        # Layers hold the atlas's own Provision objects: find each one's place in its policy by identity.
        self._place: dict[tuple[str, int], int] = {}
        for policy in atlas.policies:
            for i, provision in enumerate(policy.provisions):
                self._place.setdefault((policy.id, id(provision)), i)
        self._number: dict[tuple[str, int], int] = {}

    def number(self, layer: Layer) -> int:
        """Return the number of the layer's provision, listing it first if it is new."""
        key = (layer.policy, self._place[(layer.policy, id(layer.provision))])
        if key not in self._number:
            self._number[key] = len(self.rows)
            self.rows.append(self._row(layer))
        return self._number[key]

    def _row(self, layer: Layer) -> list:
        policy, provision = self.atlas.policy[layer.policy], layer.provision
        dimension = self.atlas.dimension[provision.dimension]
        source = policy.source(provision.cite.source)
        return [policy.id, self._dimension_index[dimension.id], dimension.rank(provision.value),
                provision.note, source.url, source.title, source.kind, provision.cite.pinpoint,
                provision_anchor(dimension.id, provision.sector)]


def _cell_code(cells: tuple[Cell, ...], provisions: _ProvisionTable, atlas: Atlas) -> int | list | dict:
    """Return a cell, or both sectors' cells, as compare-years.json writes them (see compare_years)."""
    if len(cells) == 1:
        return _one_code(cells[0], provisions, atlas)
    return {cell.sector: _one_code(cell, provisions, atlas) for cell in cells}


def _one_code(cell: Cell, provisions: _ProvisionTable, atlas: Atlas) -> int | list:
    winner = provisions.number(cell.winner) if cell.winner else -1
    via = cell.winner.jurisdiction if cell.winner and cell.winner.inherited else ""
    if not via and not cell.pending:
        return winner
    return [winner, via, *([provisions.number(p), status_label(atlas.policy[p.policy].type, p.status)]
                           for p in cell.pending)]
