"""The `ccaf` command line: opens the app, or runs one of its commands without a terminal UI.

Keep this module light: it runs before the first frame, so Textual is imported only when the
app starts, and the anthropic SDK only when a stream starts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ccaf import __version__


def _add_bank_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--bank",
        action="append",
        metavar="DIR",
        # On subcommands the default must not overwrite what was given before the subcommand.
        default=None if top else argparse.SUPPRESS,
        help="question bank: a pack or a directory of packs (repeatable; "
        "default: $CCAF_BANK, else the bundled bank)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ccaf",
        description="Study for the Claude Certified Architect – Foundations exam.",
    )
    parser.add_argument("--version", action="version", version=f"ccaf {__version__}")
    _add_bank_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check question packs and count their items",
        description="Check question packs. Prints item counts and exits 0, or prints every "
        "problem as PATH:LINE: item ID: field: message and exits 1.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a pack, a directory of packs, or one YAML file (default: the bank the app loads)",
    )
    _add_bank_option(validate, top=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    return _run_app(args)


def _validate(args: argparse.Namespace) -> int:
    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.bank.report import counts_table
    from ccaf.text import plural

    paths = [Path(p) for p in args.paths] or bank_paths(args.bank)
    bank = load_bank(paths)
    if bank.errors:
        for error in bank.errors:
            print(error)
        files = len({error.path for error in bank.errors})
        print(f"\n{plural(len(bank.errors), 'problem')} in {plural(files, 'file')}.")
        return 1
    print(counts_table(bank))
    print(f"\n{plural(len(bank.items), 'item')} in {plural(bank.files, 'file')}: all valid.")
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from ccaf.bank.loader import bank_paths
    from ccaf.tui.app import CcafApp

    CcafApp(bank_paths=bank_paths(args.bank)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
