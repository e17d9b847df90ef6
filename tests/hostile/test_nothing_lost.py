"""2. Nothing lost: a failed, interrupted or disk-full build leaves the previous output as it was.

A build killed (SIGKILL) at any moment, or one whose disk fills up, must leave the last good site in
place (or, once the commit point has passed, the next run must finish the new one), print a clear message
rather than a traceback, and the next build must succeed and leave no staging folder behind. An --out
folder that holds files policy-atlas did not write is never replaced.
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hostile_support import FIGURES, MINI, REPO, run_main, run_module, tree
from site_trees import settled

LEFTOVER_PREFIXES = (".site-",)


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in settled(parent).iterdir() if p.name.startswith(LEFTOVER_PREFIXES))


@pytest.fixture
def previous(mini, tmp_path):
    """A good build of the mini site in tmp/site: the output every failure below must keep."""
    out = tmp_path / "site"
    outcome = run_main("build", "--source", str(mini), "--out", str(out))
    assert outcome.code == 0, outcome.text
    return out, tree(out)


# --- a full disk -------------------------------------------------------------------------------------------

class DiskFull:
    """Make every file write under the output's parent fail with ENOSPC after `after` writes succeeded."""

    def __init__(self, monkeypatch, parent: Path, after: int):
        self.parent, self.after, self.count = str(parent), after, 0
        for name in ("write_bytes", "write_text"):
            original = getattr(pathlib.Path, name)
            monkeypatch.setattr(pathlib.Path, name, self._wrap(original))

    def _wrap(self, original):
        def write(path, *args, **kwargs):
            # the output's writes only: the parse cache beside it is written only when content changed
            if str(path).startswith(self.parent) and "/content/" not in str(path) and "/.atlas-cache/" not in str(path):
                self.count += 1
                if self.count > self.after:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return original(path, *args, **kwargs)
        return write


def _writes_in_a_build(mini: Path, tmp_path: Path) -> int:
    counter = pytest.MonkeyPatch()
    try:
        disk = DiskFull(counter, tmp_path, after=10**9)
        assert run_main("build", "--source", str(mini), "--out", str(tmp_path / "site")).code == 0
        return disk.count
    finally:
        counter.undo()


