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
SITE = Path(__file__).resolve().parent  # labels chosen in Python, marked N_() in its modules (as babel.cfg reads)


def used_messages(theme: Theme) -> set:
    """Return every msgid the theme's templates (and the labels in generator/site/) mark for translation."""
    found = set()
    names = {}
    for folder in theme.template_folders():  # a site theme's template hides the default's of the same name
        for path in sorted(Path(folder).glob("*.html")):
            names.setdefault(path.name, path)
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    sources = [("jinja2.ext.babel_extract", path, options) for path in names.values()]
    sources += [("python", path, {}) for path in sorted(SITE.glob("*.py"))]
    for method, path, opts in sources:
        for _line, message, _comments, _context in extract_from_file(method, str(path), keywords=KEYWORDS,
                                                                      options=opts):
            found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


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
