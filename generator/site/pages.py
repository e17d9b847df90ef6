"""The context of each HTML page kind: view objects only, built from the atlas and comparison."""

from __future__ import annotations

import functools

from generator.compare.derive import BOTH, NOT_RESEARCHED, SECTORS
from generator.content.records import Jurisdiction, Policy
from generator.content.validate import KINDS
from generator.site import corrections, exports, jswords, mapfiles, urls
from generator.site.changepages import ChangePages
from generator.site.languages import join_lines
from generator.site.mapviews import MAP_TITLE, WORLD_MAP, MapViews
from generator.site.markdown import make_renderer, render_markdown
from generator.site.overview import Overview
from generator.site.plan import Page, brief_list_pages, briefs_on
from generator.site.researchviews import ResearchViews
from generator.site.rows import (BriefCard, CellRow, Event, JurisdictionRow, PageInfo, PolicyRow, ProvisionView,
                                 SectorLink)
from generator.site.views import (N_, ALL, DIFFERS_IN, KIND_LABELS, NO_RECORD_TITLE, RESEARCH_LABELS, SECTOR_LABELS,
                                  SECTOR_WORDS, SOURCE_KIND_LABELS, SOURCE_KIND_WORDS, TYPE_LABELS, VIEWS, Built, Views,
                                  provision_anchor, status_group, status_label, value_class)
from generator.site.whatif import WhatIfPages

VIEWED = ("compare", "dimension")  # page kinds made once for each view of the sectors (plan.py)

HOME_BRIEFS = 5  # the home page shows the newest five briefs (builds/deps.py: it depends on those alone)


def shared_short_titles(policies) -> frozenset[str]:
    """Return the short titles more than one policy has: a policy page's title names its jurisdiction beside one
    (builds/incremental.py hashes them: every policy page depends on them)."""
    seen: dict[str, int] = {}
    for policy in policies:
        if policy.short_title:
            seen[policy.short_title] = seen.get(policy.short_title, 0) + 1
    return frozenset(title for title, count in seen.items() if count > 1)


