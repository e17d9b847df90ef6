"""The contexts of the change pages (/changes/, /changes/<year>/) and the change sections of other pages."""

from __future__ import annotations

import datetime as dt

from generator.site import exports, jswords, urls
from generator.site.changeviews import ChangeViews, newest_first
from generator.site.views import N_, Views

CHANGES_IN = N_("Changes in %(year)s")  # a year's page title, as changes_year.html's heading says it
LATEST = 20  # changes listed on /changes/ and on a dimension's page


class ChangePages:
    """Builds what the change pages and the change sections of policy, jurisdiction and dimension pages show."""

    def __init__(self, views: Views):
        self.views = views
        self.atlas = views.atlas
        self.log = ChangeViews(views)

    def prepare(self) -> None:
        """Work out the change log now (before workers fork, so that they share it)."""
        self.log.log  # noqa: B018

    def done(self, changes):
        return [c for c in changes if not c.future]

    def index(self) -> dict:
        years = self.log.years()
        choices = [{"key": key, "label": self.log.human(day), "iso": day.isoformat()}
                   for key, day in exports.snapshot_dates(self.atlas)]
        latest = self.log.changes(newest_first(self.log.log.changes, LATEST, self.atlas.as_of))
        return {"title": "Changes", "years": years, "latest": latest, "choices": choices,
                "total": sum(y.changes for y in years),
                "years_url": self.views.link(urls.data_file("compare-years.json")),
                "jurisdiction_base": self.views.link(urls.jurisdictions()),
                "dimension_base": self.views.link(urls.compare()),
                "words": jswords.changes_words(self.views.translate, self.atlas)}

    def year(self, key: str) -> dict:
        year = int(key)
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), self.atlas.as_of)
        changes = self.log.in_year(year)
        differ, repeated = self.log.net(start, end) if start <= end else (0, [])
        known = self.log.years_range
        return {"title": self.views.translate(CHANGES_IN) % {"year": year}, "year": year, "changes": changes,
                "done": len(self.done(changes)), "scheduled": len(changes) - len(self.done(changes)),
                "differ": differ, "repeated": repeated, "net_end": self.log.human(end),
                "net_start": self.log.human(start - dt.timedelta(days=1)), "future": start > self.atlas.as_of,
                "earlier": self.views.link(urls.changes_year(year - 1)) if year - 1 in known else "",
                "later": self.views.link(urls.changes_year(year + 1)) if year + 1 in known else "",
                "index": self.views.link(urls.changes())}

    def provision_steps(self) -> list[tuple]:
        """Return (cause, scheduled, cells changed) for each provision's own start or end date that changed cells."""
        counts: dict = {}
        for change in self.log.log.changes:
            for cause in change.causes:
                if cause.event < 0:
                    counts[cause] = counts.get(cause, 0) + 1
        return [(self.log.cause(cause), cause.date.first > self.atlas.as_of, count) for cause, count in counts.items()]

    def for_policy(self, policy_id: str) -> dict:
        """Return the policy page's change section: what it changed and, if pending, what it would change."""
        parts = {"changed": self.log.of_policy(policy_id), "changes_url": self.views.link(urls.changes()),
                 "would_change": None}
        if policy_id in self.log.pending:
            parts["would_change"] = self.log.changes(self.log.scenario((policy_id,))[1])
        return parts

    def for_jurisdiction(self, jurisdiction_id: str) -> dict:
        return {"changed": self.log.of_jurisdiction(jurisdiction_id),
                "feed": self.views.link(urls.jurisdiction_feed(jurisdiction_id))}

    def for_dimension(self, dimension_id: str) -> dict:
        return {"changed": self.log.of_dimension(dimension_id, LATEST, done=True),
                "feed": self.views.link(urls.dimension_feed(dimension_id))}
