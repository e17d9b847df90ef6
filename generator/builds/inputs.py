"""What the inputs of the last build were, so the next build can tell what changed without loading everything.

After each build, the cache folder beside the output gets (in a folder of its own for each output
folder, so that `build` and `serve` do not overwrite each other's) `inputs.json`: the size, modification
time and content hash of every content file; a hash of the theme's files; the generator's own hash;
the build settings; the hash of the manifest that build wrote into the output; and, for each brief
page, what a quick rebuild of it needs (see quick.py). The next build compares each file's size and
time, as make and git do, and reads and hashes only the files that differ, or whose time is too
close to the last record to be trusted. A missing, damaged or foreign record only means a full
build.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from stat import S_ISLNK

from generator.hashing import digest, generator_digest
from generator.content.textfiles import read_text

FILE = "inputs.json"
BRIEFS = "brief-pages.json"  # apart from FILE: only a rebuild of a brief's text reads it
_FORMAT = 4
TOP_FILES = ("site.yaml", "dimensions.yaml")
FOLDERS = ("jurisdictions", "policies", "briefs")
RACY_NS = 2_000_000_000  # a file written this close before a record of inputs may have changed again unseen


@dataclass(frozen=True)
class BriefPage:
    """What a quick rebuild of one brief's page needs, taken from the full build that wrote it."""

    output: str  # the page's file in the output folder
    front: str  # hash of the front matter text
    links: dict  # [[id]] target -> [href, text] (or None when it names no record), as the full build resolved them
    base: str  # the page's fingerprint without its text (manifest.with_text adds the text's hash)
    # The brief's title and summary as its record held them: builds/earlyindex.py foresees the page with others.
    title: str
    summary: str


@dataclass(frozen=True)
class Inputs:
    settings: str
    generator: str
    theme_name: str
    theme_folders: tuple[str, ...]
    theme: str  # theme_digest() of the theme folders
    manifest: str  # hash of the manifest file in the output
    pages: int
    taken_ns: int  # when the content was scanned
    files: dict[str, str]  # relative path -> "size mtime_ns text-hash" (a string reads and writes fastest)
    briefs: str  # hash of the brief pages file (BRIEFS), written with this record
    language: str = ""  # the site's language, for the search index a quick rebuild refreshes
    folder: Path | None = None  # where the record was read from

    def brief_page(self, relative: str) -> BriefPage | None:
        """Return what a quick rebuild of the brief in this file needs, or None if it has no page."""
        raw = _brief_pages(self.folder, self.briefs) if self.folder else None
        start = raw.find(b"\n" + json.dumps([relative]).encode()[:-1] + b",") if raw else -1
        if start < 0:
            return None
        try:
            _, output, front, links, base, title, summary = json.loads(raw[start + 1:raw.index(b"\n", start + 1)])
            return BriefPage(str(output), str(front), dict(links), str(base), str(title), str(summary))
        except (TypeError, ValueError):
            return None


@lru_cache(maxsize=1)
def _brief_pages(folder: Path, expected: str) -> bytes | None:
    """Return the brief pages file if it is the one the record was written with (read only when needed)."""
    try:
        raw = (folder / BRIEFS).read_bytes()
    except OSError:
        return None
    return raw if digest(raw) == expected else None


def folder_for(cache_folder: Path, out: Path) -> Path:
    """Return where the record of inputs for builds into `out` is kept."""
    out = out.resolve()
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in out.name)[:40] or "site"
    return cache_folder / "builds" / f"{safe}-{digest(str(out))[:12]}"


def settings_key(source: Path, out: Path, as_of: str, drafts: bool, search: bool, base_url: str | None = None) -> str:
    """Return the settings a record of inputs is valid for (`base_url`: the one given for the build, if any)."""
    return json.dumps([str(source.resolve()), str(out.resolve()), as_of, drafts, search, base_url or ""])


