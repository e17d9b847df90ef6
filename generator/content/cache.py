"""A persistent cache of parsed, schema-valid YAML, keyed by the text's hash, so unchanged files are not parsed again.

Kept as JSON (never pickle: a cache file is data, not code) in a folder beside the output, e.g.
`.atlas-cache/`. Entries are valid only for the generator version that wrote them; a missing,
damaged or foreign cache is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator.hashing import digest, generator_digest

if TYPE_CHECKING:
    from generator.content.yamlload import Located

FILE = "parsed.json"
FOLDER = ".atlas-cache"


class ParseCache:
    """Parsed YAML data by (kind, text hash); `save()` keeps only what this run used.

    Within one process (serve), it also keeps the records built from each file's text, so that the
    next build takes an unchanged file's record as it is; those are never written to disk.
    """

    def __init__(self, folder: Path | None, read: bool = True, write: bool = True):
        """Entries are read from `folder` when first needed (if `read`), and `save()` writes there (if `write`)."""
        self.folder, self._write = folder, write
        self._loaded: dict[str, object] | None = None if folder is not None and read else {}
        self._used: dict[str, object] = {}
        self.hits = 0
        self._saved = False  # whether the file on disk already holds _old
        self._records_old: dict[tuple, object] = {}  # (kind, file, text hash) -> record, from the previous run
        self._records_used: dict[tuple, object] = {}

    @property
    def has_records(self) -> bool:
        """Whether the previous run in this process left built records to take."""
        return bool(self._records_old)

    def record(self, key: tuple):
        """Return the record built from this file and text by the previous run in this process, or None."""
        found = self._records_old.get(key)
        if found is not None:
            self._records_used[key] = found
        return found

    def keep_record(self, key: tuple, record) -> None:
        """Keep a record built cleanly from a file's text, for the next run in this process."""
        self._records_used[key] = record

    @property
    def _old(self) -> dict[str, object]:
        """The entries of the previous run, read from disk when first needed (a quick rebuild never needs them)."""
        if self._loaded is None:
            self._loaded = _read(self.folder / FILE)
        return self._loaded

    def next_run(self) -> "ParseCache":
        """Return a cache for the next build in this process, holding what this run used (no disk read)."""
        if self._loaded is None:  # this run never needed the entries: the next one reads them if it does
            following = ParseCache(self.folder, read=True, write=self._write)
        else:
            following = ParseCache(self.folder, read=False, write=self._write)
            following._loaded = dict(self._used)
            following._saved = True
        following._records_old = dict(self._records_used)
        return following

    def get(self, kind: str, text: str, line_offset: int = 0) -> Located | None:
        """Return the cached document for this text, or None (its positions are found again if needed)."""
        key = f"{kind}@{line_offset}:{digest(text)}"
        if key not in self._old:
            return None
        data = self._used[key] = self._old[key]
        self.hits += 1
        from generator.content.yamlload import Located  # here: a quick rebuild makes no cache entries and needs no YAML

        return Located(data, text=text, line_offset=line_offset)

    def put(self, kind: str, text: str, located: Located, line_offset: int = 0) -> None:
        """Remember a document that parsed and validated cleanly."""
        self._used[f"{kind}@{line_offset}:{digest(text)}"] = located.data

    def carry_over(self) -> None:
        """Count every entry as used (a quick rebuild read no file, but the entries are still current)."""
        if self._loaded is not None:  # nothing to do for entries still on disk: they stay there
            self._used.update(self._loaded)
        self._records_used.update(self._records_old)

    def forget_used(self) -> tuple[dict, int, dict]:
        """Return the entries used, the hits and the records kept so far, and start afresh (in a worker process)."""
        used, hits, records = self._used, self.hits, self._records_used
        self._used, self.hits, self._records_used = {}, 0, {}
        return used, hits, records

    def adopt(self, used: dict, hits: int, records: dict) -> None:
        """Take in what a worker process used and kept, as if this cache had done it."""
        self._used.update(used)
        self.hits += hits
        self._records_used.update(records)

    def save(self) -> None:
        """Write the entries used in this run (so deleted files' entries go), atomically."""
        if self.folder is None or not self._write or (self._used.keys() == self._old.keys()
                                                      and (self._saved or self._old)):
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
