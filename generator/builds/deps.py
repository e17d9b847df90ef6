"""What each page is made from: the records, sets of records and settings whose change must rebuild it.

Keys: 'site', 'dimensions', 'j:<id>', 'p:<id>', 'b:<slug>' (a brief as other pages see it: all but
its text), and 'all:j', 'all:p', 'all:b' for pages that show every record of a kind; 'list:b' is the briefs'
order alone (which there are), for a page that shows a few of them and their count; 'shared:p' the short
titles more than one policy has (a policy page's title names its jurisdiction beside one); 'pages' which pages
there are (the sitemap lists them: a translation added or removed changes them, and no record); 'feed:b' which
briefs are the newest (feeds.newest_briefs: the Atom feeds show those, with their 'b:<slug>', and no other). A
brief's own page depends on its text too ('b:<slug>:body', added by manifest.with_text). Templates, the generator
and the as-of date count for every page (see incremental.py).
"""

from __future__ import annotations

from functools import cached_property

from generator.content.model import Atlas
from generator.site.feeds import newest_briefs
from generator.site.pages import HOME_BRIEFS
from generator.site.plan import briefs_on

ALL_RECORDS = ("dimensions", "all:j", "all:p")


class Dependencies:
    """The dependency keys of every page of one atlas; the reverse indexes are worked out once."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    @cached_property
    def _feed_briefs(self) -> tuple[str, ...]:
        return tuple(f"b:{brief.slug}" for brief in newest_briefs(self.atlas.briefs))

    @cached_property
    def _reach(self) -> dict[str, set[str]]:
        """Policies that apply in each jurisdiction: made by it or an ancestor, or applied to one directly."""
        held: dict[str, set[str]] = {}
        for policy in self.atlas.policies:
            for holder in (policy.jurisdiction, *policy.applies_to):
                held.setdefault(holder, set()).add(policy.id)
        return {j.id: set().union(*(held.get(h, ()) for h in self.atlas.chain[j.id])) for j in self.atlas.jurisdictions}

    @cached_property
    def _applies_in(self) -> dict[str, set[str]]:
        """The jurisdictions each policy applies in (the reverse of _reach)."""
        places: dict[str, set[str]] = {p.id: set() for p in self.atlas.policies}
        for jurisdiction, policies in self._reach.items():
            for policy in policies:
                places[policy].add(jurisdiction)
        return places

    def __call__(self, kind: str, key: str) -> tuple[str, ...]:
        """Return the sorted dependency keys of one page."""
        keys = {"site"}
        if kind == "home":  # the newest briefs' cards and how many there are, not every summary
            keys.update(ALL_RECORDS + ("list:b",) + tuple(f"b:{b.slug}" for b in self.atlas.briefs[:HOME_BRIEFS]))
        elif kind == "sitemap":  # every page's address: which pages there are, not what they show
            keys.add("pages")
        elif kind == "atlas_json":
            keys.update(ALL_RECORDS + ("all:b",))
        elif kind in ("labels", "compare", "side_by_side", "compare_years", "dimension", "comparison_csv", "timeline",
                      "policies", "policies_csv", "jurisdictions", "changes", "changes_year", "dimension_feed",
                      "if_enacted", "if_enacted_dimension", "if_enacted_csv", "if_enacted_json", "corrections",
                      "corrections_feed", "map_svg", "map_us_svg", "overview", "research"):
            keys.update(ALL_RECORDS)
        elif kind == "feed":  # the newest briefs and which those are, not every summary
            keys.update(("all:p", "feed:b", *self._feed_briefs))
        elif kind == "briefs":  # one page of the list: its briefs' cards, and which briefs there are (the pages)
            keys.update(("list:b", *(f"b:{b.slug}" for b in briefs_on(self.atlas, key))))
        elif kind == "values_css":
            keys.add("dimensions")
        elif kind == "jurisdiction":
            keys.update(self._jurisdiction(key))
        elif kind == "jurisdiction_feed":
            keys.update(self._jurisdiction(key) - set(self._briefs_about(key)))
        elif kind == "policy":
            keys.update(self._policy(key))
        elif kind == "brief":
            keys.update(self._brief(key))
        return tuple(sorted(keys))

    def _briefs_about(self, record_id: str) -> list[str]:
        return [f"b:{slug}" for slug in self.atlas.linked_from.get(record_id, ())]

    def _rules_in(self, jurisdiction: str) -> set[str]:
        """Return the keys of what a cell of the jurisdiction can show: its chain, the policies reaching it and their makers."""
        keys = {f"j:{j}" for j in self.atlas.chain[jurisdiction]}
        for policy in self._reach[jurisdiction]:
            keys.update((f"p:{policy}", f"j:{self.atlas.policy[policy].jurisdiction}"))
        return keys

    def _jurisdiction(self, key: str) -> set[str]:
        atlas = self.atlas
        keys = {"dimensions", *(f"j:{c}" for c in atlas.children[key])}
        keys.update(self._rules_in(key))
        keys.update(self._briefs_about(key))
        return keys

    def _policy(self, key: str) -> set[str]:
        policy = self.atlas.policy[key]
        keys = {"dimensions", f"p:{key}", f"j:{policy.jurisdiction}", "shared:p"}  # shared:p: its page's title
        keys.update(f"j:{j}" for j in self._applies_in[key])  # the 'Applies in' list
        for jurisdiction in self._applies_in[key]:  # the cells it changed or would change, before and after
            keys.update(self._rules_in(jurisdiction))
        keys.update(self._briefs_about(key))
        return keys

    def _brief(self, key: str) -> set[str]:
        atlas = self.atlas
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