def scan(source: Path) -> dict[str, os.stat_result] | None:
    """Return the stat of every file the loader looks at, by relative path; None if any is a symbolic link."""
    found: dict[str, os.stat_result] = {}
    sidecars = [path.name for top in TOP_FILES for path in sorted(source.glob(top.replace(".", ".*.")))]
    for name in (*TOP_FILES, *sidecars):  # site.zh-Hans.yaml: a translation of site.yaml (translations.py)
        try:
            found[name] = os.lstat(source / name)
        except FileNotFoundError:
            continue
        if S_ISLNK(found[name].st_mode):
            return None
    for folder in FOLDERS:
        try:
            entries = list(os.scandir(source / folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_symlink():
                return None  # where it points may change unseen: leave links to a full build
            if not entry.is_dir():
                found[f"{folder}/{entry.name}"] = entry.stat()
    return found


def file_states(source: Path, stats: dict[str, os.stat_result], hashes: dict[str, str]) -> dict[str, str]:
    """Return "size mtime_ns text-hash" for each scanned file (reading those the loader did not hash)."""
    return {relative: f"{stat.st_size} {stat.st_mtime_ns} {hashes.get(relative) or _hash_file(source / relative)}"
            for relative, stat in sorted(stats.items())}


def changed_files(source: Path, inputs: Inputs,
                  stats: dict[str, os.stat_result]) -> tuple[list[str], dict[str, str]] | None:
    """Compare the content files with the record of inputs.

    Return the files whose text changed, and the new state of every file that had to be read again
    (changed or not); None if files were added or removed.
    """
    if stats.keys() != inputs.files.keys():
        return None
    changed, restated = [], {}
    trusted_before = inputs.taken_ns - RACY_NS
    for relative, stat in stats.items():
        size, mtime_ns, content = inputs.files[relative].split(" ")
        if stat.st_mtime_ns < trusted_before and str(stat.st_mtime_ns) == mtime_ns and str(stat.st_size) == size:
            continue
        now = _hash_file(source / relative)
        restated[relative] = f"{stat.st_size} {stat.st_mtime_ns} {now}"
        if now != content:
            changed.append(relative)
    return sorted(changed), restated


def changed_between(before: dict[str, str], now: dict[str, str]) -> list[str] | None:
    """Return the files whose text differs between two sets of file states (as file_states gives them); None if
    they are not the same files. An edited build asks it of the state's files and the record's, brought up to date
    by changed_files: no file is read again that the record already trusts."""
    if before.keys() != now.keys():
        return None
    return sorted(relative for relative, state in now.items()
                  if state.rsplit(" ", 1)[1] != before[relative].rsplit(" ", 1)[1])


def _hash_file(path: Path) -> str:
    """Return the hash of a file's text as the loader reads it (load._Reader.read)."""
    text, _ = read_text(path, path.name)
    return digest(text) if text is not None else "unreadable"


def theme_digest(folders: tuple[str, ...]) -> str:
    """Return a hash of every file in the theme folders (templates and static files)."""
    parts = []
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as handle:
                        parts.append(path.encode() + b"\0" + handle.read())
                except OSError:
                    parts.append(path.encode() + b"\0?")
    return digest(b"\0\0".join(parts))


def read(folder: Path) -> Inputs | None:
    """Return the record of inputs in the cache folder, or None if it is missing, damaged or from another generator."""
    try:
        data = json.loads((folder / FILE).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("generator") != generator_digest():
            return None
        return Inputs(data["settings"], data["generator"], data["theme_name"], tuple(data["theme_folders"]),
                      data["theme"], data["manifest"], int(data["pages"]), int(data["taken_ns"]), _files(data["files"]),
                      str(data["briefs"]), str(data["language"]), folder)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _files(files: dict) -> dict[str, str]:
    if not all(isinstance(state, str) and state.count(" ") == 2 for state in files.values()):
        raise ValueError("damaged file states")
    return files


def write_brief_pages(folder: Path, pages: dict[str, list]) -> str:
    """Store what quick rebuilds of brief pages need; return the file's hash.

    One line per brief, [file, output, front matter hash, links, base fingerprint, title, summary], after a first
    line naming the format, so that a rebuild of one brief parses one line, not 10,000.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder, not one per line
    lines = [json.dumps(["brief-pages", _FORMAT])]
    lines += [encode([relative, *fields]) for relative, fields in sorted(pages.items())]
    return replace_file(folder, BRIEFS, ("\n".join(lines) + "\n").encode("utf-8"))


def replace_file(folder: Path, name: str, raw: bytes) -> str:
    """Store a file of the record atomically; return its hash."""
    _replace(folder, name, raw)
    return digest(raw)


def write(folder: Path, inputs: Inputs) -> None:
    """Store the record of inputs atomically (after the brief pages file it names)."""
    data = {"format": _FORMAT, "generator": inputs.generator, "settings": inputs.settings,
            "theme_name": inputs.theme_name, "theme_folders": list(inputs.theme_folders), "theme": inputs.theme,
            "manifest": inputs.manifest, "pages": inputs.pages, "taken_ns": inputs.taken_ns, "files": inputs.files,
            "briefs": inputs.briefs, "language": inputs.language}
    _replace(folder, FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _replace(folder: Path, name: str, raw: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.{os.getpid()}"
    temporary.write_bytes(raw)
    os.replace(temporary, folder / name)


def now_ns() -> int:
    return time.time_ns()