def test_disk_full_at_any_write_keeps_the_previous_site(mini, tmp_path, monkeypatch, previous):
    out, before = previous
    site = mini / "site.yaml"
    site.write_text(site.read_text().replace("title: Mini Atlas", "title: Changed Atlas"))  # every page changes
    total = _writes_in_a_build(mini, tmp_path)
    shutil.rmtree(out)
    assert run_main("build", "--source", str(MINI), "--out", str(out)).code == 0  # back to the previous site
    before = tree(out)
    points = sorted({0, 1, total // 4, total // 2, total - 3, total - 2, total - 1})
    for after in points:
        patch = pytest.MonkeyPatch()
        try:
            DiskFull(patch, tmp_path, after)
            outcome = run_main("build", "--source", str(mini), "--out", str(out))
        finally:
            patch.undo()
        FIGURES["2. disk full (ENOSPC) at write k of a build"] += 1
        assert outcome.code == 1, (after, outcome.text)
        assert "Traceback" not in outcome.text
        assert "No space left on device" in outcome.err and "previous output was left as it was" in outcome.err
        assert tree(out) == before, f"the previous site changed when the disk filled after {after} writes"
    outcome = run_main("build", "--source", str(mini), "--out", str(out))
    assert outcome.code == 0, outcome.text
    assert "Changed Atlas" in (out / "index.html").read_text()
    assert leftovers(tmp_path) == []


def test_disk_full_message_through_the_console_command(mini, tmp_path, previous):
    """The same in a fresh interpreter: the child process patches its own writes, then runs the command."""
    out, before = previous
    script = textwrap.dedent(f"""
        import errno, os, pathlib, sys
        original = pathlib.Path.write_bytes
        def full(path, data):
            if ".site-" in str(path):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return original(path, data)
        pathlib.Path.write_bytes = full
        from generator.cli import main
        sys.exit(main(["build", "--source", {str(mini)!r}, "--out", {str(out)!r}, "--no-cache"]))
    """)
    (mini / "policies/eu-law.yaml").write_text((mini / "policies/eu-law.yaml").read_text().replace("EU data law", "X"))
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    FIGURES["2. disk full (ENOSPC) via a fresh interpreter"] += 1
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "No space left on device" in done.stderr
    assert tree(out) == before


# --- a build killed part-way ---------------------------------------------------------------------------------

AS_OF = "2026-11-27"


def _staged_files(parent: Path) -> int:
    return sum(len(files) for folder in parent.glob(".site-build-*") for _, _, files in os.walk(folder))


def _kill_group(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the build and its forked render workers: the group we started
    process.wait(timeout=30)


@pytest.fixture
def big(tmp_path):
    from big_corpus import big_corpus

    return big_corpus(tmp_path / "content", jurisdictions=150, policies=550)


def test_build_killed_at_any_moment_keeps_the_previous_site(big, tmp_path):
    out = tmp_path / "site"
    small = tmp_path / "small"
    shutil.copytree(MINI, small)
    assert run_main("build", "--source", str(small), "--out", str(out), "--as-of", AS_OF).code == 0
    before = tree(out)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    moments = {"at start-up": None, "staging folder made": 1, "100 pages staged": 100, "500 pages staged": 500}
    journal = out.parent / f".{out.name}-journal.json"
    for moment, staged in moments.items():
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--source", str(big), "--out", str(out),
                                    "--as-of", AS_OF], cwd=REPO, env=env, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        try:
            while staged is not None and _staged_files(tmp_path) < staged and process.poll() is None:
                assert time.monotonic() < deadline, f"never reached: {moment}"
                time.sleep(0.005)
            if staged is None:
                time.sleep(0.2)
        finally:
            if process.poll() is None:
                _kill_group(process)
        finished = process.returncode == 0
        FIGURES[f"2. build killed (SIGKILL): {moment}" + (" (finished first)" if finished else "")] += 1
        if finished:  # this machine was faster than the poll: the build completed; start again from the old site
            shutil.rmtree(out)
            assert run_main("build", "--source", str(small), "--out", str(out), "--as-of", AS_OF).code == 0
            continue
        assert tree(out) == before or journal.exists(), f"killed {moment}: the previous site was damaged"
    outcome = run_main("build", "--source", str(big), "--out", str(out), "--as-of", AS_OF)
    assert outcome.code == 0, outcome.text
    assert leftovers(tmp_path) == [], "the next build must clear the killed builds' staging folders"
    assert (out / "policies/gen-549-act/index.html").is_file()
    assert not (out / "policies/gen-550-act").exists()


CRASH_AT_RENAME = """
import os, sys
real, count = os.replace, [0]
def replace(source, target, *args, **kwargs):
    count[0] += 1
    if count[0] > {k}:
        os._exit(137)  # the power fails: no cleanup, no finally
    return real(source, target, *args, **kwargs)
os.replace = replace
from generator.cli import main
sys.exit(main(["build", "--source", {source!r}, "--out", {out!r}, "--as-of", "{as_of}", "--jobs", "1"]))
"""


@pytest.mark.parametrize("k", [0, 1, 2, 5, 20, 60])
def test_power_cut_during_the_commit_leaves_a_whole_site(mini, tmp_path, k):
    """Die at the k-th rename of the commit: the output is then the old site or, after recovery, the new one."""
    out = tmp_path / "site"
    assert run_main("build", "--source", str(mini), "--out", str(out), "--as-of", AS_OF).code == 0
    before = tree(out)
    site = mini / "site.yaml"
    site.write_text(site.read_text().replace("title: Mini Atlas", "title: Renamed Atlas"))
    (mini / "policies/us-ban-bill.yaml").unlink()  # a page to delete as well as pages to replace
    script = CRASH_AT_RENAME.format(k=k, source=str(mini), out=str(out), as_of=AS_OF)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                          capture_output=True, text=True, timeout=60)
    FIGURES["2. power cut at the k-th rename of a commit"] += 1
    assert done.returncode in (0, 137), done.stderr
    reference = tmp_path / "reference"  # built just now, so a theme edited meanwhile cannot make them differ
    assert run_main("build", "--source", str(mini), "--out", str(reference), "--as-of", AS_OF).code == 0
    journal = out.parent / f".{out.name}-journal.json"
    if done.returncode == 137 and not journal.exists():  # before a journal's commit point, or after an exchange of
        assert tree(out) in (before, tree(reference))  # the folders (builds/swap.py): whole, old or new
    outcome = run_main("build", "--source", str(mini), "--out", str(out), "--as-of", AS_OF)
    assert outcome.code == 0, outcome.text
    assert leftovers(tmp_path) == []
    assert tree(out) == tree(reference)


# --- an --out folder that is not ours ------------------------------------------------------------------------

def _folder_with_a_file(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    return out


def _hidden_file_only(tmp_path):
    out = tmp_path / "dotfiles"
    out.mkdir()
    (out / ".bashrc").write_text("alias ll='ls -l'")
    return out


def _empty_subfolder_only(tmp_path):
    out = tmp_path / "photos"
    (out / "2024").mkdir(parents=True)
    return out


def _the_content_folder(tmp_path):
    return tmp_path / "content"


def _its_parent(tmp_path):
    return tmp_path


def _a_file(tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("not a folder")
    return out


def _symlink_to_a_folder_with_files(tmp_path):
    target = _folder_with_a_file(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    return link


def _marker_is_a_folder(tmp_path):
    out = _folder_with_a_file(tmp_path)
    (out / ".policy-atlas-site").mkdir()
    return out


def _marker_is_a_symlink_to_elsewhere(tmp_path):
    out = _folder_with_a_file(tmp_path)
    (tmp_path / "elsewhere").write_text("x")
    (out / ".policy-atlas-site").symlink_to(tmp_path / "elsewhere")
    return out


REFUSED = {
    "folder with a file": _folder_with_a_file,
    "folder with a hidden file only": _hidden_file_only,
    "folder with an empty subfolder only": _empty_subfolder_only,
    "the content folder itself": _the_content_folder,
    "the folder holding the content": _its_parent,
    "a file, not a folder": _a_file,
    "a symlink to a folder with files": _symlink_to_a_folder_with_files,
    "marker is a folder, not our file": _marker_is_a_folder,
}


@pytest.mark.parametrize("runner", ["in-process", "subprocess"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_out_folder_with_other_files_is_refused(mini, tmp_path, case, runner):
    out = REFUSED[case](tmp_path)
    before = tree(tmp_path)
    run = run_main if runner == "in-process" else run_module
    outcome = run("build", "--source", str(mini), "--out", str(out))
    FIGURES["2. --out a folder we did not write (refused)"] += 1
    assert outcome.code == 2, outcome.text
    assert "Traceback" not in outcome.text and "policy-atlas: error:" in outcome.err
    after = tree(tmp_path)
    after.pop(".atlas-cache/.parsed.json", None)  # a parse cache beside the output may appear; nothing else
    assert {k: v for k, v in after.items() if not k.startswith(".atlas-cache")} == before


def test_a_planted_marker_symlink_is_not_proof_of_ownership(mini, tmp_path):
    """A marker that is a symlink is accepted only if it is a real file; either way nothing outside is touched."""
    out = _marker_is_a_symlink_to_elsewhere(tmp_path)
    outcome = run_main("build", "--source", str(mini), "--out", str(out))
    FIGURES["2. --out a folder we did not write (refused)"] += 1
    assert "Traceback" not in outcome.text
    assert (tmp_path / "elsewhere").read_text() == "x"
    assert (out / "thesis.docx").read_text() == "years of work"
