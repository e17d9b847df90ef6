"""Two builds into one output folder at once (a second terminal, a CI retry): the second waits its turn."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from site_trees import settled, tree

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1795000000"}  # one as-of date for every build
BUILD = [sys.executable, "-m", "generator", "build", "--no-search"]


def test_a_build_waits_while_another_holds_the_output(mini, tmp_path):
    out = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from generator.builds.lock import lock_path, output_lock\n"
         f"out = Path({str(out)!r})\n"
         "with output_lock(lock_path(out.parent / '.atlas-cache', out)):\n"
         "    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=ENV)
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = subprocess.Popen([*BUILD, "--source", str(mini), "--out", str(out)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=ENV)
        line = waiting.stderr.readline()
        assert line == f"policy-atlas: another build is writing {out} (process {holder.pid}); waiting for it to finish.\n"
        time.sleep(1.0)
        assert waiting.poll() is None and not out.exists()  # still waiting, nothing written
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    stdout, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert stdout.startswith("Built ") and (out / "index.html").is_file()


def test_a_killed_holder_does_not_leave_the_lock_behind(mini, tmp_path):
    out = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pathlib import Path; from generator.builds.lock import lock_path, output_lock\n"
         f"out = Path({str(out)!r})\n"
         "with output_lock(lock_path(out.parent / '.atlas-cache', out)):\n"
         "    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env=ENV)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=10)
    result = subprocess.run([*BUILD, "--source", str(mini), "--out", str(out)], capture_output=True, text=True,
                            cwd=tmp_path, env=ENV, timeout=60)
    assert result.returncode == 0 and "waiting" not in result.stderr


def test_two_builds_started_together_both_succeed_and_leave_a_whole_site(mini, tmp_path):
    """Without the lock, one of two builds often failed: 'No such file or directory (.site-journal.json)'."""
    out = tmp_path / "site"
    subprocess.run([*BUILD, "--source", str(mini), "--out", str(out)], check=True, capture_output=True, cwd=tmp_path,
                   env=ENV)
    fresh = tmp_path / "fresh"
    subprocess.run([*BUILD, "--no-cache", "--source", str(mini), "--out", str(fresh)], check=True, capture_output=True,
                   cwd=tmp_path, env=ENV)
    for _ in range(8):
        builds = [subprocess.Popen([*BUILD, "--no-cache", "--source", str(mini), "--out", str(out)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=ENV)
                  for _ in range(2)]
        results = [(build.wait(timeout=120), build.stderr.read()) for build in builds]
        for build in builds:
            build.stdout.close()
            build.stderr.close()
        assert [code for code, _ in results] == [0, 0], results
        assert tree(out) == tree(fresh)
        assert sorted(p.name for p in settled(tmp_path).iterdir() if p.name.startswith(".site")) == []  # no leftovers
