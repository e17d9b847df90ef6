"""The words the theme's scripts write into pages (static/compare.js, side-by-side.js), in the page's language.

A script gets them as JSON in a data-words attribute and fills in the %(name)s slots itself, so no
English sentence is built in JavaScript: every one is here, marked for pybabel and translated with
the templates' catalog. Value and dimension labels come translated too, for the cells a script
writes from data/compare-years.json (whose labels are the default language's).
"""

from __future__ import annotations

from typing import Callable

from generator.content.model import Atlas
from generator.site.punctuation import Punctuation
from generator.site.views import N_, STATUS_LABELS

COMPARE = {
    "showing": N_("Showing %(shown)s of %(total)s jurisdictions"),
    "sort_by": N_("Sort by %(label)s"),
    "jurisdiction_name": N_("jurisdiction name"),
    "source_for": N_("Source for %(j)s, %(d)s:"),  # as templates/macros.html writes it
    "source_for_sector": N_("Source for %(j)s, %(d)s, %(s)s:"),
    "via_id": N_("via %(id)s"),
    "inherited_from": N_("Inherited from %(name)s"),
    "pending_count": N_("+%(count)s pending"),
    "pending": N_("Pending:"),
    "would_make_it": N_("%(policy)s (%(status)s) would make it %(value)s"),
    "could_not_load": N_("Could not load other dates; showing %(date)s."),
}

SIDE_BY_SIDE = {
    "choose": N_("Choose two to four jurisdictions."),
    "chosen_more": N_("Chosen: %(names)s. Choose at least one more."),
    "comparing": N_("Comparing %(names)s."),
    "most": N_("That is the most at once: uncheck one to choose another."),
    "caption": N_("Side by side: %(names)s"),
    "caption_sector": N_("Side by side: %(names)s (%(sector)s)"),
    "dimension": N_("Dimension"),
    "all_differ": N_("All differ"),
    "differs": N_("Differs"),
    "unlike": N_("Unlike the others"),
    "pending": N_("Pending:"),
    "summary": N_("%(differing)s of %(total)s dimensions differ."),
    "summary_only": N_("%(differing)s of %(total)s dimensions differ; showing only those."),
    "marks": N_("“Differs” marks a dimension where the values are not all the same, “All differ” one where no "
                "two are alike, and “Unlike the others” a value that none of the others shares while some of "
                "them agree."),
    "change": N_("Change jurisdictions (%(count)s chosen)"),
    "choose_short": N_("Choose jurisdictions"),
}


CHANGES = {
    "status_one": N_("%(count)s cell differs between %(from)s and %(to)s."),
    "status_other": N_("%(count)s cells differ between %(from)s and %(to)s."),
    "caption": N_("Cells that differ between %(from)s and %(to)s"),
}


def changes_words(translate: Callable[[str], str], atlas: Atlas) -> dict:
    """Return changes.js's sentences and the atlas's names and labels, in the atlas's language."""
    return {**{key: translate(text) for key, text in CHANGES.items()},
            "values": {d.id: {v.id: v.label for v in d.values} for d in atlas.dimensions},
            "dimensions": {d.id: d.label for d in atlas.dimensions},
            "jurisdictions": {j.id: j.name for j in atlas.jurisdictions}}


def compare_words(translate: Callable[[str], str], marks: Punctuation, atlas: Atlas) -> dict:
    """Return compare.js's sentences, status words, marks and the atlas's value labels, in the atlas's language."""
    return {**{key: translate(text) for key, text in COMPARE.items()},
            "colon": marks.colon, "semicolon": marks.semicolon,
            "statuses": {status: translate(label) for status, label in STATUS_LABELS.items()},
            "values": {d.id: {v.id: v.label for v in d.values} for d in atlas.dimensions},
            "dimensions": {d.id: d.label for d in atlas.dimensions}}


def side_by_side_words(translate: Callable[[str], str]) -> dict:
    return {key: translate(text) for key, text in SIDE_BY_SIDE.items()}
