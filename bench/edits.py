"""The edits the benchmarks make: a sentence appended to a brief's text, its summary or a policy's title changed as data."""

from __future__ import annotations

from pathlib import Path

import yaml


def append_sentence(path: Path, sentence: str) -> None:
    """Append a paragraph to the brief's Markdown text (its front matter is left alone)."""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def prefix_summary(path: Path, words: str) -> None:
    """Put `words` before the brief's summary, editing the front matter as YAML data, so any summary stays valid."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["summary"] = f"{words} {data['summary']}"
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=None)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


def prefix_title(path: Path, words: str) -> None:
    """Put `words` before a policy's title, editing the record as YAML data (so it stays valid)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = f"{words} {data['title']}"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=None),
                    encoding="utf-8")


def add_brief(model: Path, title: str) -> Path:
    """Add a brief beside `model`: a copy under a new file name, with `title` before its title (edited as data)."""
    added = model.with_name(f"zz-added-{title.lower().replace(' ', '-')}.md")
    _, front, body = model.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    data["title"] = f"{title}: {data['title']}"
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=None)
    added.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    return added
