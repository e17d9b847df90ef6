"""Helpers for the hostile-input suite: run the command line both ways and read its report strictly."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "sites" / "mini"
CONTENT = REPO / "content"
TIMEOUT = 60  # seconds: a hang fails the test instead of stalling CI (each run takes well under 2 s)

# Counted over the session and printed at its end (see conftest.py): how many cases each category tried.
FIGURES: Counter = Counter()

# file:line:column: message   (field and message may follow; the path has no colon in our fixtures)
PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): (?P<message>\S.*)$")
# file: message   (a problem about a whole file, such as one refused for its name or a link outside)
FILE_LINE = re.compile(r"^(?P<path>[^\s:][^:]*\.[A-Za-z]+|[^\s:]*/[^:]*): (?P<message>\S.*)$")
SUMMARY = re.compile(r"^\d+ problems?(?: and \d+ warnings?)? found\.$")  # problems.format_report
FAILED = "The build failed; the previous output was left as it was."


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_module(*args: str, cwd: Path = REPO, timeout: float = TIMEOUT) -> Outcome:
    """Run `python -m generator ARGS` in a fresh interpreter (a hang raises TimeoutExpired)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), SOURCE_DATE_EPOCH="1795737600")  # 2026-11-27
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, errors="replace")
    return Outcome(done.returncode, done.stdout, done.stderr)


def run_main(*args: str) -> Outcome:
    """Run generator.cli.main in this process; an exception escaping it is a traceback, and fails the test."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = exit_.code if isinstance(exit_.code, int) else 2
    return Outcome(code, out.getvalue(), err.getvalue())


RUNNERS = {"subprocess": run_module, "in-process": run_main}


def problem_lines(outcome: Outcome, *, strict: bool = True) -> list[tuple[str, int, int, str]]:
    """Return (file, line, column, message and hint) for each problem of a failed run, asserting the
    report has no traceback and no stray line.

    strict: every problem names file, line and column; otherwise naming the file is enough.
    """
    assert "Traceback" not in outcome.text, outcome.text
    assert outcome.code in (0, 1), outcome.text
    if outcome.code == 0:
        return []
    problems = []
    for raw in outcome.err.splitlines():
        if raw.startswith("    hint: ") and problems:
            problems[-1] = problems[-1][:3] + (problems[-1][3] + " | " + raw.strip(),)
            continue
        if not raw.strip() or SUMMARY.match(raw) or raw == FAILED:
            continue
        match = PROBLEM_LINE.match(raw) or (None if strict else FILE_LINE.match(raw))
        assert match, f"a report line that does not name {'file, line and column' if strict else 'a file'}: " \
                      f"{raw!r}\n---\n{outcome.err}"
        found = match.groupdict()
        problems.append((found["path"], int(found.get("line") or 0), int(found.get("column") or 0), found["message"]))
    assert problems, outcome.err
    summary = [line for line in outcome.err.splitlines() if SUMMARY.match(line)]
    cautions = sum(1 for problem in problems if problem[3].startswith("warning: "))  # reported beside the problems
    count = len(problems) - cautions
    expected = f"{count} problem{'s' if count != 1 else ''}" + (
        f" and {cautions} warning{'s' if cautions != 1 else ''}" if cautions else "") + " found."
    assert summary == [expected], outcome.err
    return problems


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` (and where each symlink points), for byte-for-byte comparison."""
    result = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[key] = b"->" + os.readlink(path).encode()
        elif path.is_file():
            result[key] = path.read_bytes()
    return result
