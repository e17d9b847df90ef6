"""The benchmark's report: the machine, a summary row per tool and scenario, and RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

import corpus as corpus_mod

TOOLS = ("policy-atlas", "hugo", "pelican", "mkdocs")
FIXED_EPOCH = "1782864000"  # 2026-07-01 UTC: the as-of date of every Policy Atlas build in a run
BRIEFS_ONLY = "-briefs-only"  # the scenarios of the second corpus (run.py): cold-briefs-only, ...
# The peer each Policy Atlas scenario is compared with, measured in the same run.
PEERS = {"cold": ("hugo", "cold+pagefind"), "cold-no-search": ("hugo", "cold"),
         "one-edit": ("hugo", "one-edit+pagefind"), "one-edit-front": ("hugo", "one-edit+pagefind"),
         "new-brief": ("hugo", "one-edit+pagefind"), "no-change": ("hugo", "cold+pagefind"),
         "next-day": ("hugo", "cold+pagefind"),
         "cold" + BRIEFS_ONLY: ("hugo", "cold+pagefind" + BRIEFS_ONLY),
         "cold-no-search" + BRIEFS_ONLY: ("hugo", "cold" + BRIEFS_ONLY)}
SCENARIOS = ("cold", "cold-no-search", "cold+pagefind", "no-change", "one-edit", "one-edit+pagefind",
             "one-edit-front", "new-brief", "next-day",
             *(name + BRIEFS_ONLY for name in ("cold", "cold-no-search", "cold+pagefind")))


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


SPEED_LOOP = ("import time\nt = time.perf_counter()\ns = 0\nfor k in range(10_000_000):\n    s += k\n"
              "print(time.perf_counter() - t)")


def speed(python: str, times: int = 3) -> float | None:
    """Return the median seconds a fixed loop of 10 million additions takes in a fresh interpreter, `times` runs:
    a measure of the machine's speed in the hour, beside the results. On a shared machine it can halve for
    hours, moving every tool alike: the ratios still compare, the absolute figures need it."""
    found = []
    for _ in range(times):
        try:
            result = subprocess.run([python, "-c", SPEED_LOOP], capture_output=True, text=True, timeout=120)
            found.append(float(result.stdout.strip()))
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None
    return statistics.median(found)


def speed_line(speeds: list[tuple[str, float | None]]) -> str:
    """Return the report's line for the machine's speed at each point of the run."""
    shown = ", ".join(f"{'—' if value is None else format(value, '.2f')} s {when}" for when, value in speeds)
    shown = shown or "not measured (the run stopped before the first round)"
    return (f"- **Machine speed:** a loop of 10 million additions in one Python process (`bench/report.py`, "
            f"`SPEED_LOOP`), median of three: {shown}")


_STAGE = r"([a-z][a-z_-]*) (\d+\.\d+) s"  # one stage of `build --timings`: "quick 0.21 s  state 0.40 s"
_TIMINGS = re.compile(rf"^(?:{_STAGE}(?:  |$))+$")  # a line of nothing else


def stages_of(log: str) -> dict[str, float]:
    """Return the seconds of each stage that `policy-atlas build --timings` printed in a build's log, in order;
    empty when it printed none (a failed build, or a tool without them)."""
    lines = [line.strip() for line in log.splitlines() if _TIMINGS.match(line.strip())]
    if not lines:
        return {}
    return {stage: float(seconds) for stage, seconds in re.findall(_STAGE, lines[-1])}


def stage_rows(runs: list[dict]) -> list[tuple[str, float, dict[str, float], float]]:
    """Return, per Policy Atlas scenario: the median wall time, the median of each stage its builds timed, and the
    median of what the stages leave out (start-up, imports and exit: the wall time less the stages' sum)."""
    rows = []
    for scenario in SCENARIOS:
        timed = [r for r in runs if r["tool"] == "policy-atlas" and r["scenario"] == scenario and r["rc"] == 0
                 and r.get("stages")]
        if not timed:
            continue
        names = list(dict.fromkeys(name for r in timed for name in r["stages"]))
        stages = {name: statistics.median(r["stages"].get(name, 0.0) for r in timed) for name in names}
        outside = statistics.median(r["wall"] - sum(r["stages"].values()) for r in timed)
        rows.append((scenario, statistics.median(r["wall"] for r in timed), stages, outside))
    return rows


def stage_lines(runs: list[dict]) -> list[str]:
    """Return the report's table of where Policy Atlas's time goes in each scenario (empty if nothing was timed)."""
    rows = stage_rows(runs)
    if not rows:
        return []
    lines = ["", "**Where Policy Atlas's time goes** (each build's `--timings`, medians over the rounds; *outside*: "
             "the wall time less the stages, that is start-up, imports and exit; a stage's median and the wall "
             "time's come from different rounds, so they need not add up):", "",
             "| scenario | median wall (s) | stages (s) | outside (s) |", "|---|---:|---|---:|"]
    for scenario, wall, stages, outside in rows:
        shown = " · ".join(f"{name} {seconds:.2f}" for name, seconds in stages.items())
        lines.append(f"| {scenario} | {wall:.2f} | {shown} | {outside:.2f} |")
    return lines


def index_share_lines(rows: list[dict], cores: int) -> list[str]:
    """Return the report's paragraph on the search index's share of the CPU: each tool's cold build with its index less
    the same build without, and the least wall time Policy Atlas's index alone would take on `cores` cores, against
    Hugo + Pagefind's median (empty unless all four of those scenarios have a median)."""
    found = _measured(rows)
    wanted = [("policy-atlas", "cold"), ("policy-atlas", "cold-no-search"), ("hugo", "cold+pagefind"), ("hugo", "cold")]
    if not all(key in found for key in wanted) or cores < 1:
        return []
    cold, bare, hugo_indexed, hugo = (found[key] for key in wanted)
    ours, theirs = cold["cpu"] - bare["cpu"], hugo_indexed["cpu"] - hugo["cpu"]
    peer = hugo_indexed["median"]
    floor, left = ours / cores, peer * cores - ours
    return ["", f"**The search index's share of the CPU** (medians of this run): Policy Atlas's cold build took "
            f"{ours:.1f} s of CPU more with its index than without (Pagefind over its shards, and the hashes of what "
            f"Pagefind reads); Hugo + Pagefind {theirs:.1f} s more than Hugo alone. Spread over the {cores} cores, "
            f"Policy Atlas's index alone takes at least {floor:.2f} s, {floor / peer:.2f}× Hugo + Pagefind's whole "
            f"cold build ({peer:.2f} s); to match that build, loading and rendering would have "
            + (f"{left:.1f} s of CPU in all" if left > 0 else "no CPU left at all")
            + f", where Hugo alone took {hugo['cpu']:.1f} s."]


def briefs_only_lines(rows: list[dict], corpus_info: dict) -> list[str]:
    """Return the report's paragraph on the second corpus (as many briefs, one jurisdiction, no policies): each cold
    build of Policy Atlas against its peer there, beside the same on the main corpus (empty unless both of Policy
    Atlas's cold builds of the second corpus have a ratio)."""
    found = _measured(rows)
    second = corpus_info.get("briefs_only")
    pairs = [("cold", "Hugo + Pagefind", "with the index (the default build) took"),
             ("cold-no-search", "Hugo", "without it")]
    if second is None or any(found.get(("policy-atlas", name + BRIEFS_ONLY), {}).get("ratio") is None
                             for name, _, _ in pairs):
        return []
    said = []
    for name, peer, what in pairs:
        ours = found["policy-atlas", name + BRIEFS_ONLY]
        theirs = found[PEERS[name + BRIEFS_ONLY]]
        main = found.get(("policy-atlas", name), {}).get("ratio")
        said.append(f"{what} {ours['median']:.2f} s against {peer}'s {theirs['median']:.2f} s "
                    f"(**{ours['ratio']:.2f}×**; CPU {ours['cpu']:.1f} s against {theirs['cpu']:.1f} s"
                    + (f"; {main:.2f}× on the main corpus" if main is not None else "") + ")")
    pages = found["policy-atlas", "cold" + BRIEFS_ONLY]["pages"]
    peer_pages = found[PEERS["cold" + BRIEFS_ONLY]]["pages"]
    main_pages = found.get(("policy-atlas", "cold"), {}).get("pages")
    return ["", f"**On the peer's pages** (the second corpus, `{second['display']}`: {second['briefs']:,} briefs of "
            f"the same kind with one jurisdiction and no policies; Policy Atlas writes {pages:,} pages of it, Hugo "
            f"{peer_pages:,}" + (f", against {main_pages:,} pages of the main corpus" if main_pages else "")
            + "): Policy Atlas's cold build " + "; ".join(said) + ". What the main corpus's ratios add to these is "
            "what its other pages cost: the policies, the jurisdictions, the comparison and its maps, and their "
            "Chinese edition."]


def _measured(rows: list[dict]) -> dict[tuple[str, str], dict]:
    """Return summarise's rows that have a median, by (tool, scenario)."""
    return {(row["tool"], row["scenario"]): row for row in rows if "median" in row}


def summarise(runs: list[dict]) -> list[dict]:
    """Return a row per tool and scenario: medians over the rounds, and the ratio to its peer in this run."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        groups.setdefault((run["tool"], run["scenario"]), []).append(run)
    medians = {key: statistics.median(r["wall"] for r in group if r["rc"] == 0)
               for key, group in groups.items() if any(r["rc"] == 0 for r in group)}
    tool_rank = {t: i for i, t in enumerate(TOOLS)}
    scen_rank = {s: i for i, s in enumerate(SCENARIOS)}
    rows = []
    for (tool, scenario) in sorted(groups, key=lambda k: (tool_rank.get(k[0], 9), scen_rank.get(k[1], 9))):
        mine = groups[(tool, scenario)]
        good = [r for r in mine if r["rc"] == 0]
        row = {"tool": tool, "scenario": scenario, "runs": len(good), "failed": len(mine) - len(good)}
        if good:
            median = medians[(tool, scenario)]
            pages = good[-1]["pages"] or 0
            max_rss = [r["max_rss_mb"] for r in good if r["max_rss_mb"] is not None]
            peer = PEERS.get(scenario) if tool == "policy-atlas" else None
            peer_median = medians.get(peer) if peer else None
            row.update(median=median, min=min(r["wall"] for r in good), max=max(r["wall"] for r in good),
                       pages=pages, pages_per_s=pages / median if median else None,
                       tree_mb=max(r["tree_rss_mb"] for r in good), pss_mb=max(r["tree_pss_mb"] for r in good),
                       max_rss_mb=max(max_rss) if max_rss else None,
                       cpu=statistics.median(r["cpu"] for r in good),
                       kernel=_median_of(good, "system"),
                       peer=" ".join(peer) if peer and peer_median else None,
                       ratio=(median / peer_median) if peer_median else None)
        rows.append(row)
    return rows


def _median_of(runs: list[dict], key: str) -> float | None:
    """Return the median of `key` over the runs that have it (runs recorded before it was measured do not)."""
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def write_results(path: Path, args, argv, info, vers, installs, corpus_info, rows, runs, started, finished) -> None:
    def fmt(value, spec):
        return "—" if value is None else format(value, spec)

    lines = ["# Benchmark results", "",
             "Written by `bench/run.py` (see docs/performance.md). Re-running it replaces this file.", "",
             f"- **Command:** `{argv}`",
             f"- **Date:** {started:%Y-%m-%d %H:%M} UTC to {finished:%H:%M} UTC",
             f"- **Machine:** {info['nproc']} CPUs (`nproc`), {info['memory']} memory, {info['cpu']}; {info['platform']}; {info['load']}",
             speed_line(info.get("speed", [])),
             f"- **Corpus:** {corpus_info['briefs']:,} briefs (mean body {corpus_info['brief_body_bytes_mean']:,} bytes of "
             f"Markdown), {corpus_info['jurisdictions']:,} jurisdictions, {corpus_info['policies']:,} policies, "
             f"seed {corpus_info['seed']}; generated by `bench/corpus.py` into `{args.corpus_display}`"
             + (f"; and a second corpus, {corpus_info['briefs_only']['briefs']:,} briefs (mean body "
                f"{corpus_info['briefs_only']['brief_body_bytes_mean']:,} bytes) with one jurisdiction and no "
                f"policies, into `{corpus_info['briefs_only']['display']}` (the scenarios named *-briefs-only)"
                if corpus_info.get("briefs_only") else ""),
             f"- **Rounds:** {args.repeat}, alternating: each round runs every tool once, the order rotated by one "
             f"each round; timeout {args.timeout:.0f} s per build; "
             + (f"before each tool's builds in a round, the disk synced and {args.settle:g} s idle (`--settle`)"
                if args.settle > 0 else "no idle time between the tools (`--settle 0`)"),
             "- **Versions:**"]
    lines += [f"  - {tool}: {text}" for tool, text in vers.items()]
    lines += [f"  - installed {tool}: {note}" for tool, note in installs.items()]
    lines += ["", "| tool | scenario | median wall (s) | min–max (s) | pages | pages/s | peak memory, PSS (MB) | "
              "summed RSS (MB) | max single process (MB) | CPU time (s) | of it, kernel (s) | peer (same run) | "
              "ratio to peer |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        if "median" not in row:
            lines.append(f"| {row['tool']} | {row['scenario']} | failed | | | | | | | | | | |")
            continue
        lines.append(
            f"| {row['tool']} | {row['scenario']} | {row['median']:.2f} | {row['min']:.2f}–{row['max']:.2f} | "
            f"{row['pages']:,} | {fmt(row['pages_per_s'], ',.0f')} | {row['pss_mb']:,.0f} | {row['tree_mb']:,.0f} | "
            f"{fmt(row['max_rss_mb'], ',.0f')} | {row['cpu']:.1f} | {fmt(row['kernel'], '.1f')} | "
            f"{row['peer'] or '—'} | {fmt(row['ratio'], '.2f')}"
            + (f" ({row['failed']} failed)" if row["failed"] else "") + " |")
    lines += stage_lines(runs)
    lines += index_share_lines(rows, info.get("nproc") or 0)
    lines += briefs_only_lines(rows, corpus_info)
    lines += ["", "**What is measured.**",
              "- *wall*: from starting the build process to its exit, measured by the runner; each build is a "
              "fresh process. *median* over the rounds that succeeded.",
              "- *pages*: `.html` files in the output after the build. Policy Atlas also writes a page per "
              "jurisdiction, policy and dimension, and index, compare and timeline pages, so it writes more pages "
              "than the peers (which build only the briefs, one list page and a feed or sitemap).",
              "- *peak memory, PSS*: the largest sum, over the build's whole process tree, of each process's "
              "proportional set size (`Pss` in `/proc/PID/smaps_rollup`: a page shared by n processes counts 1/n "
              "in each, so forked workers' shared pages count once), sampled every 200 ms (a very short spike can "
              "be missed; reading it every 50 ms cost the build being timed a quarter of a core); highest over the "
              "rounds. *summed RSS*: the same sum of resident sets (VmRSS, sampled every 50 ms), which "
              "counts shared pages once per process (an upper bound). *max single process*: GNU time's `%M`, the "
              "largest resident set of any one process of the build. For a single-process tool all three agree.",
              "- *CPU time*: user + system time of the build's processes (median); above the wall time means "
              "more than one core was used. *of it, kernel*: the system time alone (median): the kernel's work "
              "for the build (folders and files made, memory mapped); on this kind of machine it swings between "
              "rounds of the same build, and the runs below give each round's user and kernel time apart.",
              "- *ratio to peer*: this row's median wall time divided by the median of the peer named beside it "
              "in this same run: Hugo + Pagefind for builds with search (the default `policy-atlas build`), Hugo "
              "alone for `--no-search`.",
              "- Scenarios: **cold** — output folder and caches cleared first (moved aside, deleted after the last "
              "build: deleting them would slow the next files made on this machine's file system; Policy Atlas "
              "also gets "
              "`--no-cache`; Hugo an empty `--cacheDir`), the default build with the search index; "
              "**cold-no-search** — the same with `--no-search`; **no-change** — Policy Atlas built again into "
              "the output of the cold build just before; **one-edit** — one brief (a different one each round) has "
              "a sentence appended to its text, then a build into the same output (a quick rebuild, search shards "
              "holding the page re-indexed); **one-edit-front** — then another brief's summary (front matter, "
              "shown on list pages and in the feed) is changed, edited as YAML data, and built again (redone "
              "from the last full build's saved state, builds/edited.py); **new-brief** — then a brief is added (a copy "
              "of another under a new file name and title) and built again (the full build: the site is loaded, "
              "the pages that show the new brief rendered); **next-day** — then a build with `--as-of` the next day: "
              "every page shows the date, so every page is rendered again into the existing output, as the first build of each "
              "day does (search shards whose searched text did not change are kept). Peers: **cold** — Hugo alone; **cold+pagefind** — Hugo, then Pagefind over its output, as "
              "one command; **one-edit+pagefind** — one brief edited, then Hugo (into its existing output and "
              "cache) and Pagefind again: Pagefind cannot update an index, and Hugo's command-line build renders "
              "every page. Pelican and MkDocs are measured cold. On the second corpus (as many briefs, one "
              "jurisdiction, no policies), Policy Atlas's **cold-briefs-only** and **cold-no-search-briefs-only** "
              "and Hugo's **cold-briefs-only** and **cold+pagefind-briefs-only** are the cold builds above; each "
              "tool builds them first in its turn of a round.",
              "- Policy Atlas runs from its own virtual environment, installed from a wheel built from the code "
              "under test, as a user would install it; the peers from theirs.",
              f"- Every Policy Atlas build runs with `SOURCE_DATE_EPOCH={FIXED_EPOCH}` so that the as-of date "
              "cannot change between the rounds.",
              "- Peers build the same briefs with minimal equivalent templates (a page per brief with title, "
              "date, authors, summary, body and tags, plus one list of all briefs); `[[id]]` links are turned "
              "into ordinary links for them. Taxonomy, author and archive pages are switched off for the peers; "
              f"Hugo and Pelican write one feed of the latest {corpus_mod.FEED_SIZE} briefs, as Policy Atlas does "
              "(MkDocs has no feed).",
              ""]
    deleting = sorted(r["deleting"] for r in runs if r.get("deleting", 0) >= 0.1)
    if deleting:
        lines[-1:-1] = [f"- After {len(deleting)} Policy Atlas build(s) that replaced most of the output (the next day's), "
                        "the old output was deleted by a process of its own, which the build does not wait for "
                        f"(builds/swap.py): {deleting[len(deleting) // 2]:.2f} s after the build ended (median; "
                        f"{deleting[0]:.2f}-{deleting[-1]:.2f} s), waited for before the next build of any tool started, "
                        "and not counted in the build's time."]
    failures = [r for r in runs if r["rc"] != 0]
    problems = [f"- {tool}: not installed — {note}" for tool, note in installs.items() if note.startswith(("pip install failed", "venv failed"))]
    problems += [f"- {r['tool']} {r['scenario']} round {r['round'] + 1}: {r.get('error', 'failed')} (log: `{r['log']}`)"
                 for r in failures]
    lines += ["**Failures.**", ""] + (problems or ["None."]) + [""]
    lines += ["<details><summary>Every run, in the order run</summary>", "",
              "| # | round | tool | scenario | wall (s) | CPU, user (s) | CPU, kernel (s) | peak PSS (MB) "
              "| summed RSS (MB) | max single process (MB) | pages | exit |",
              "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for index, run in enumerate(runs, 1):
        lines.append(f"| {index} | {run['round'] + 1} | {run['tool']} | {run['scenario']} | {run['wall']:.2f} | "
                     f"{fmt(run.get('user'), '.1f')} | {fmt(run.get('system'), '.1f')} | "
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


