"""Stage 1: find the content files, read them, validate them and build records."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import lint, parallel, records
from generator.content.cache import ParseCache
from generator.hashing import digest
from generator.progress import SILENT, Progress
from generator.problems import Problem, relative
from generator.content.records import Brief, Dimension, Jurisdiction, Origin, Policy, Site
from generator.content.textfiles import read_text, split_front_matter
from generator.content.validate import validate
from generator.content.wikilinks import find_links
from generator.content.translations import is_sidecar
from generator.content.yamlload import Located, parse_yaml

_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class Content:
    """Every record of a site, as loaded; references not yet checked."""

    root: Path
    site: Site | None
    dimensions: tuple[Dimension, ...]
    dimensions_origin: Origin | None
    jurisdictions: tuple[Jurisdiction, ...]
    policies: tuple[Policy, ...]
    briefs: tuple[Brief, ...]
    broken: frozenset[str] = frozenset()  # ids of records that failed to load, so references to them don't cascade
    hashes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # of each file's text, by relative path
    warnings: tuple[Problem, ...] = ()  # likely mistakes in valid content (lint.py)


FOLDERS = (("jurisdictions", ".yaml", "jurisdiction"), ("policies", ".yaml", "policy"), ("briefs", ".md", "brief"))


def load(root: Path, cache: ParseCache | None = None, jobs: int = 1,
         progress: Progress = SILENT) -> tuple[Content, list[Problem]]:
    """Return every record under `root` and every problem found reading and validating it.

    With `jobs` above 1 and enough files, the record files are read by that many forked processes
    (see parallel.py); the result, problems included and in the same order, does not depend on it.
    """
    reader = _Reader(root, cache or ParseCache(None))
    reader.links_to_nothing()
    site = reader.site()
    dimensions, dimensions_origin = reader.dimensions()
    tasks = [(kind, path) for folder, suffix, kind in FOLDERS for path in reader.files(folder, suffix)]
    progress.stage("read", len(tasks), "files")
    made = parallel.load_records(reader, tasks, jobs, progress)
    found: dict[str, list] = {kind: [] for _, _, kind in FOLDERS}
    for (kind, path), record in zip(tasks, made):
        if record is None:
            reader.broken.add(path.stem)
        else:
            found[kind].append(record)
    content = Content(root, site, dimensions, dimensions_origin, tuple(found["jurisdiction"]),
                      tuple(found["policy"]), tuple(found["brief"]), frozenset(reader.broken), reader.hashes,
                      tuple(sorted(set(reader.warnings))))
    return content, reader.problems


def read_records(root: Path, files: list[tuple[str, Path]],
                 cache: ParseCache) -> tuple[list, list[Problem], dict[str, str]]:
    """Return the record (or None) in each (kind, path) file under `root`, as load() makes it, the problems
    found, and the hash of each file's text (by path relative to `root`). For rebuilds of a few files (serve)."""
    reader = _Reader(root, cache)
    made = [reader.record(kind, path) for kind, path in files]
    return made, reader.problems, reader.hashes


def load_site(root: Path) -> Site | None:
    """Return the site settings alone (site.yaml), or None if they cannot be read."""
    return _Reader(root, ParseCache(None)).site()


