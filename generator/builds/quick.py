"""Quick rebuilds: when nothing changed, or only the text of some briefs, the site is not loaded at all.

Every full build records its inputs (inputs.py). The next build first compares the content files
with that record. When nothing changed, it checks that the output is still as the manifest says and
stops. When the only changes are to the text of briefs, each with its front matter and the set of
records it links to unchanged, each of those pages is rebuilt by rendering the new text and putting
its HTML where the old text's HTML was (the manifest says where; textedit.py). Everything else on
such a page depends only on records, templates and settings that did not change, so it is byte for byte
what a full build would write, and so are its manifest entry and fingerprint; the tests compare
the two. With search on, the search index's shards that hold a rebuilt page are indexed again
(searching.py, as a full build does). Anything else (a record, a front matter, a template, a new
file) is left to the full build, which still reuses every page whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from generator.builds import inputs
from generator.hashing import digest
from generator.interrupts import held_for_forking, quiet_worker
from generator.builds.manifest import MANIFEST, manifest_sizes, parse_manifest
from generator.progress import SILENT, Progress
from generator.site.theme import find_theme


Seen = dict  # what attempt() read: the record of inputs, the manifest, its entries and sizes, the files' stats, when,
# the state of each file it had to read again, the files changed since the record (inputs.changed_files), and
# `intact`: the function that waits for whether the output's files are in place, not yet asked (edited.py asks)


@dataclass(frozen=True)
class QuickResult:
    pages: int  # files the site has
    rendered: int  # of those, rebuilt


def attempt(source: Path, out: Path, as_of: dt.date, drafts: bool, search: bool,
            record_folder: Path, jobs: int = 1, progress: Progress = SILENT,
            base_url: str | None = None, seen: Seen | None = None) -> QuickResult | None:
    """Bring `out` up to date without loading the site, or return None when a full build is needed.

    `record_folder` holds the record of inputs of the last build into `out` (inputs.folder_for). The
    caller has already finished any interrupted commit (write.recover). `seen`, when given, is filled
    with what was read on the way, for edited.py to go on from when this returns None.
    """
    out = out.resolve()
    record = inputs.read(record_folder)
    settings = inputs.settings_key(source, out, as_of.isoformat(), drafts, search, base_url)
    if record is None or record.settings != settings:
        return None
    try:
        manifest = (out / MANIFEST).read_bytes()
    except OSError:
        return None
    if digest(manifest) != record.manifest:
        return None
    intact = _OutputCheck(out, manifest)  # the output's files looked at beside the content's
    taken_ns = inputs.now_ns()
    stats = inputs.scan(source)
    found = inputs.changed_files(source, record, stats) if stats is not None and _same_theme(record, source) else None
    changed, restated = found if found is not None else ([], {})
    if changed:
        intact.rest_apart()  # an edit: the last quarter apart too, while this process reads on
    entries = parse_manifest(manifest) if changed else {}  # when nothing changed, the sizes alone were needed
    if found is None or (changed and not entries):  # a full build: no process left behind
        intact.close()
        return None
    if not changed:
        if not intact():
            return None
        if restated:  # files read again as too new to trust (a checkout, a copy): trusted from now on, as git does
            inputs.write(record_folder, replace(record, files={**record.files, **restated}, taken_ns=taken_ns))
        return QuickResult(record.pages, 0)
    sizes = {path: entry.size for path, entry in entries.items()}
    if seen is not None:  # an edit's answer is waited for once it has read the state, the output's 27,000 files
        # looked at meanwhile
        seen.update(record=record, manifest=manifest, entries=entries, sizes=sizes, stats=stats, taken_ns=taken_ns,
                    restated=restated, changed=changed, intact=intact)
    from generator.builds import textedit  # here, not above: Markdown and the search load only when a text changed
    pages = {}
    for relative in changed:
        page = record.brief_page(relative)
        rebuilt = (textedit.rebuild_brief(source / relative, out, page, entries.get(page.output), search)
                   if page else None)
        if rebuilt is None:
            return None
        pages[page.output] = rebuilt
    if not intact():
        return None
    done = textedit.commit(out, record_folder, record, manifest, pages, restated, taken_ns, sizes,
                           entries if search else None, jobs, progress)
    return QuickResult(record.pages, len(pages)) if done else None


def _same_theme(record: inputs.Inputs, source: Path) -> bool:
    theme, _ = find_theme(record.theme_name, source)
    folders = tuple(str(folder) for folder in theme.folders) if theme else ()
    return folders == record.theme_folders and inputs.theme_digest(folders) == record.theme


class _OutputCheck:
    """Finds whether every file the manifest lists is in the output at its size; called, waits for the answer.

    The 27,000 files of a 10,000-brief site are asked for their sizes apart from this process, which meanwhile
    reads the content folder's (a thread would wait for Python's lock): three quarters of them in a process
    forked at once, and the last quarter, once the content is read, here when nothing changed (the two processes
    then end together: 0.14-0.16 s -> 0.11-0.14 s for the quick stage at 10,000 briefs) or, for an edit, in a
    second forked process while this one reads the state (edited.py). Where forking is not at hand or not safe
    (no fork; other threads running, as in serve), all here and now.
    """

    SHARE = 0.75  # of the manifest's bytes (as many of its lines, near enough), checked in the first forked process

    def __init__(self, out: Path, manifest: bytes):
        self.out = out
        self.pids: list[int] = []
        self.failed = False
        if not hasattr(os, "fork") or threading.active_count() != 1:
            self.failed, self.rest = not _intact(out, manifest), None
            return
        first, self.rest = _split(manifest, self.SHARE)
        self._apart(first)

    def rest_apart(self) -> None:
        """Check the last part in a process of its own too (an edit, which reads the state meanwhile)."""
        if self.rest is not None:
            self._apart(self.rest)
            self.rest = None

    def close(self) -> None:
        """Wait for the processes, not asking for the rest: a full build is due."""
        self.rest = None
        self()

    def __call__(self) -> bool:
        if self.rest is not None:
            self.failed |= not _intact(self.out, self.rest)
            self.rest = None
        while self.pids:
            self.failed |= os.waitstatus_to_exitcode(os.waitpid(self.pids.pop(), 0)[1]) != 0
        return not self.failed

    def _apart(self, part: bytes) -> None:
        pid = _fork()
        if pid is None:  # no process to spare: checked here
            self.failed |= not _intact(self.out, part)
        elif pid == 0:  # the child only asks for sizes, then answers by its exit status
            code = 1
            try:
                code = 0 if _intact(self.out, part) else 1
            finally:
                os._exit(code)
        else:
            self.pids.append(pid)


def _split(manifest: bytes, share: float) -> tuple[bytes, bytes | None]:
    """Split a manifest into two, the first with `share` of its bytes (to a line's end), each with the first line
    (the format); the second is None when the first holds every line."""
    header_end = manifest.find(b"\n") + 1
    cut = manifest.find(b"\n", header_end + int((len(manifest) - header_end) * share)) + 1
    if header_end <= 0 or cut <= header_end or cut >= len(manifest):
        return manifest, None
    return manifest[:cut], manifest[:header_end] + manifest[cut:]


def _intact(out: Path, manifest: bytes) -> bool:
    sizes = manifest_sizes(manifest)
    return bool(sizes) and _output_intact(out, sizes)


def _fork() -> int | None:
    with held_for_forking():
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit reached): the check is made here
            return None
        if pid == 0:
            quiet_worker()  # Ctrl-C is the build's to handle
        return pid


def _output_intact(out: Path, sizes: dict[str, int]) -> bool:
    """Return whether every file the manifest lists is in the output, at the size it was written."""
    folder = str(out) + os.sep
    for relative, size in sizes.items():
        try:
            if os.stat(folder + relative).st_size != size:
                return False
        except OSError:
            return False
    return True
