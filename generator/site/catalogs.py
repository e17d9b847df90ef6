"""Warnings about a theme's catalogs: strings the templates use that a language has no translation for,
and catalog entries no template uses any more. `check` prints them; they never fail a build, since a
missing translation falls back to the default language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from generator.problems import Problem
from generator.site.languages import catalog_path
from generator.site.theme import Theme

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
SITE = Path(__file__).resolve().parent  # labels chosen in Python, marked N_() in any of its modules (as babel.cfg)


def used_messages(theme: Theme) -> set:
    """Return every msgid the theme's templates (and the labels of generator/site/*.py) mark for translation."""
    names = {}
    for folder in theme.template_folders():  # a site theme's template hides the default's of the same name
        for path in sorted(Path(folder).glob("*.html")):
            names.setdefault(path.name, path)
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    sources = [("jinja2.ext.babel_extract", path, options) for path in names.values()]
    sources += [("python", path, {}) for path in sorted(SITE.glob("*.py"))]
    found = set()
    for method, path, opts in sources:
        found |= _extracted(method, path, opts)
    return found


# Each file's messages, by (method, path), with the stat they were read at: a second `check` in one process
# (the Python API, the test suite) extracts again only the files changed since, not the theme's 60 files (0.23 s).
_EXTRACTED: dict[tuple[str, Path], tuple[tuple[int, ...], frozenset]] = {}


def _extracted(method: str, path: Path, options: dict) -> frozenset:
    stat = path.stat()
    seen = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
    kept = _EXTRACTED.get((method, path))
    if kept is not None and kept[0] == seen:
        return kept[1]
    messages = frozenset(message if isinstance(message, str) else tuple(message[:2])
                         for _line, message, _comments, _context
                         in extract_from_file(method, str(path), keywords=KEYWORDS, options=options))
    _EXTRACTED[(method, path)] = (seen, messages)
    return messages


def warnings(theme: Theme, codes: tuple[str, ...]) -> list[Problem]:
    """Return a warning per untranslated string and per stale entry of each language's catalog."""
    found: list[Problem] = []
    used = used_messages(theme) if codes else set()
    for code in codes:
        path = catalog_path(theme, code)
        if path is None:
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        entries = {m.id: m for m in catalog if m.id}
        for key in sorted(used - set(entries), key=str):
            found.append(Problem(str(path), 0, 0, f"warning: no {code} translation of '{_text(key)}'",
                                 hint="run pybabel extract and update (docs/languages.md)"))
        for key, message in sorted(entries.items(), key=lambda item: str(item[0])):
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            if key in used and not all(strings):
                found.append(Problem(str(path), message.lineno or 0, 1, f"warning: '{_text(key)}' is not translated"))
            elif key not in used:
                found.append(Problem(str(path), message.lineno or 0, 1, f"warning: stale entry '{_text(key)}'",
                                     hint="no template uses it: pybabel update --ignore-obsolete drops it"))
    return found


def _text(key) -> str:
    return key if isinstance(key, str) else key[0]