class _Reader:
    def __init__(self, root: Path, cache: ParseCache):
        self.root = root
        self.cache = cache
        self._resolved_root = root.resolve()
        self._folders_inside: dict[Path, bool] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.broken: set[str] = set()
        self.hashes: dict[str, str] = {}  # path relative to the root -> hash of the text read (see inputs.py)
        self._prefix = len(str(root)) + 1

    def shown(self, path: Path) -> str:
        return relative(path, self.root.parent)

    def _relative(self, path: Path) -> str:
        """Return a file's path relative to the content folder, as the record of inputs names it."""
        return str(path)[self._prefix:].replace(os.sep, "/")

    def read(self, path: Path, shown: str) -> tuple[str | None, list[Problem]]:
        """Return the text of a file, noting its hash."""
        text, problems = read_text(path, shown)
        if text is not None:
            self.hashes[self._relative(path)] = digest(text)
        return text, problems

    def _inside(self, path: Path, note: bool = True) -> bool:
        """Refuse files (or links) that resolve outside the content folder (noting a problem unless `note` is off)."""
        folder = path.parent  # resolve each folder once, not every file: 10,000 briefs share one
        if folder not in self._folders_inside:
            self._folders_inside[folder] = _within(folder.resolve(), self._resolved_root)
        if self._folders_inside[folder] and not path.is_symlink():
            return True
        if _within(path.resolve(), self._resolved_root):
            return True
        if note:
            self.problems.append(Problem(self.shown(path), 0, 0, "links to a file outside the content folder",
                                         hint="copy the file into the content folder instead of linking it"))
        return False

    def parse(self, path: Path, kind: str) -> Located | None:
        shown = self.shown(path)
        if not self._inside(path):
            return None
        text, problems = self.read(path, shown)
        if text is not None:
            located, problems = self.parse_text(text, kind, shown)
            if located is not None:
                return located
        self.problems.extend(problems)
        return None

    def parse_text(self, text: str, kind: str, shown: str, line_offset: int = 0) -> tuple[Located | None, list]:
        """Return the schema-valid document in `text`, from the cache when the same text was seen before."""
        self.warnings.extend(lint.cut_short(text, shown, line_offset))
        located = self.cache.get(kind, text, line_offset)
        if located is not None:
            return located, []
        located, problems = parse_yaml(text, shown, line_offset=line_offset)
        if located is not None:
            problems = validate(kind, located, shown)
            if not problems:
                self.cache.put(kind, text, located, line_offset)
                return located, []
        return None, problems

    def site(self) -> Site | None:
        path = self.root / "site.yaml"
        if not path.is_file():
            self.problems.append(Problem(self.shown(path), 0, 0, "site.yaml is missing",
                                         hint="every content folder needs site.yaml with title, base_url, language and regions"))
            return None
        located = self.parse(path, "site")
        return records.site_from(located.data, Origin(self.shown(path), located)) if located else None

    def dimensions(self) -> tuple[tuple[Dimension, ...], Origin | None]:
        path = self.root / "dimensions.yaml"
        if not path.is_file():
            self.problems.append(Problem(self.shown(path), 0, 0, "dimensions.yaml is missing",
                                         hint="list the comparison dimensions in dimensions.yaml"))
            return (), None
        located = self.parse(path, "dimensions")
        if located is None:
            return (), None
        return records.dimensions_from(located.data), Origin(self.shown(path), located)

    def files(self, folder: str, suffix: str) -> list[Path]:
        """Return the record files of one folder, in order; note files that look misnamed."""
        directory = self.root / folder
        if not directory.is_dir():
            self.warnings.extend(lint.dangling(directory, self.shown(directory)))
            return []
        found = []
        # Sorted by name (a folder's paths differ only there), each a directory entry: sorting Path objects and
        # asking each whether it is a file took 0.2 s for the bench's 12,000 briefs and policies, against 0.07 s.
        with os.scandir(directory) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
        for entry in listed:
            name, path = entry.name, directory / entry.name
            if name.startswith(".") or name.endswith("~") or is_sidecar(name):
                continue  # a translation (id.lang.yaml) is read by translations.py
            if not _is_file(entry):
                self.warnings.extend(lint.dangling(path, self.shown(path)))
                continue
            if path.suffix != suffix:
                if path.suffix in (".yml", ".markdown", ".json", ".txt"):
                    self.problems.append(Problem(self.shown(path), 0, 0, f"ignored: only {suffix} files are read here",
                                                 hint=f"rename it to {path.stem}{suffix}"))
                continue
            found.append(path)
        return found

    def links_to_nothing(self) -> None:
        """Note the symbolic links to nothing at the top of the content folder (files() notes those in its folders)."""
        folders = {folder for folder, _, _ in FOLDERS}
        for path in sorted(self.root.iterdir()):
            if not path.name.startswith(".") and path.name not in folders:
                self.warnings.extend(lint.dangling(path, self.shown(path)))

    def record(self, kind: str, path: Path):
        """Return the record in one file, or None (its problems noted).

        A record the previous build in this process made cleanly from the same file and text is taken
        as it is (see cache.ParseCache.record); a record made with problems is always made again,
        so that its problems are reported again.
        """
        relative = self._relative(path)
        if self.cache.has_records and self._inside(path, note=False):
            text, _ = self.read(path, self.shown(path))
            kept = self.cache.record((kind, relative, self.hashes.get(relative))) if text is not None else None
            if kept is not None:
                return kept
        before = len(self.problems)
        made = getattr(self, kind)(path)
        if made is not None and len(self.problems) == before:
            self.cache.keep_record((kind, relative, self.hashes[relative]), made)
        return made

    def _named(self, path: Path, record_id: str, origin: Origin) -> bool:
        if path.stem != record_id:
            self.problems.append(origin.problem(("id",), f"id '{record_id}' does not match the file name '{path.name}'",
                                                f"rename the file to {record_id}{path.suffix} or change the id"))
            return False
        return True

    def jurisdiction(self, path: Path) -> Jurisdiction | None:
        located = self.parse(path, "jurisdiction")
        if located is None:
            return None
        origin = Origin(self.shown(path), located)
        if not self._named(path, located.data["id"], origin):
            return None
        return records.jurisdiction_from(located.data, origin)

    def policy(self, path: Path) -> Policy | None:
        located = self.parse(path, "policy")
        if located is None:
            return None
        origin = Origin(self.shown(path), located)
        if not self._named(path, located.data["id"], origin):
            return None
        policy, problems = records.policy_from(located.data, origin)
        self.problems.extend(problems)  # kept despite bad dates, so its references are still checked
        return policy

    def brief(self, path: Path) -> Brief | None:
        shown = self.shown(path)
        if not self._inside(path):
            return None
        if not _ID.match(path.stem):
            self.problems.append(Problem(shown, 0, 0, f"file name '{path.name}' cannot be used as a page address",
                                         hint="use lower-case letters, digits and '-' only, e.g. my-brief.md"))
            return None
        text, problems = self.read(path, shown)
        if text is None:
            self.problems.extend(problems)
            return None
        front, body, body_line, problems = split_front_matter(text, shown)
        if front is None:
            self.problems.extend(problems)
            return None
        self.warnings.extend(lint.brief_text(body, shown, body_line))
        located, problems = self.parse_text(front, "brief", shown, line_offset=1)
        if located is None:
            self.problems.extend(problems)
            return None
        origin = Origin(shown, located)
        brief, problems = records.brief_from(path.stem, located.data, body, find_links(body, body_line), origin)
        self.problems.extend(problems)  # kept despite bad dates, so its links are still checked
        return brief


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _is_file(entry: os.DirEntry) -> bool:
    """Return whether a directory entry is a file or a link to one, as Path.is_file (False when it cannot tell)."""
    try:
        return entry.is_file()
    except OSError:
        return False
