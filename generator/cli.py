"""The command line: parse arguments, call a stage, map the outcome to an exit code.

Each command imports what it needs when it runs: `build` with nothing to do, or with one brief's
text changed, finishes in less time than importing the dev server and every stage would take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator import __version__
from generator.build import build, check_with_warnings
from generator.dates import parse_date
from generator.problems import ContentError, format_report, format_warnings
from generator.builds.write import OutputRefused, check_output

OK, CONTENT_ERRORS, USAGE = 0, 1, 2


def _date(text: str):
    try:
        parsed = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if parsed.precision != "day":
        raise argparse.ArgumentTypeError(f"'{text}': give a full date, YYYY-MM-DD")
    return parsed.first


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

    check_cmd = commands.add_parser("check", help="check the content and report every problem")
    check_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    check_cmd.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
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
    return parser


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
    from generator.content.load import load_site
    from generator.preview.serve import Preview, run
    from generator.site.theme import DEFAULT_THEMES
    from generator.site.urls import Urls

    source = args.source.resolve()
    out = args.out or source.parent / ".atlas-preview"

    held = {}  # the parse cache, kept in memory from one rebuild to the next

    def rebuild():
        try:
            result = build(source, out, drafts=True, search=False,  # indexing 10,000 pages takes seconds
                           cache=held["cache"].next_run() if held else None)
            held["cache"] = result.cache
        except ContentError as error:
            print(format_report(error.problems, error.warnings), file=sys.stderr, flush=True)
            return error.problems
        if result.warnings:
            print(format_warnings(result.warnings), file=sys.stderr, flush=True)
        print(f"Rebuilt {result.rendered} of {result.pages} pages in {result.seconds:.2f} s.", flush=True)
        return []

    try:
        check_output(out)
    except OutputRefused as error:
        print(f"policy-atlas: error: {error}", file=sys.stderr)
        return USAGE
    preview = Preview(rebuild, source)
    preview.refresh()
    site = load_site(source)
    base_path = Urls(site.base_url).base_path if site else "/"
    watch = [source] + [folder for folder in (source.parent / "themes", DEFAULT_THEMES) if folder.is_dir()]
    print(f"Serving {out} at http://{args.host}:{args.port}{base_path} (drafts shown). Ctrl-C stops.", flush=True)
    run(preview, out, base_path, watch, args.host, args.port)
    return OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
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
            atlas, warnings = check_with_warnings(source, drafts=args.drafts)
            if warnings:  # they alone never fail a check
                print(format_warnings(warnings), file=sys.stderr)
            print(f"No problems: {len(atlas.jurisdictions)} jurisdictions, {len(atlas.policies)} policies, "
                  f"{len(atlas.briefs)} briefs, {len(atlas.dimensions)} dimensions"
                  f"{f'; {len(warnings)} warning' + ('s' if len(warnings) != 1 else '') if warnings else ''}.")
            return OK
        out = args.out or source.resolve().parent / "site"
        result = build(source, out, args.as_of, args.drafts, reuse=not args.no_cache, jobs=args.jobs,
                       search=not args.no_search)
        if result.warnings:
            print(format_warnings(result.warnings), file=sys.stderr)
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
