"""The command line: parse arguments, call a stage, map the outcome to an exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.build import build, check
from generator.dates import parse_date
from generator.problems import ContentError, format_report
from generator.write import OutputRefused

OK, CONTENT_ERRORS, USAGE = 0, 1, 2


def _date(text: str):
    try:
        parsed = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if parsed.precision != "day":
        raise argparse.ArgumentTypeError(f"'{text}': give a full date, YYYY-MM-DD")
    return parsed.first


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

    check_cmd = commands.add_parser("check", help="check the content and report every problem")
    check_cmd.add_argument("--source", type=Path, default=Path("content"), help=source_help)
    check_cmd.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    source = args.source
    if not source.is_dir():
        print(f"policy-atlas: error: content folder {source} does not exist (use --source DIR)", file=sys.stderr)
        return USAGE
    try:
        if args.command == "check":
            atlas = check(source, drafts=args.drafts)
            print(f"No problems: {len(atlas.jurisdictions)} jurisdictions, {len(atlas.policies)} policies, "
                  f"{len(atlas.briefs)} briefs, {len(atlas.dimensions)} dimensions.")
            return OK
        out = args.out or source.resolve().parent / "site"
        result = build(source, out, args.as_of, args.drafts)
        print(f"Built {result.pages} pages into {out} in {result.seconds:.2f} s "
              f"(as of {result.atlas.as_of.isoformat()}).")
        return OK
    except ContentError as error:
        print(format_report(error.problems), file=sys.stderr)
        if args.command == "build":
            print("The build failed; the previous output was left as it was.", file=sys.stderr)
        return CONTENT_ERRORS
    except OutputRefused as error:
        print(f"policy-atlas: error: {error}", file=sys.stderr)
        return USAGE
