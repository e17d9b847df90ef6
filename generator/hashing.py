"""Content hashes: of texts and files, and of the generator itself."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def digest(data: bytes | str) -> str:
    """Return a short, stable content hash."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def generator_digest() -> str:
    """Return a hash of the generator's own code and schemas: a new version rebuilds everything."""
    package = Path(__file__).resolve().parent
    parts = [p.relative_to(package).as_posix().encode() + p.read_bytes()
             for p in sorted(package.rglob("*")) if p.suffix in (".py", ".json") and p.is_file()]
    return digest(b"\0".join(parts))
