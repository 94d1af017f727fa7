"""The `ccaf` command line: opens the app, or runs one of its commands without a terminal UI.

Keep this module light: it runs before the first frame, so Textual is imported only when the
app starts, and the anthropic SDK only when a stream starts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ccaf import __version__

if TYPE_CHECKING:
    from ccaf.store.db import Store


def _add_common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # On subcommands the defaults must not overwrite what was given before the subcommand.
    default: object = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--bank",
        action="append",
        metavar="DIR",
        default=default,
        help="question bank: a pack or a directory of packs (repeatable; "
        "default: $CCAF_BANK, else the bundled bank)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where progress is kept (default: $CCAF_DATA_DIR, else the user data directory)",
    )


def _add_pack_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pack",
        action="extend",
        nargs="+",
        metavar="ID",
        default=[],
        help="only these packs (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ccaf",
        description="Study for the Claude Certified Architect – Foundations exam.",
    )
    parser.add_argument("--version", action="version", version=f"ccaf {__version__}")
    _add_common_options(parser, top=True)
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
    _add_common_options(validate, top=False)

    drill = commands.add_parser("drill", help="scenario questions and distractor patterns")
    _add_pack_option(drill)
    drill.add_argument(
        "--tag",
        action="append",
        metavar="T",
        default=[],
        help="only items with this tag (repeatable)",
    )
    drill.add_argument(
        "--kind",
        choices=["mcq", "pattern"],
        action="append",
        default=[],
        help="only this kind (repeatable)",
    )
    drill.add_argument("--count", type=_positive, metavar="N", help="ask at most N")
    drill.add_argument(
        "--missed", action="store_true", help="only items missed at their last attempt"
    )
    drill.add_argument("--due", action="store_true", help="only items due for review")
    drill.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="the shuffle's seed: the same seed replays the same session",
    )
    _add_common_options(drill, top=False)

    quiz = commands.add_parser("quiz", help="self-check questions: think, reveal, grade yourself")
    _add_pack_option(quiz)
    quiz.add_argument("--count", type=_positive, metavar="N", help="ask at most N")
    quiz.add_argument("--seed", type=int, metavar="S", help="the order's seed")
    _add_common_options(quiz, top=False)

    cards = commands.add_parser("cards", help="flashcards due today, spaced with FSRS")
    _add_pack_option(cards)
    cards.add_argument(
        "--cram", action="store_true", help="go through every card without touching the schedule"
    )
    cards.add_argument(
        "--new-per-day",
        type=_non_negative,
        metavar="N",
        help="how many new cards a day (saved for next time; default 20)",
    )
    cards.add_argument("--seed", type=int, metavar="S", help="the cram order's seed")
    _add_common_options(cards, top=False)

    exam = commands.add_parser(
        "exam",
        help="a timed mock exam, scored like the real one",
        description="A mock exam: by default 60 scenario questions in 120 minutes (or every "
        "question in the bank at two minutes each, if it has fewer). Time counts only while the "
        "exam is on screen; leaving it pauses it.",
    )
    _add_pack_option(exam)
    exam.add_argument("--count", type=_positive, metavar="N", help="how many questions (60)")
    exam.add_argument(
        "--minutes",
        type=_positive_float,
        metavar="M",
        help="the time allowed (two minutes a question)",
    )
    exam.add_argument("--seed", type=int, metavar="S", help="the same seed draws the same exam")
    exam.add_argument("--resume", action="store_true", help="continue the exam in progress")
    _add_common_options(exam, top=False)

    stats = commands.add_parser("stats", help="accuracy, activity and what is due")
    stats.add_argument(
        "--json", action="store_true", help="print the figures as JSON instead of opening the app"
    )
    _add_common_options(stats, top=False)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    from ccaf.store.db import StoreError

    try:
        store = _open_store(args)
    except StoreError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "stats" and args.json:
            return _stats_json(args, store)
        if args.command == "cards" and args.new_per_day is not None:
            from ccaf.study.review import NEW_PER_DAY_SETTING

            store.set_setting(NEW_PER_DAY_SETTING, str(args.new_per_day))
        return _run_app(args, store)
    finally:
        store.close()


def _open_store(args: argparse.Namespace) -> Store:
    from ccaf.store.db import DB_NAME, Store, default_data_dir

    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    store = Store.open(data_dir / DB_NAME)
    if store.notice:
        print(f"ccaf: {store.notice}", file=sys.stderr)
    return store


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


def _stats_json(args: argparse.Namespace, store: Store) -> int:
    import json
    import time

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.study.stats import compute

    bank = load_bank(bank_paths(args.bank))
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    print(json.dumps(compute(bank, store, time.time()).to_json(), indent=2))
    return 0


def _run_app(args: argparse.Namespace, store: Store) -> int:
    from ccaf.bank.paths import bank_paths
    from ccaf.study.drill import DRILL_KINDS, DrillFilter
    from ccaf.tui.app import CcafApp, Start

    command = args.command or "home"
    packs = tuple(getattr(args, "pack", ()) or ())
    start = Start(
        screen=command,
        packs=packs,
        count=getattr(args, "count", None),
        cram=getattr(args, "cram", False),
        minutes=getattr(args, "minutes", None),
        resume=getattr(args, "resume", False),
    )
    if command == "drill":
        start = Start(
            screen="drill",
            drill=DrillFilter(
                packs=packs,
                tags=tuple(args.tag),
                kinds=tuple(args.kind) or DRILL_KINDS,
                count=args.count,
                missed=args.missed,
                due=args.due,
            ),
        )
    app = CcafApp(bank_paths(args.bank), store, start=start, seed=getattr(args, "seed", None))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
