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
from generator.problems import Position
from generator.yamlload import Located

FILE = "parsed.json"
FOLDER = ".atlas-cache"


class ParseCache:
    """Parsed YAML documents by (kind, text hash); `save()` keeps only what this run used."""

    def __init__(self, folder: Path | None, read: bool = True):
        self.folder = folder
        self._old: dict[str, list] = {}
        self._used: dict[str, list] = {}
        self.hits = 0
        self._saved = False  # whether the file on disk already holds _old
        if folder is not None and read:
            self._old = _read(folder / FILE)

    def next_run(self) -> "ParseCache":
        """Return a cache for the next build in this process, holding what this run used (no disk read)."""
        following = ParseCache(self.folder, read=False)
        following._old = dict(self._used)
        following._saved = True
        return following

    def get(self, kind: str, text: str) -> Located | None:
        """Return the cached document for this text, or None."""
        key = f"{kind}:{digest(text)}"
        entry = self._old.get(key)
        if entry is None:
            return None
        try:
            data, values, keys = entry
            located = Located(data, _Positions(values), _Positions(keys))
        except (TypeError, ValueError):
            return None
        self._used[key] = entry
        self.hits += 1
        return located

    def put(self, kind: str, text: str, located: Located) -> None:
        """Remember a document that parsed and validated cleanly."""
        self._used[f"{kind}:{digest(text)}"] = [
            located.data, [[list(p), pos.line, pos.column] for p, pos in located.values.items()],
            [[list(p), pos.line, pos.column] for p, pos in located.keys.items()]]

    def save(self) -> None:
        """Write the entries used in this run (so deleted files' entries go), atomically."""
        if self.folder is None or (self._used.keys() == self._old.keys() and (self._saved or self._old)):
            return  # nothing new and nothing gone: the file on disk already says this
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{FILE}.{os.getpid()}"
        temporary.write_text(json.dumps({"generator": generator_digest(), "entries": self._used},
                                        ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.folder / FILE)


class _Positions(dict):
    """Positions kept as the cache stored them, turned into a dict only if a message needs one."""

    def __init__(self, raw: list):
        super().__init__()
        self._raw = raw

    def _fill(self) -> None:
        if self._raw is not None:
            raw, self._raw = self._raw, None
            self.update({tuple(p): Position(line, col) for p, line, col in raw})

    def __contains__(self, key) -> bool:
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key):
        self._fill()
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)

    def items(self):
        self._fill()
        return super().items()

    def __iter__(self):
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()


def _read(path: Path) -> dict[str, list]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("generator") != generator_digest() or not isinstance(document.get("entries"), dict):
            return {}
        return document["entries"]
    except (OSError, ValueError, AttributeError):
        return {}
