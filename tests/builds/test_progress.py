"""Progress by stage on a terminal, nothing extra on a pipe or in CI, and --quiet for nothing but errors."""

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from generator import progress

REPO = Path(__file__).resolve().parents[2]


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "POLICY_ATLAS_PROGRESS_DELAY")}
    return {**env, "PYTHONPATH": str(REPO), **extra}


def _in_terminal(args, size=(40, 100), **env) -> tuple[int, str]:
    """Run the command line with its standard error on a terminal of `size` (rows, columns); return the exit code and
    what it drew."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], stdout=subprocess.DEVNULL,
                               stderr=secondary, env=_env(**env), cwd=REPO)
    os.close(secondary)
    drawn = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed when the process ended
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main)
    return process.wait(timeout=300), drawn.decode("utf-8", "replace")


def test_a_terminal_shows_each_stage(mini, tmp_path):
    pytest.importorskip("pagefind")
    code, drawn = _in_terminal(["build", "--source", str(mini), "--out", str(tmp_path / "site"), "--no-cache"],
                               POLICY_ATLAS_PROGRESS_DELAY="0")
    assert code == 0
    for stage in ("read:", "render:", "search:"):
        assert stage in drawn, drawn


def test_a_terminal_that_tells_no_size_still_shows_each_stage(mini, tmp_path):
    """A terminal whose size is 0 x 0 (`script` run without a terminal of its own, some containers' terminals):
    tqdm, left to the terminal's size, would draw nothing; the bars are drawn 80 columns wide instead."""
    code, drawn = _in_terminal(["build", "--source", str(mini), "--out", str(tmp_path / "site"), "--no-search"],
                               size=(0, 0), POLICY_ATLAS_PROGRESS_DELAY="0")
    assert code == 0
    for stage in ("read:", "render:"):
        assert stage in drawn, drawn
    widest = max(len(line) for line in drawn.replace("\r", "\n").split("\n") if "render:" in line)
    assert widest <= 80 + 16, drawn  # 80 columns, and the cursor's escape codes around them


def test_nothing_is_drawn_before_the_delay(mini, tmp_path):
    code, drawn = _in_terminal(["build", "--source", str(mini), "--out", str(tmp_path / "site"), "--no-search"],
                               POLICY_ATLAS_PROGRESS_DELAY="300")
    assert code == 0 and "read:" not in drawn and "render:" not in drawn


def test_a_pipe_gets_the_summary_line_and_nothing_else(mini, tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--source", str(mini), "--out",
                             str(tmp_path / "site"), "--no-search"], capture_output=True, text=True,
                            env=_env(POLICY_ATLAS_PROGRESS_DELAY="0"), cwd=REPO)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Built ") and result.stdout.count("\n") == 1


def test_quiet_prints_nothing_but_errors(mini, tmp_path):
    out = str(tmp_path / "site")
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                                       env=_env(), cwd=REPO)
    quiet = run("build", "--source", str(mini), "--out", out, "--no-search", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert run("check", "--source", str(mini), "--quiet").stdout == ""
    (mini / "policies/eu-law.yaml").write_text("id: eu-law\ntitle: [broken\n")
    broken = run("check", "--source", str(mini), "--quiet")
    assert broken.returncode == 1 and "eu-law.yaml:" in broken.stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bars_only_for_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert isinstance(progress.for_terminal(False, _Terminal()), progress.Bars)
    assert progress.for_terminal(True, _Terminal()) is progress.SILENT
    assert progress.for_terminal(False, io.StringIO()) is progress.SILENT
    monkeypatch.setenv("CI", "true")
    assert progress.for_terminal(False, _Terminal()) is progress.SILENT
