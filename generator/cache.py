"""A persistent cache of parsed, schema-valid YAML, keyed by the text's hash, so unchanged files are not parsed again.

Kept as JSON (never pickle: a cache file is data, not code) in a folder beside the output, e.g.
`.atlas-cache/`. Entries are valid only for the generator version that wrote them; a missing,
damaged or foreign cache is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.hashing import digest, generator_digest
from generator.yamlload import Located

FILE = "parsed.json"
FOLDER = ".atlas-cache"


class ParseCache:
    """Parsed YAML data by (kind, text hash); `save()` keeps only what this run used."""

    def __init__(self, folder: Path | None, read: bool = True):
        self.folder = folder
        self._loaded: dict[str, object] | None = None if folder is not None and read else {}
        self._used: dict[str, object] = {}
        self.hits = 0
        self._saved = False  # whether the file on disk already holds _old

    @property
    def _old(self) -> dict[str, object]:
        """The entries of the previous run, read from disk when first needed (a quick rebuild never needs them)."""
        if self._loaded is None:
            self._loaded = _read(self.folder / FILE)
        return self._loaded

    def next_run(self) -> "ParseCache":
        """Return a cache for the next build in this process, holding what this run used (no disk read)."""
        if self._loaded is None:  # this run never needed the entries: the next one reads them if it does
            return ParseCache(self.folder, read=True)
        following = ParseCache(self.folder, read=False)
        following._loaded = dict(self._used)
        following._saved = True
        return following

    def get(self, kind: str, text: str, line_offset: int = 0) -> Located | None:
        """Return the cached document for this text, or None (its positions are found again if needed)."""
        key = f"{kind}@{line_offset}:{digest(text)}"
        if key not in self._old:
            return None
        data = self._used[key] = self._old[key]
        self.hits += 1
        return Located(data, text=text, line_offset=line_offset)

    def put(self, kind: str, text: str, located: Located, line_offset: int = 0) -> None:
        """Remember a document that parsed and validated cleanly."""
        self._used[f"{kind}@{line_offset}:{digest(text)}"] = located.data

    def carry_over(self) -> None:
        """Count every entry as used (a quick rebuild read no file, but the entries are still current)."""
        if self._loaded is not None:  # nothing to do for entries still on disk: they stay there
            self._used.update(self._loaded)

    def forget_used(self) -> tuple[dict, int]:
        """Return the entries used and the hits so far, and start counting afresh (in a worker process)."""
        used, hits = self._used, self.hits
        self._used, self.hits = {}, 0
        return used, hits

    def adopt(self, used: dict, hits: int) -> None:
        """Take in the entries a worker process used, as if this cache had been asked for them."""
        self._used.update(used)
        self.hits += hits

    def save(self) -> None:
        """Write the entries used in this run (so deleted files' entries go), atomically."""
        if self.folder is None or (self._used.keys() == self._old.keys() and (self._saved or self._old)):
            return  # nothing new and nothing gone: the file on disk already says this
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{FILE}.{os.getpid()}"
        temporary.write_text(json.dumps({"generator": generator_digest(), "entries": self._used},
                                        ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.folder / FILE)


def _read(path: Path) -> dict[str, object]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("generator") != generator_digest() or not isinstance(document.get("entries"), dict):
            return {}
        return document["entries"]
    except (OSError, ValueError, AttributeError):
        return {}
