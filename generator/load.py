"""Stage 1: find the content files, read them, validate them and build records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import records
from generator.cache import ParseCache
from generator.problems import Problem, relative
from generator.records import Brief, Dimension, Jurisdiction, Origin, Policy, Site, WikiLink
from generator.validate import validate
from generator.yamlload import Located, parse_yaml, read_text, split_front_matter

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+))?\]\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
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


def load(root: Path, cache: ParseCache | None = None) -> tuple[Content, list[Problem]]:
    """Return every record under `root` and every problem found reading and validating it."""
    reader = _Reader(root, cache or ParseCache(None))
    site = reader.site()
    dimensions, dimensions_origin = reader.dimensions()
    jurisdictions = tuple(reader.each("jurisdictions", ".yaml", reader.jurisdiction))
    policies = tuple(reader.each("policies", ".yaml", reader.policy))
    briefs = tuple(reader.each("briefs", ".md", reader.brief))
    content = Content(root, site, dimensions, dimensions_origin, jurisdictions, policies, briefs, frozenset(reader.broken))
    return content, reader.problems


class _Reader:
    def __init__(self, root: Path, cache: ParseCache):
        self.root = root
        self.cache = cache
        self._resolved_root = root.resolve()
        self._folders_inside: dict[Path, bool] = {}
        self.problems: list[Problem] = []
        self.broken: set[str] = set()

    def shown(self, path: Path) -> str:
        return relative(path, self.root.parent)

    def _inside(self, path: Path) -> bool:
        """Refuse files (or links) that resolve outside the content folder."""
        folder = path.parent  # resolve each folder once, not every file: 10,000 briefs share one
        if folder not in self._folders_inside:
            self._folders_inside[folder] = _within(folder.resolve(), self._resolved_root)
        if self._folders_inside[folder] and not path.is_symlink():
            return True
        if _within(path.resolve(), self._resolved_root):
            return True
        self.problems.append(Problem(self.shown(path), 0, 0, "links to a file outside the content folder",
                                     hint="copy the file into the content folder instead of linking it"))
        return False

    def parse(self, path: Path, kind: str) -> Located | None:
        shown = self.shown(path)
        if not self._inside(path):
            return None
        text, problems = read_text(path, shown)
        if text is not None:
            located, problems = self.parse_text(text, kind, shown)
            if located is not None:
                return located
        self.problems.extend(problems)
        return None

    def parse_text(self, text: str, kind: str, shown: str, line_offset: int = 0) -> tuple[Located | None, list]:
        """Return the schema-valid document in `text`, from the cache when the same text was seen before."""
        cache_kind = f"{kind}@{line_offset}"
        located = self.cache.get(cache_kind, text)
        if located is not None:
            return located, []
        located, problems = parse_yaml(text, shown, line_offset=line_offset)
        if located is not None:
            problems = validate(kind, located, shown)
            if not problems:
                self.cache.put(cache_kind, text, located)
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

    def each(self, folder: str, suffix: str, make):
        directory = self.root / folder
        if not directory.is_dir():
            return
        for path in sorted(directory.iterdir()):
            name = path.name
            if name.startswith(".") or name.endswith("~") or not path.is_file():
                continue
            if path.suffix != suffix:
                if path.suffix in (".yml", ".markdown", ".json", ".txt"):
                    self.problems.append(Problem(self.shown(path), 0, 0, f"ignored: only {suffix} files are read here",
                                                 hint=f"rename it to {path.stem}{suffix}"))
                continue
            record = make(path)
            if record is None:
                self.broken.add(path.stem)
            else:
                yield record

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
        text, problems = read_text(path, shown)
        if text is None:
            self.problems.extend(problems)
            return None
        front, body, body_line, problems = split_front_matter(text, shown)
        if front is None:
            self.problems.extend(problems)
            return None
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


def code_free_segments(body: str):
    """Yield (is_text, segment) pieces that make up `body`; code blocks and code spans are not text."""
    fence = ""
    for line in body.splitlines(keepends=True):
        opener = _FENCE.match(line)
        if opener:
            marker = opener.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            yield False, line
        elif fence or ("`" not in line):
            yield not fence, line
        else:
            position = 0
            for span in _CODE_SPAN.finditer(line):
                yield True, line[position:span.start()]
                yield False, span.group(0)
                position = span.end()
            yield True, line[position:]


def find_links(body: str, first_line: int) -> tuple[WikiLink, ...]:
    """Return the [[id]] links in Markdown outside code, with their line and column in the file."""
    if "[[" not in body:
        return ()
    links = []
    line, column = first_line, 1
    for is_text, segment in code_free_segments(body):
        if is_text and "[[" in segment:
            for match in WIKILINK.finditer(segment):
                links.append(WikiLink(match.group(1).strip(), line, column + match.start()))
        if segment.endswith("\n"):
            line, column = line + 1, 1
        else:
            column += len(segment)
    return tuple(links)
