"""A biggish generated content folder (the mini site plus many jurisdictions and policies), for slow builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from hostile_support import MINI


def big_corpus(target: Path, jurisdictions: int = 300, policies: int = 900) -> Path:
    shutil.copytree(MINI, target)
    for index in range(jurisdictions):
        parent, region = ("us", "north-america") if index % 2 else ("eu", "europe")
        (target / "jurisdictions" / f"gen-{index}.yaml").write_text(
            f"id: gen-{index}\nname: Generated {index}\nkind: state\nparent: {parent}\nregion: {region}\n"
            f"summary: Generated jurisdiction number {index}, with a longer summary to render.\n")
    for index in range(policies):
        where = f"gen-{index % jurisdictions}"
        (target / "policies" / f"gen-{index}-act.yaml").write_text(
            f"id: gen-{index}-act\ntitle: Generated act {index}\njurisdiction: {where}\ntype: statute\n"
            f"history:\n  - {{date: 2015-01-{index % 28 + 1:02d}, status: adopted}}\n"
            f"  - {{date: 2016-01-01, status: in_force, cite: {{source: text}}}}\n"
            f"summary: Generated policy {index}.\n"
            f"provisions:\n  consent: {{value: {'explicit' if index % 3 else 'notice_only'}, note: Note {index}., "
            f"cite: {{source: text}}}}\n  police: {{value: restricted, note: Police {index}., cite: {{source: text}}}}\n"
            f"sources:\n  - {{id: text, title: Text {index}, url: \"https://example.org/{index}\", accessed: 2026-11-26, kind: official}}\n")
    return target
