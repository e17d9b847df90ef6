"""The build manifest kept in the output folder: each file's fingerprint, content hash and size."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.hashing import digest

MANIFEST = ".policy-atlas-manifest.json"
_FORMAT = 3


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    content: str  # digest of the file's bytes
    size: int
    body: tuple[int, int] | None = None  # where a brief's text lies in the bytes (see quick.py)


def with_text(fingerprint_: str, text_digest: str) -> str:
    """Return a brief page's fingerprint: that of everything else it shows, and the hash of its text."""
    return digest(f"{fingerprint_}\n{text_digest}")


def read_manifest(out: Path) -> dict[str, Entry]:
    """Return the previous build's manifest, or an empty one if it is missing or damaged."""
    try:
        return parse_manifest((out / MANIFEST).read_bytes())
    except OSError:
        return {}


def parse_manifest(raw: bytes) -> dict[str, Entry]:
    """Return the entries of a manifest, or none if it is damaged or of another format."""
    try:
        data = json.loads(raw)
        if data.get("format") != _FORMAT:
            return {}
        return {path: Entry(str(item[0]), str(item[1]), int(item[2]),
                            (int(item[3]), int(item[4])) if len(item) == 5 else None)
                for path, item in data["pages"].items()}
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return {}


def manifest_bytes(entries: dict[str, Entry]) -> bytes:
    """Return the manifest to store with the new output."""
    pages = {path: [e.fingerprint, e.content, e.size, *(e.body or ())] for path, e in sorted(entries.items())}
    return (json.dumps({"format": _FORMAT, "pages": pages}, separators=(",", ":")) + "\n").encode("utf-8")
