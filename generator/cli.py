"""The command line: parse arguments, call a stage, map the outcome to an exit code.

Each command imports what it needs when it runs: `build` with nothing to do, or with one brief's
text changed, finishes in less time than importing the dev server and every stage would take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from generator import __version__
from generator.build import build, check_with_warnings
from generator.dates import parse_date
from generator.interrupts import terminate_as_interrupt
from generator.problems import ContentError, format_report, format_warnings
from generator.progress import for_terminal
from generator.builds.write import OutputRefused, check_output

OK, CONTENT_ERRORS, USAGE = 0, 1, 2
INTERRUPTED = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C
BASE_URL = re.compile(r"^https?://[^/?#\s]+(/[^?#\s]*)?$")  # as site.schema.json's base_url


def _date(text: str):
    try:
        parsed = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if parsed.precision != "day":
        raise argparse.ArgumentTypeError(f"'{text}': give a full date, YYYY-MM-DD")
    return parsed.first


def _base_url(text: str) -> str:
    if not BASE_URL.match(text):
        raise argparse.ArgumentTypeError(f"'{text}': give an http(s) address such as https://example.org/atlas/")
    return text if text.endswith("/") else text + "/"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}': give a whole number of 1 or more")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-atlas", description="Build and check a Policy Atlas site.")
    parser.add_argument("--version", action="version", version=f"policy-atlas {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    source_help = "the content folder (default: ./content)"

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    build_cmd.add_argument("--out", type=Path, help="the output folder (default: site/ beside the content folder)")
    build_cmd.add_argument("--as-of", type=_date, help="derive the comparison as it stood on this date (YYYY-MM-DD)")
    build_cmd.add_argument("--drafts", action="store_true", help="include records and briefs marked draft: true")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="render every page, ignoring unchanged pages of the previous build")
    build_cmd.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build_cmd.add_argument("--jobs", type=_positive, help="worker processes for reading and rendering (default: all cores)")
    build_cmd.add_argument("--timings", action="store_true", help="print the seconds spent in each stage")
    build_cmd.add_argument("--quiet", action="store_true", help="print nothing but errors (no progress, no summary)")
    build_cmd.add_argument("--base-url", type=_base_url, metavar="URL",
                           help="publish under this address instead of site.yaml's base_url (e.g. a preview deploy)")

    check_cmd = commands.add_parser("check", help="check the content and report every problem")
    check_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    check_cmd.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    check_cmd.add_argument("--quiet", action="store_true", help="print nothing but problems")
    serve_cmd = commands.add_parser("serve", help="build with drafts, serve on this machine and rebuild on save")
    serve_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    serve_cmd.add_argument("--out", type=Path, help="the preview folder (default: .atlas-preview/ beside the content)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1 only)")
    serve_cmd.add_argument("--port", type=int, default=5500, help="the port (default: 5500)")
    new_cmd = commands.add_parser("new", help="scaffold a valid, commented record file")
    new_cmd.add_argument("kind", choices=("brief", "policy", "jurisdiction"))
    new_cmd.add_argument("id", help="the new record's id (lower-case letters, digits, '-' and '_')")
    new_cmd.add_argument("--title", help="the title (or name) to put in the file")
    new_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    init_cmd = commands.add_parser("init", help="start a new site in a new or empty folder")
    init_cmd.add_argument("folder", type=Path, help="where to write it (created if needed; it must be empty)")
    init_cmd.add_argument("--title", help="the site's title (default: My Policy Atlas)")
    return parser


def _catalog_warnings(source: Path, atlas) -> list:
    """Return warnings about the theme's catalogs for the site's further languages (untranslated, stale)."""
    from generator.site.catalogs import warnings
    from generator.site.theme import find_theme

    theme, _ = find_theme(atlas.site.theme, source, atlas.site.origin)
    return warnings(theme, tuple(lang.code for lang in atlas.site.languages)) if theme else []


def _init(args) -> int:
    from generator.content.scaffold import ScaffoldError
    from generator.content.starter import init_site

    try:
        init_site(args.folder, args.title, dt.date.today())
    except ScaffoldError as error:
        print(f"policy-atlas: error: {error.message}" + (f" ({error.hint})" if error.hint else ""), file=sys.stderr)
        return USAGE
    print(f"Wrote a new site into {args.folder}. Next: cd {args.folder} && policy-atlas serve "
          "(then edit content/site.yaml; each file's comments say what to change).")
    return OK


def _waiting(out: Path):
    def say(holder: str) -> None:
        who = f" (process {holder})" if holder.isdigit() else ""
        print(f"policy-atlas: another build is writing {out}{who}; waiting for it to finish.", file=sys.stderr,
              flush=True)
    return say


def _new(args) -> int:
    from generator.content.scaffold import ScaffoldError, scaffold

    try:
        path = scaffold(args.kind, args.id, args.source, dt.date.today(), args.title)
    except ScaffoldError as error:
        print(f"policy-atlas: error: {error}", file=sys.stderr)
        return USAGE
    print(f"Wrote {path}. Fill in the commented fields, then run: policy-atlas check")
    return OK


def _serve(args) -> int:
    from generator.builds.live import Live
    from generator.content.load import load_site
    from generator.preview.serve import Preview, Rebuilt, run
    from generator.site.theme import DEFAULT_THEMES
    from generator.site.urls import Urls

    source = args.source.resolve()
    out = args.out or source.parent / ".atlas-preview"

    def base_path_of(site) -> str:
        return Urls(site.base_url).base_path if site else "/"

    held = {}  # the parse cache, the last build's state (live.py) and the base path served, from one rebuild to the next

    def rebuild(changed=None):
        live = held.pop("live", None)
        # an edit of briefs or policies: redone in memory, the pages the browsers show first
        done = live.update(changed, viewed=preview.viewed()) if live is not None else None
        why = f" ({live.why}: the whole site was checked)" if live is not None and done is None else ""
        if done is not None:
            held["live"] = live
            print(f"Rebuilt {done.rendered} of {done.pages} pages in {done.seconds:.2f} s"
                  f"{f' ({done.later} more to follow)' if done.later else ''}.", flush=True)
            return Rebuilt(changed=done.changed)  # only the tabs showing these pages reload
        try:
            result = build(source, out, drafts=True, search=False,  # indexing 10,000 pages takes seconds
                           cache=held["cache"].next_run() if "cache" in held else None, waiting=_waiting(out),
                           remember=True)
            held["cache"] = result.cache
        except ContentError as error:
            print(format_report(error.problems, error.warnings), file=sys.stderr, flush=True)
            return error.problems
        if result.warnings:
            print(format_warnings(result.warnings), file=sys.stderr, flush=True)
        if result.memory is not None:
            held["live"] = Live(result.memory, source, out, result.cache)
        if result.atlas is not None:  # site.yaml may have changed base_url (a quick rebuild means it did not)
            held["base"] = base_path_of(result.atlas.site)
        print(f"Rebuilt {result.rendered} of {result.pages} pages in {result.seconds:.2f} s{why}.", flush=True)
        return []

    def finish() -> frozenset[str]:
        live = held.get("live")
        try:
            return live.finish() if live is not None else frozenset()
        except OSError as error:  # the next rebuild is a normal one, which reports what is still wrong
            held.pop("live", None)
            print(f"policy-atlas: error: cannot write the preview: {error}", file=sys.stderr, flush=True)
            return frozenset()

    try:
        check_output(out)
    except OutputRefused as error:
        print(f"policy-atlas: error: {error}", file=sys.stderr)
        return USAGE
    preview = Preview(rebuild, source, finish=finish)
    preview.refresh()
    if "base" not in held:  # a quick first build, or a failed one: site.yaml alone says where the site lives
        held["base"] = base_path_of(load_site(source))
    watch = [source] + [folder for folder in (source.parent / "themes", DEFAULT_THEMES) if folder.is_dir()]
    print(f"Serving {out} at http://{args.host}:{args.port}{held['base']} (drafts shown). Ctrl-C stops.", flush=True)
    run(preview, out, lambda: held["base"], watch, args.host, args.port)
    return OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        with terminate_as_interrupt():
            return _run(args)
    except KeyboardInterrupt:  # Ctrl-C, or a request to terminate (interrupts.py): one line, no traceback
        left = ("; the output was left as it was (a commit already under way is completed by the next build)"
                if args.command == "build" else "")
        print(f"policy-atlas: interrupted{left}.", file=sys.stderr)
        return INTERRUPTED


def _run(args) -> int:
    if args.command == "init":
        return _init(args)
    source = args.source
    if not source.is_dir():
        print(f"policy-atlas: error: content folder {source} does not exist (use --source DIR)", file=sys.stderr)
        return USAGE
    if args.command == "serve":
        return _serve(args)
    if args.command == "new":
        return _new(args)
    try:
        if args.command == "check":
            atlas, warnings = check_with_warnings(source, drafts=args.drafts, progress=for_terminal(args.quiet))
            if warnings:  # likely mistakes in valid content: reported, never a failure
                print(format_warnings(warnings), file=sys.stderr)
            for warning in _catalog_warnings(source, atlas):  # a missing translation falls back: not an error
                print(warning.format(), file=sys.stderr)
            if not args.quiet:
                counts = [_count(len(atlas.jurisdictions), "jurisdiction", "jurisdictions"),
                          _count(len(atlas.policies), "policy", "policies"), _count(len(atlas.briefs), "brief", "briefs"),
                          _count(len(atlas.dimensions), "dimension", "dimensions")]
                found = f"; {_count(len(warnings), 'warning', 'warnings')}" if warnings else ""
                print(f"No problems: {', '.join(counts)}{found}.")
            return OK
        out = args.out or source.resolve().parent / "site"
        result = build(source, out, args.as_of, args.drafts, reuse=not args.no_cache, jobs=args.jobs,
                       search=not args.no_search, progress=for_terminal(args.quiet), base_url=args.base_url,
                       waiting=_waiting(out))
        if result.warnings:  # printed even with --quiet: they are about the content, like errors
            print(format_warnings(result.warnings), file=sys.stderr)
        if args.quiet:
            return OK
        print(f"Built {result.pages} pages ({result.rendered} rendered, {result.pages - result.rendered} unchanged) "
              f"into {out} in {result.seconds:.2f} s (as of {result.as_of.isoformat()}).")
        if args.timings:
            print("  ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items()))
        return OK
    except ContentError as error:
        print(format_report(error.problems, error.warnings), file=sys.stderr)
        if args.command == "build":
            print("The build failed; the previous output was left as it was.", file=sys.stderr)
        return CONTENT_ERRORS
    except OutputRefused as error:
        print(f"policy-atlas: error: {error}", file=sys.stderr)
        return USAGE
    except OSError as error:  # a full disk, a read-only or vanished folder: say so, no traceback
        print(f"policy-atlas: error: cannot {args.command}: {error.strerror or error}"
              f"{f' ({error.filename})' if error.filename else ''}", file=sys.stderr)
        if args.command == "build":
            print("The build failed; the previous output was left as it was.", file=sys.stderr)
        return CONTENT_ERRORS


def _count(number: int, one: str, many: str) -> str:
    """Return '1 jurisdiction' or '3 jurisdictions' (the command line speaks English only)."""
    return f"{number:,} {one if number == 1 else many}"
