"""Reading content files safely: size limit, byte-order mark, UTF-8, NUL; and a brief's front matter.

Apart from yamlload.py so that a quick rebuild (quick.py), which reads files but parses no YAML,
does not import the YAML library.
"""

from __future__ import annotations

from pathlib import Path

from generator.problems import Problem

MAX_BYTES = 4 * 1024 * 1024


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text (BOM removed), or None and the problems that stop reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(shown, 1, 1, f"file is {size / 1048576:.1f} MB; the limit is "
                                  f"{MAX_BYTES // 1048576} MB", hint="split it into smaller files")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 0, 0, f"cannot read file: {error.strerror or error}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(shown, line, column, f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                              hint="save the file as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(shown, line, 1, "file contains a NUL character", hint="save it as plain UTF-8 text")]
    return text, []


def split_front_matter(text: str, shown: str) -> tuple[str | None, str, int, list[Problem]]:
    """Return (front matter, body, line number where the body starts, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1, [Problem(shown, 1, 1, "no front matter",
                                       hint="start the file with a line '---', the YAML fields, then '---'")]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2, []
    return None, text, 1, [Problem(shown, 1, 1, "front matter is never closed",
                                   hint="add a line '---' after the last front-matter field")]
