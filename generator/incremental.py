"""Incremental builds: a page whose inputs did not change is taken from the previous output, not rendered.

Each page's fingerprint hashes its dependency keys (deps.py) and their content digests, the templates
it is rendered from, the generator's own code, the as-of date and the drafts flag. The output folder
keeps a manifest of fingerprints and of each file's bytes; a file is reused only when both match, so
a hand-edited, missing or corrupt file, or a damaged manifest, is simply rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.hashing import digest, generator_digest  # noqa: F401 (re-exported)
from generator.model import Atlas

MANIFEST = ".policy-atlas-manifest.json"
_FORMAT = 2


def record_digests(atlas: Atlas) -> dict[str, str]:
    """Return a digest for every dependency key: each record, and each set of records of a kind."""
    site = atlas.site
    digests = {"site": digest(repr((site.title, site.tagline, site.description, site.base_url, site.language,
                                    site.theme, site.author, site.license, site.featured_dimension,
                                    site.navigation, site.regions))),
               "dimensions": digest(repr(atlas.dimensions))}
    for prefix, records in (("j", atlas.jurisdictions), ("p", atlas.policies)):
        own = {f"{prefix}:{r.id}": digest(repr(r)) for r in records}
        digests.update(own)
        digests[f"all:{prefix}"] = digest(repr(sorted(own.items())))
    briefs = {f"b:{b.slug}": digest(repr(b)) for b in atlas.briefs}
    digests.update(briefs)
    digests["all:b"] = digest(repr(sorted(briefs.items())))
    return digests


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    content: str  # digest of the file's bytes
    size: int


def fingerprint(page_identity: str, keys: tuple[str, ...], digests: dict[str, str], templates: str,
                settings: str) -> str:
    """Return the fingerprint of one page from everything it depends on."""
    parts = [page_identity, templates, settings, generator_digest()]
    parts += [f"{key}={digests.get(key, '')}" for key in keys]
    return digest("\n".join(parts))


def read_manifest(out: Path) -> dict[str, Entry]:
    """Return the previous build's manifest, or an empty one if it is missing or damaged."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return {}
        return {path: Entry(str(item[0]), str(item[1]), int(item[2])) for path, item in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return {}


def manifest_bytes(entries: dict[str, Entry]) -> bytes:
    """Return the manifest to store with the new output."""
    pages = {path: [e.fingerprint, e.content, e.size] for path, e in sorted(entries.items())}
    return (json.dumps({"format": _FORMAT, "pages": pages}, separators=(",", ":")) + "\n").encode("utf-8")
