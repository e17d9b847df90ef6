"""Output paths and links, as pure functions of ids, all under the site's base_url."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Parts of ASCII letters, digits, ".", "_" and "-", each starting with a letter or digit (so never "." or "..", never
# empty), joined by single slashes: nothing for normpath to change, and nothing that climbs out.
_SAFE_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*")


class UnsafePath(ValueError):
    """An output path that would leave the output folder or is not a plain relative path."""


def safe_output(path: str) -> str:
    """Return `path` if it is a clean relative path inside the output folder; raise UnsafePath otherwise.

    One match over the whole path (0.4 us; each page is checked in its worker and again in the build's process):
    part by part with a `$` that also took a part ending in a newline, then normpath, it took 2.2 us."""
    if type(path) is not str or _SAFE_PATH.fullmatch(path) is None:
        raise UnsafePath(path)
    return path


@dataclass(frozen=True)
class Urls:
    """Turns site paths (such as 'compare/') into links and absolute URLs under base_url."""

    base_url: str

    @property
    def base_path(self) -> str:
        """Return the path part of base_url, always ending in '/': '/' or '/atlas/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def link(self, site_path: str) -> str:
        """Return a root-relative link such as '/atlas/compare/'."""
        return self.base_path + site_path

    def absolute(self, site_path: str) -> str:
        """Return the absolute URL of a site path."""
        return self.base_url + site_path


def home() -> str:
    return ""


ALL_SECTORS = "all"  # the view of both sectors; the others are named for their sector (public, private)


def compare(view: str = ALL_SECTORS) -> str:
    return "compare/" if view == ALL_SECTORS else f"compare/{view}/"


def overview() -> str:
    return "compare/overview/"


def side_by_side() -> str:
    return "compare/side-by-side/"


def dimension(dimension_id: str, view: str = ALL_SECTORS) -> str:
    return f"compare/{dimension_id}/" if view == ALL_SECTORS else f"compare/{dimension_id}/{view}/"


def research() -> str:
    return "research/"


def if_enacted(policy_id: str = "") -> str:
    return f"compare/if-enacted/{policy_id}/" if policy_id else "compare/if-enacted/"


def if_enacted_dimension(dimension_id: str, policy_id: str = "") -> str:
    """The maps of a dimension as if every pending policy passed, or as if one did."""
    return f"compare/{dimension_id}/if-enacted/{policy_id}/" if policy_id else f"compare/{dimension_id}/if-enacted/"


def jurisdictions() -> str:
    return "jurisdictions/"


def jurisdiction(jurisdiction_id: str) -> str:
    return f"jurisdictions/{jurisdiction_id}/"


def policies() -> str:
    return "policies/"


def policy(policy_id: str) -> str:
    return f"policies/{policy_id}/"


def briefs(number: int = 1) -> str:
    """The list of briefs, or its page `number` (plan.brief_list_pages)."""
    return "briefs/" if number <= 1 else f"briefs/page/{number}/"


def brief(slug: str) -> str:
    return f"briefs/{slug}/"


def jurisdiction_feed(jurisdiction_id: str) -> str:
    return f"jurisdictions/{jurisdiction_id}/feed.xml"


def map_file(dimension_id: str, which: str) -> str:
    return f"compare/{dimension_id}/map.svg" if which == "world" else f"compare/{dimension_id}/map-{which}.svg"


def dimension_feed(dimension_id: str) -> str:
    return f"compare/{dimension_id}/feed.xml"


def changes() -> str:
    return "changes/"


def changes_year(year: int) -> str:
    return f"changes/{year}/"


def corrections() -> str:
    return "corrections/"


def corrections_feed() -> str:
    return "corrections/feed.xml"


def timeline() -> str:
    return "timeline/"


def search() -> str:
    return "search/"


def data() -> str:
    return "data/"


def data_file(name: str) -> str:
    return f"data/{name}"


def schema_file(kind: str) -> str:
    return f"data/schema/{kind}.schema.json"


def static(name: str) -> str:
    return f"static/{name}"


def map_shapes(kind: str) -> str:
    """Return the path of a map's shapes file ('world' or 'us'), which the pages' maps draw from (maps.sprite)."""
    return f"static/map-{kind}.svg"


def file_for(site_path: str) -> str:
    """Return the output file for a site path: 'compare/' -> 'compare/index.html'."""
    if site_path == "" or site_path.endswith("/"):
        return safe_output(site_path + "index.html")
    return safe_output(site_path)