class Contexts:
    """Returns the template context for each page; one method per page kind."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas
        self.maps = MapViews(views)
        self.researching = ResearchViews(views)
        self._policy_rows = Built(self._policy_row)
        self._jurisdiction_rows = Built(self._jurisdiction_row)
        self._brief_cards = Built(self._brief_card)
        self._menu = [(item.label, views.link(item.path)) for item in self.atlas.site.navigation]
        self.change_pages = ChangePages(views)
        self.what_if = WhatIfPages(self)
        self._within: dict[str, set[str]] = {}  # jurisdiction -> itself and every jurisdiction below it
        for j in self.atlas.jurisdictions:
            for holder in self.atlas.chain[j.id]:
                self._within.setdefault(holder, set()).add(j.id)

    def __call__(self, page: Page) -> dict:
        """Return the template context of a page: its kind's views, and `page` for base.html."""
        context = getattr(self, page.kind)(page.key, page.view) if page.kind in VIEWED else getattr(self, page.kind)(page.key)
        url = self.views.link(page.site_path)
        context["page"] = PageInfo(page.kind, url, self.views.links.absolute(page.site_path),
                                   page.site_path.split("/")[0], self._navigation(url))
        return context

    def _navigation(self, url: str) -> tuple[tuple[str, str, bool], ...]:
        """Return the site's navigation marked for the page at `url`: the home link only on the home page."""
        home = self.views.link(urls.home())
        return tuple((label, link, link == url or (url.startswith(link) and link != home))
                     for label, link in self._menu)

    # -- shared pieces ---------------------------------------------------------
    def events(self, policies=None, counted: bool = False) -> list[Event]:
        """Return the history events of `policies` (all by default), newest first; `counted`: with cells changed."""
        events = []
        for policy in self.atlas.policies if policies is None else policies:
            counts = self.change_pages.log.counts(policy.id) if counted else {}
            for event in policy.history:
                events.append(Event(self.views.date(event.date), event.date.iso, self.views.policy_ref(policy.id),
                                    self.views.jurisdiction_ref(policy.jurisdiction),
                                    status_label(policy.type, event.status), status_group(event.status),
                                    event.note, event.date.first > self.atlas.as_of, counts.get(event.index, 0)))
        return sorted(events, key=lambda e: (e.iso, e.policy.id, e.status), reverse=True)

    def policy_row(self, policy_id: str) -> PolicyRow:
        return self._policy_rows[policy_id]

    def _policy_row(self, policy_id: str) -> PolicyRow:
        policy = self.atlas.policy[policy_id]
        label, group = self.views.policy_status(policy)
        return PolicyRow(self.views.policy_ref(policy_id), policy.title, TYPE_LABELS[policy.type], policy.type,
                         label, group, self.views.jurisdiction_ref(policy.jurisdiction),
                         policy.history[0].date.iso if policy.history else "")

    def jurisdiction_row(self, jurisdiction: Jurisdiction) -> JurisdictionRow:
        return self._jurisdiction_rows[jurisdiction.id]

    def _jurisdiction_row(self, jurisdiction_id: str) -> JurisdictionRow:
        jurisdiction = self.atlas.jurisdiction[jurisdiction_id]
        return JurisdictionRow(
            self.views.jurisdiction_ref(jurisdiction.id), KIND_LABELS[jurisdiction.kind], jurisdiction.kind,
            self._region(jurisdiction.region), jurisdiction.region,
            self.views.jurisdiction_ref(jurisdiction.parent) if jurisdiction.parent else None,
            len(self.atlas.policies_of[jurisdiction.id]))

    def _applies_in(self, policy: Policy) -> set[str]:
        """Return the jurisdictions whose chain holds the policy's maker or one it applies to."""
        return set().union(*(self._within.get(holder, ()) for holder in (policy.jurisdiction, *policy.applies_to)))

    def _region(self, region_id: str) -> str:
        return next(r.label for r in self.atlas.site.regions if r.id == region_id)

    def brief_card(self, slug: str) -> BriefCard:
        return self._brief_cards[slug]

    def _brief_card(self, slug: str) -> BriefCard:
        brief = self.atlas.brief[slug]
        return BriefCard(self.views.brief_ref(slug), brief.summary, self.views.date(brief.date), brief.date.iso,
                         brief.draft)

    def dimension_groups(self) -> list[dict]:
        groups: list[dict] = []
        for d in self.atlas.dimensions:
            if not groups or groups[-1]["label"] != d.group:
                groups.append({"label": d.group, "dimensions": []})
            groups[-1]["dimensions"].append(self.views.dimension_ref(d.id))
        return groups

    def sector_links(self, path, view: str) -> list[SectorLink]:
        """Return the sector switch: a link to the page `path(view)` for each view, the current one marked."""
        return [SectorLink(SECTOR_LABELS[v], self.views.link(path(v)), v == view) for v in VIEWS]

    def map_file(self, dimension_id: str, which: str) -> bytes:
        """Return one map of a dimension as a standalone SVG file (mapfiles.WORLD or mapfiles.US)."""
        return self.maps.map_file(dimension_id, which)

    # -- page kinds --------------------------------------------------------------
    def home(self, _key: str) -> dict:
        featured = self.atlas.site.featured_dimension or self.atlas.dimensions[0].id
        recent = [e for e in self.events() if not e.future][:8]
        return {"title": self.atlas.site.title, "featured": self.views.dimension_ref(featured),
                "featured_question": self.atlas.dimension[featured].question,
                "counts": self.maps.value_counts(featured), "maps": self.maps.maps(featured), "research": self.researching.status(),
                "briefs": [self.brief_card(b.slug) for b in self.atlas.briefs[:HOME_BRIEFS]],
                "events": recent, "totals": {"jurisdictions": len(self.atlas.jurisdictions),
                                             "policies": len(self.atlas.policies), "briefs": len(self.atlas.briefs),
                                             "dimensions": len(self.atlas.dimensions)}}

    def filters(self) -> dict:
        """Return the choices of the compare page's filter controls: regions, kinds and snapshot dates."""
        present = {j.kind for j in self.atlas.jurisdictions}
        return {"regions": [r for r in self.atlas.site.regions
                            if any(j.region == r.id for j in self.atlas.jurisdictions)],
                "kinds": [(kind, label) for kind, label in KIND_LABELS.items() if kind in present],
                "years": [{"key": key, "label": self.change_pages.log.human(day), "latest": i == 0}
                          for i, (key, day) in enumerate(exports.snapshot_dates(self.atlas))],
                "years_url": self.views.link(urls.data_file("compare-years.json"))}

    def compare(self, _key: str, view: str = ALL) -> dict:
        rows = [CellRow(self.jurisdiction_row(j), cells=self.views.row(j, view)) for j in self.atlas.jurisdictions]
        return {"title": "Compare" if view == ALL else f"Compare: {SECTOR_LABELS[view].lower()}", "view": view,
                "view_label": SECTOR_LABELS[view], "sectors": self.sector_links(urls.compare, view),
                "groups": self.dimension_groups(), "research": self.researching.status(),
                "dimensions": [self.atlas.dimension[d.id] for d in self.atlas.dimensions],
                "dimension_urls": {d.id: self.views.link(urls.dimension(d.id, view if d.by_sector else ALL))
                                   for d in self.atlas.dimensions}, "rows": rows,
                "filters": self.filters(), "side_by_side": self.views.link(urls.side_by_side()),
                "words": self.table_words()}

    def table_words(self) -> dict:
        """Return the words static/compare.js writes into cells for other dates, in the page's language."""
        t = self.views.translate
        return {**jswords.compare_words(t, self.views.marks, self.atlas),
                "sectors": {s: [t(SECTOR_LABELS[s]), t(SECTOR_WORDS[s])] for s in SECTORS},
                "kinds": {k: [t(label), t(SOURCE_KIND_WORDS[k])] for k, label in SOURCE_KIND_LABELS.items()},
                "not_researched": t(RESEARCH_LABELS[NOT_RESEARCHED]),
                "no_record": t(NO_RECORD_TITLE), "differs_in": t(DIFFERS_IN)}

    def side_by_side(self, _key: str) -> dict:
        choices = []
        for region in self.atlas.site.regions:
            members = [self.views.jurisdiction_ref(j.id) for j in self.atlas.jurisdictions if j.region == region.id]
            if members:
                choices.append({"label": region.label, "id": region.id, "jurisdictions": members})
        sections = []
        for group in self.dimension_groups():
            sections.append({"label": group["label"], "dimensions": [
                {"ref": ref, "question": self.atlas.dimension[ref.id].question,
                 "rows": [CellRow(self.views.jurisdiction_ref(j.id), self.views.cell(j.id, ref.id))
                          for j in self.atlas.jurisdictions]}
                for ref in group["dimensions"]]})
        return {"title": "Side by side", "choices": choices, "groups": sections,
                "words": jswords.side_by_side_words(self.views.translate),
                "compare": self.views.link(urls.compare()),
                "sectors": [(v, SECTOR_LABELS[v], self.views.link(urls.compare(v))) for v in VIEWS]}

    def dimension(self, key: str, view: str = ALL) -> dict:
        dimension = self.atlas.dimension[key]
        rows = [CellRow(self.jurisdiction_row(j), self.views.cell(j.id, key, view)) for j in self.atlas.jurisdictions]
        rows.sort(key=lambda r: (r.cell.rank, r.jurisdiction.ref.text.casefold()))
        title = dimension.label if view == ALL else self.views.marks.label_value(
            dimension.label, self.views.translate(SECTOR_LABELS[view]).lower())  # no catalog entry: made translated
        t = self.views.translate
        alt = join_lines(f"{t(WORLD_MAP)} {t(MAP_TITLE) % {'label': dimension.label, 'question': dimension.question}}")
        embed = mapfiles.embed_snippet(self.views.links.absolute(urls.map_file(key, mapfiles.WORLD)), alt,
                                       self.views.links.absolute(urls.dimension(key)), self.atlas.site, self.atlas.as_of)
        files = {which: self.views.link(urls.map_file(key, which)) for which in (mapfiles.WORLD, mapfiles.US)}
        return {"title": title, "dimension": dimension, "view": view, "view_label": SECTOR_LABELS[view],
                "sectors": self.sector_links(lambda v: urls.dimension(key, v), view) if dimension.by_sector else [],
                "rows": rows, "counts": self.maps.value_counts(key, view), "maps": self.maps.maps(key, view),
                "compare": self.views.link(urls.compare(view)), "embed": embed, "map_files": files,
                "changes": self.change_pages.for_dimension(key),
                "all": [self.views.dimension_ref(d.id) for d in self.atlas.dimensions]}

    def jurisdictions(self, _key: str) -> dict:
        regions = []
        for region in self.atlas.site.regions:
            members = [self.jurisdiction_row(j) for j in self.atlas.jurisdictions if j.region == region.id]
            if members:
                regions.append({"label": region.label, "id": region.id, "rows": members})
        return {"title": "Jurisdictions", "regions": regions}

    def jurisdiction(self, key: str) -> dict:
        jurisdiction = self.atlas.jurisdiction[key]
        chain = self.atlas.chain[key]
        inherited = [self.policy_row(p) for holder in chain[1:] for p in self.atlas.policies_of[holder]]
        return {"title": jurisdiction.name, "jurisdiction": jurisdiction, "row": self.jurisdiction_row(jurisdiction),
                "kind": KIND_LABELS[jurisdiction.kind], "region": self._region(jurisdiction.region),
                "ancestors": [self.views.jurisdiction_ref(a) for a in reversed(chain[1:])],
                "children": [self.views.jurisdiction_ref(c) for c in self.atlas.children[key]],
                "cells": self.views.row(jurisdiction),
                "policies": [self.policy_row(p) for p in self.atlas.policies_of[key]], "inherited": inherited,
                "briefs": [self.brief_card(s) for s in self.atlas.linked_from.get(key, ())],
                "side_by_side": f"{self.views.link(urls.side_by_side())}?j={key}",
                "changes": self.change_pages.for_jurisdiction(key)}

    def policies(self, _key: str) -> dict:
        rows = [self.policy_row(p.id) for p in self.atlas.policies]
        rows.sort(key=lambda r: (r.jurisdiction.text.casefold(), r.first, r.ref.id))
        return {"title": "Policies", "rows": rows, "types": TYPE_LABELS}

    @functools.cached_property
    def _shared_short_titles(self) -> frozenset[str]:
        return shared_short_titles(self.atlas.policies)

    def _policy_title(self, policy: Policy) -> str:
        """The policy page's title (the tab's, the citation's): its short title, with its jurisdiction where another
        policy has the same one (PDPA (Singapore)); its title where it has none."""
        if not policy.short_title:
            return policy.title
        if policy.short_title not in self._shared_short_titles:
            return policy.short_title
        return self.views.marks.aside(policy.short_title, self.views.jurisdiction_ref(policy.jurisdiction).text)

    def policy(self, key: str) -> dict:
        policy = self.atlas.policy[key]
        label, group = self.views.policy_status(policy)
        provisions = []
        for provision in sorted(policy.provisions, key=lambda p: self.atlas.dimension[p.dimension].index):
            dimension = self.atlas.dimension[provision.dimension]
            value = dimension.value(provision.value)
            provisions.append(ProvisionView(
                self.views.dimension_ref(dimension.id), dimension.question, value, value_class(dimension.id, value.id),
                provision.note, self.views.source(policy.source(provision.cite.source)), provision.cite.pinpoint,
                self.views.date(provision.start), self.views.date(provision.end),
                provision_anchor(dimension.id, provision.sector),
                SECTOR_LABELS[provision.sector] if provision.sector != BOTH else ""))
        applies_in = self._applies_in(policy)
        reach = [self.views.jurisdiction_ref(j.id) for j in self.atlas.jurisdictions if j.id in applies_in]
        return {"title": self._policy_title(policy), "policy": policy, "type": TYPE_LABELS[policy.type],
                "status": label, "group": group, "jurisdiction": self.views.jurisdiction_ref(policy.jurisdiction),
                "events": list(reversed(self.events([policy], counted=True))), "provisions": provisions,
                "sources": [self.views.source(s) for s in policy.sources], "reach": reach,
                "modalities": [self.atlas.site.modality_label(m) for m in policy.modalities],
                "briefs": [self.brief_card(s) for s in self.atlas.linked_from.get(key, ())],
                "changes": self.change_pages.for_policy(key),
                "what_if_maps": [(self.views.dimension_ref(d), self.views.link(urls.if_enacted_dimension(d, key)))
                                 for d in sorted({v.dimension for v in policy.provisions},
                                                 key=lambda d: self.atlas.dimension[d].index)]
                if key in self.what_if.log.pending else []}

    def briefs(self, key: str) -> dict:
        """One page of the list of briefs; its page navigation names the first, the last and two either side."""
        number, count = int(key or 1), brief_list_pages(self.atlas)
        shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
        pages = []
        for n in shown:
            if pages and n > pages[-1][0] + 1:
                pages.append((0, ""))  # a gap, shown as an ellipsis
            pages.append((n, self.views.link(urls.briefs(n))))
        return {"title": "Briefs", "number": number, "count": count, "pages": pages,
                "previous": self.views.link(urls.briefs(number - 1)) if number > 1 else "",
                "next": self.views.link(urls.briefs(number + 1)) if number < count else "",
                "briefs": [self.brief_card(b.slug) for b in briefs_on(self.atlas, key)]}

    @functools.cached_property
    def _markdown(self):
        """The briefs' Markdown renderer, its heading links labelled in the page's language (views.translate is
        set by the time a page is rendered)."""
        return make_renderer(self.views.translate(N_("Link to this section")))  # markdown.ANCHOR_LABEL

    def brief(self, key: str) -> dict:
        brief = self.atlas.brief[key]

        def resolve(record_id: str):
            ref = self.views.record_ref(record_id)
            return (ref.url, ref.text) if ref else None

        return {"title": brief.title, "brief": brief, "body": render_markdown(self._markdown, brief.body, resolve),
                "date": self.views.date(brief.date), "iso": brief.date.iso,
                "updated": self.views.date(brief.updated),
                "jurisdictions": [self.views.jurisdiction_ref(j) for j in brief.jurisdictions],
                "policies": [self.policy_row(p) for p in brief.policies]}

    def research(self, _key: str) -> dict:
        return self.researching.page()

    def timeline(self, _key: str) -> dict:
        steps = [Event(c.date, c.iso, c.policy, c.jurisdiction, c.status, c.group, "", future, count)
                 for c, future, count in self.change_pages.provision_steps()]  # dated provisions that changed cells
        events = sorted(self.events(counted=True) + steps, key=lambda e: (e.iso, e.policy.id, e.status), reverse=True)
        years: list[dict] = []
        for event in events:
            year = event.iso[:4]
            if not years or years[-1]["year"] != year:
                years.append({"year": year, "events": []})
            years[-1]["events"].append(event)
        return {"title": "Timeline", "years": years}

    def if_enacted(self, key: str) -> dict:
        return self.what_if.page(key)

    def if_enacted_dimension(self, key: str) -> dict:
        return self.what_if.dimension(key)

    def overview(self, _key: str) -> dict:
        return Overview(self.views).page()

    def corrections(self, _key: str) -> dict:
        return corrections.page(self.atlas, self.views)

    def changes(self, _key: str) -> dict:
        return self.change_pages.index()

    def changes_year(self, key: str) -> dict:
        return self.change_pages.year(key)

    def data(self, _key: str) -> dict:
        return {"title": "Data", "schemas": [{"kind": k, "url": self.views.link(urls.schema_file(k))} for k in KINDS],
                "files": {name: self.views.link(urls.data_file(name))
                          for name in ("atlas.json", "comparison.csv", "policies.csv")}}

    def search(self, _key: str) -> dict:
        return {"title": "Search", "indexes": [self.views.link(urls.briefs()), self.views.link(urls.policies()),
                                               self.views.link(urls.jurisdictions())]}

    def not_found(self, _key: str) -> dict:
        return {"title": "Page not found"}
