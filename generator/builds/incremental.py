"""Incremental builds: a page whose inputs did not change is taken from the previous output, not rendered.

Each page's fingerprint hashes its dependency keys (deps.py) and their content digests, the templates
it is rendered from, the generator's own code, the as-of date and the drafts flag. The output folder
keeps a manifest of fingerprints and of each file's bytes (manifest.py); a file is reused only when
both match, so a hand-edited, missing or corrupt file, or a damaged manifest, is simply rebuilt.
"""

from __future__ import annotations

from dataclasses import replace

from generator.hashing import digest, generator_digest
from generator.content.model import Atlas
from generator.site.feeds import newest_briefs
from generator.site.pages import shared_short_titles


def record_digests(atlas: Atlas, hashes: dict[str, str]) -> dict[str, str]:
    """Return a digest for every dependency key: each record, and each set of records of a kind.

    A record is made from its file's text alone (its id is its file name), so the hash of the text
    the loader read (`hashes`, by path relative to the content folder) stands for the record: no
    need to hash the records again. A brief counts as its front matter and the set of records its
    text links to ('b:<slug>'), and its text ('b:<slug>:body').
    """
    digests = {"site": digest(repr(replace(atlas.site, origin=None))),  # every setting, wherever the file is
               "dimensions": digest(repr(atlas.dimensions))}
    for prefix, folder, records in (("j", "jurisdictions", atlas.jurisdictions), ("p", "policies", atlas.policies)):
        own = {f"{prefix}:{r.id}": hashes.get(f"{folder}/{r.id}.yaml") or digest(repr(r)) for r in records}
        digests.update(own)
        digests[f"all:{prefix}"] = kind_digest(own)
    briefs = {}
    for brief in atlas.briefs:
        briefs[f"b:{brief.slug}"] = brief_digest(brief)
        digests[f"b:{brief.slug}:body"] = digest(brief.body)
    digests.update(briefs)
    digests["all:b"] = kind_digest(briefs)
    digests["list:b"] = digest("\n".join(brief.slug for brief in atlas.briefs))
    digests["feed:b"] = feed_digest(atlas.briefs)
    digests["shared:p"] = shared_titles_digest(atlas.policies)
    return digests


def pages_digest(pages) -> str:
    """Return the digest of which pages there are (their output paths): the sitemap lists every one, and a
    translation added or removed adds or removes pages in that language without changing any record."""
    return digest("\n".join(page.output for page in pages))


def feed_digest(briefs) -> str:
    """Return the digest of which briefs the Atom feeds can show (feeds.newest_briefs), in order."""
    return digest("\n".join(brief.slug for brief in newest_briefs(briefs)))


def shared_titles_digest(policies) -> str:
    """Return the digest of the short titles more than one policy has (pages.shared_short_titles)."""
    return digest("\n".join(sorted(shared_short_titles(policies))))


def brief_digest(brief) -> str:
    """Return the digest of a brief as other pages see it: its front matter and the records its text links to."""
    front = brief.origin.located.text
    targets = "\n".join(sorted({link.target for link in brief.links}))
    return digest(f"{front}\0{targets}") if front is not None else digest(repr(brief))


def kind_digest(own: dict[str, str]) -> str:
    """Return the digest of every record of a kind ('all:j', 'all:p', 'all:b') from each record's digest."""
    return digest(repr(sorted(own.items())))


def fingerprint(page_identity: str, keys: tuple[str, ...], digests: dict[str, str], templates: str,
                settings: str) -> str:
    """Return the fingerprint of one page from everything it depends on."""
    parts = [page_identity, templates, settings, generator_digest()]
    parts += [f"{key}={digests.get(key, '')}" for key in keys]
    return digest("\n".join(parts))
