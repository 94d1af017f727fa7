"""The `ccaf` command line: opens the app, or runs one of its commands without a terminal UI.

Keep this module light: it runs before the first frame, so Textual is imported only when the
app starts, and the anthropic SDK only when a stream starts.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccaf import __version__

if TYPE_CHECKING:
    from ccaf.store.db import Store
    from ccaf.stream.setup import StreamSetup

    #: What `add_subparsers` returns: each subcommand is added to it.
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


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


def _add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a pack, a directory of packs, or one YAML file (default: the bank the app loads)",
    )


def _add_speed_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--speed",
        type=_non_negative_float,
        default=1.0,
        metavar="X",
        help="replay speed: 2 is twice as fast, 0 as fast as possible",
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


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands`, the options that come before a command only
    (what a bare `ccaf` needs, without the cost of building every command's options before
    its first frame)."""
    parser = argparse.ArgumentParser(
        prog="ccaf",
        description="Study for the Claude Certified Architect – Foundations exam.",
    )
    parser.add_argument("--version", action="version", version=f"ccaf {__version__}")
    _add_common_options(parser, top=True)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (
        _add_validate_command,
        _add_lint_command,
        _add_drill_command,
        _add_quiz_command,
        _add_cards_command,
        _add_exam_command,
        _add_stream_command,
        _add_replay_server_command,
        _add_coverage_command,
        _add_browse_command,
        _add_export_command,
        _add_exams_command,
        _add_plan_command,
        _add_stats_command,
    ):
        add(subcommands)
    return parser


def _add_validate_command(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check question packs and count their items",
        description="Check question packs. Prints item counts and exits 0, or prints every "
        "problem as PATH:LINE: item ID: field: message and exits 1.",
    )
    _add_paths_argument(validate)
    _add_common_options(validate, top=False)


def _add_lint_command(commands: Commands) -> None:
    lint = commands.add_parser(
        "lint",
        help="measure what makes answers guessable: key length, hedges, echoes, duplicates",
        description="Measure, per pack, what lets a test-wise learner guess the answer. Exits 1 "
        "when a pack of 20 or more single-answer MCQs has the key longest, or shortest, in "
        "under 15%% or over 35%% of them, or when the bank has load errors; other findings are "
        "warnings.",
    )
    _add_paths_argument(lint)
    lint.add_argument("--json", action="store_true", help="print the findings as one JSON object")
    _add_common_options(lint, top=False)


def _add_drill_command(commands: Commands) -> None:
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
        "--task",
        action="append",
        metavar="T",
        default=[],
        type=_task_id,
        help="only this exam task statement, e.g. 1.4 (repeatable)",
    )
    drill.add_argument(
        "--domain",
        action="append",
        metavar="D",
        default=[],
        type=_domain_id,
        help="only this exam domain, 1 to 5 (repeatable)",
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
    drill.add_argument("--flagged", action="store_true", help="only items you flagged")
    drill.add_argument(
        "--seed",
        type=int,
        metavar="S",
        help="the shuffle's seed: the same seed replays the same session",
    )
    _add_common_options(drill, top=False)


def _add_quiz_command(commands: Commands) -> None:
    quiz = commands.add_parser("quiz", help="self-check questions: think, reveal, grade yourself")
    _add_pack_option(quiz)
    quiz.add_argument("--count", type=_positive, metavar="N", help="ask at most N")
    quiz.add_argument("--seed", type=int, metavar="S", help="the order's seed")
    quiz.add_argument(
        "--new-per-day",
        type=_non_negative,
        metavar="N",
        help="how many new self-checks a day (saved for next time; default 10, or the plan's)",
    )
    _add_common_options(quiz, top=False)


def _add_cards_command(commands: Commands) -> None:
    cards = commands.add_parser("cards", help="flashcards due now, spaced with FSRS")
    _add_pack_option(cards)
    cards.add_argument(
        "--cram", action="store_true", help="go through every card without touching the schedule"
    )
    cards.add_argument(
        "--new-per-day",
        type=_non_negative,
        metavar="N",
        help="how many new cards a day (saved for next time; default 20, or the plan's)",
    )
    cards.add_argument("--seed", type=int, metavar="S", help="the cram order's seed")
    _add_common_options(cards, top=False)


def _add_exam_command(commands: Commands) -> None:
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
        type=_exam_minutes,
        metavar="M",
        help="the time allowed (two minutes a question; at most a day)",
    )
    exam.add_argument("--seed", type=int, metavar="S", help="the same seed draws the same exam")
    exam.add_argument("--resume", action="store_true", help="continue the exam in progress")
    exam.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exam this would draw (each question's id, domain, task, scenario) "
        "and exit, recording nothing",
    )
    exam.add_argument("--json", action="store_true", help="with --dry-run: print it as JSON")
    _add_common_options(exam, top=False)


def _add_stream_command(commands: Commands) -> None:
    stream = commands.add_parser(
        "stream",
        help="watch a streamed reply arrive, every event annotated",
        description="Stream a Claude reply and annotate every server-sent event. Replays a "
        "recorded scenario through a loopback server and the real SDK (the default without "
        "ANTHROPIC_API_KEY), or streams live with a key.",
    )
    source = stream.add_mutually_exclusive_group()
    source.add_argument(
        "--replay",
        metavar="NAME|FILE",
        help="a bundled scenario (see --list), a .sse transcript, or a directory",
    )
    source.add_argument(
        "--live", action="store_true", help="stream from Anthropic's API (needs ANTHROPIC_API_KEY)"
    )
    _add_speed_option(stream)
    stream.add_argument("--model", metavar="M", help="the model (live; default claude-sonnet-4-6)")
    stream.add_argument("--prompt", metavar="TEXT", help="what to ask (live)")
    stream.add_argument("--max-tokens", type=_positive, default=1024, metavar="N")
    stream.add_argument(
        "--tools",
        action="store_true",
        help="offer a demo tool (lookup_order) so the reply can call it",
    )
    stream.add_argument("--thinking", action="store_true", help="turn on extended thinking")
    stream.add_argument(
        "--record", metavar="FILE", help="save the response's wire transcript, with timing (live)"
    )
    stream.add_argument("--list", action="store_true", help="list the bundled scenarios")
    output = stream.add_mutually_exclusive_group()
    output.add_argument(
        "--plain", action="store_true", help="print one annotated line per event, without the TUI"
    )
    output.add_argument(
        "--json", action="store_true", help="print one JSON object per event, then a summary line"
    )
    _add_common_options(stream, top=False)


def _add_replay_server_command(commands: Commands) -> None:
    replay = commands.add_parser(
        "replay-server",
        help="serve a recorded scenario on 127.0.0.1, for your own streaming code",
        description="Answer POST /v1/messages from a recorded scenario, as the API does. Point "
        "your code at it with ANTHROPIC_BASE_URL=http://127.0.0.1:PORT.",
    )
    replay.add_argument(
        "--port", type=_port, default=0, metavar="P", help="the port, 0-65535 (default: a free one)"
    )
    replay.add_argument(
        "--scenario",
        default="plain-text",
        metavar="NAME|FILE",
        help="a bundled scenario, a .sse transcript, or a directory of them",
    )
    _add_speed_option(replay)
    replay.add_argument(
        "--loop",
        action="store_true",
        help="start the scenario over when its responses are used up (default: answer an error)",
    )


def _add_coverage_command(commands: Commands) -> None:
    coverage = commands.add_parser(
        "coverage",
        help="what the bank holds for each exam task statement, and where you stand",
    )
    coverage.add_argument("--json", action="store_true", help="print it as JSON")
    _add_common_options(coverage, top=False)


def _add_stats_command(commands: Commands) -> None:
    stats = commands.add_parser("stats", help="accuracy, activity and what is due")
    stats.add_argument(
        "--json", action="store_true", help="print the figures as JSON instead of opening the app"
    )
    _add_common_options(stats, top=False)


def _add_browse_command(commands: Commands) -> None:
    browse = commands.add_parser(
        "browse",
        help="every item, searchable: read it whole, flag it, suspend it, drill a selection",
        description="Open the item browser. The search is words that must all appear, and "
        "fields: pack:ID domain:N task:1.4 kind:mcq|pattern|selfcheck|card tag:T "
        "is:missed|flagged|suspended.",
    )
    browse.add_argument("query", nargs="*", metavar="WORD", help="start with this search")
    _add_common_options(browse, top=False)


def _add_export_command(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the bank as an Anki deck (.apkg), or your answer history as CSV",
        description="Write an Anki deck with a note per item (questions, patterns, self-checks "
        "and cards; suspended items are left out), whose notes a newer export updates rather "
        "than duplicates; and/or the answer history, one CSV row per answer.",
    )
    export.add_argument("--anki", metavar="FILE.apkg", help="write the Anki deck here")
    export.add_argument("--csv", metavar="FILE", help="write the answer history here")
    _add_pack_option(export)
    export.add_argument(
        "--missed", action="store_true", help="only items missed at their last attempt (--anki)"
    )
    _add_common_options(export, top=False)


def _add_exams_command(commands: Commands) -> None:
    exams = commands.add_parser(
        "exams",
        help="past mock exams; delete one from the history",
        description="List the mock exams in the store, newest first. --delete ID removes a "
        "submitted or set-aside one from the history (after asking); its answers stay in "
        "each item's history.",
    )
    exams.add_argument("--delete", type=_positive, metavar="ID", help="delete exam ID")
    exams.add_argument("--yes", action="store_true", help="with --delete: do not ask first")
    _add_common_options(exams, top=False)


def _add_plan_command(commands: Commands) -> None:
    plan = commands.add_parser(
        "plan",
        help="plan to an exam date: the days left and today's target",
        description="Set, show or clear the exam date. With one set, Home shows the days "
        "left and today's target, and flashcards and self-checks take their new-per-day "
        "limits from the plan unless one was set by hand.",
    )
    when = plan.add_mutually_exclusive_group()
    when.add_argument("--exam-date", metavar="YYYY-MM-DD", help="the day of the exam")
    when.add_argument("--clear", action="store_true", help="forget the exam date")
    plan.add_argument(
        "--follow",
        action="store_true",
        help="forget the new-per-day limits set by hand: follow the plan",
    )
    _add_common_options(plan, top=False)


def _number(
    kind: type[int] | type[float], low: float, inclusive: bool, high: float = float("inf")
) -> Any:
    """An argparse type: a finite `kind` of at least `low` (above it, if not `inclusive`), and
    at most `high`."""

    def parse(text: str) -> int | float:
        value = kind(text)
        if not (low <= value if inclusive else low < value) or not value < float("inf"):
            bound = f"{low:g} or more" if inclusive else f"more than {low:g}"
            what = "a whole number" if kind is int else "a finite number"
            raise argparse.ArgumentTypeError(f"must be {what}, {bound}, not {text}")
        if value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:g}, not {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in "invalid int value"
    return parse


def _task_id(text: str) -> str:
    """An argparse type: one of the blueprint's task statements, with a hint when close."""
    from ccaf.bank.blueprint import load_blueprint

    blueprint = load_blueprint()
    if text in blueprint.tasks:
        return text
    close = blueprint.suggest_task(text)
    hint = f" (did you mean {close}?)" if close else ""
    first, last = next(iter(blueprint.tasks)), list(blueprint.tasks)[-1]
    raise argparse.ArgumentTypeError(f"no task statement {text!r}{hint}: {first} to {last}")


def _domain_id(text: str) -> int:
    from ccaf.bank.blueprint import load_blueprint

    domains = load_blueprint().domains
    if text.isdigit() and int(text) in domains:
        return int(text)
    raise argparse.ArgumentTypeError(f"no domain {text!r}: one of {', '.join(map(str, domains))}")


_positive = _number(int, 1, inclusive=True)
_non_negative = _number(int, 0, inclusive=True)
_positive_float = _number(float, 0, inclusive=False)
_non_negative_float = _number(float, 0, inclusive=True)


def _exam_minutes(text: str) -> float:
    from ccaf.study.exam import MAX_MINUTES  # only when the option is given: start-up stays light

    value: float = _number(float, 0, inclusive=False, high=MAX_MINUTES)(text)
    return value


_exam_minutes.__name__ = "float"


def _quiet_on_a_closed_pipe(run: Callable[[Sequence[str] | None], int]) -> Any:
    """`ccaf stats --json | head`: when the reader goes away, stop quietly, as Unix tools do."""

    @functools.wraps(run)
    def main(argv: Sequence[str] | None = None) -> int:
        try:
            return run(argv)
        except BrokenPipeError:
            # What is still buffered goes nowhere, rather than fail again at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 128 + signal.SIGPIPE

    return main


@_quiet_on_a_closed_pipe
def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(commands=bool(given)).parse_args(given)
    if args.command == "validate":
        return _validate(args)
    if args.command == "exam" and args.dry_run:
        return _exam_dry_run(args)
    if args.command == "exam" and args.json:
        print("ccaf: --json goes with --dry-run", file=sys.stderr)
        return 2
    if args.command == "lint":
        return _lint(args)
    if args.command == "replay-server":
        return _replay_server(args)
    if args.command == "stream" and (args.list or args.plain or args.json):
        return _stream_console(args)
    from ccaf.store.db import StoreError

    try:
        store = _open_store(args)
    except StoreError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "stats" and args.json:
            return _stats_json(args, store)
        if args.command == "coverage":
            return _coverage(args, store)
        if args.command == "export":
            return _export(args, store)
        if args.command == "plan":
            return _plan(args, store)
        if args.command == "exams":
            return _exams(args, store)
        if args.command in ("cards", "quiz") and args.new_per_day is not None:
            from ccaf.study.review import NEW_LIMITS

            kind = "card" if args.command == "cards" else "selfcheck"
            store.set_setting(NEW_LIMITS[kind][0], str(args.new_per_day))
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


def _lint(args: argparse.Namespace) -> int:
    import json

    from ccaf.bank.lint import lint_bank
    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.text import plural

    paths = [Path(p) for p in args.paths] or bank_paths(args.bank)
    result = lint_bank(load_bank(paths))
    loading = (
        f"{plural(result.load_errors, 'problem')} loading the bank (`ccaf validate` lists them)"
    )
    if result.load_errors:
        # On stderr, so that --json prints nothing but its one object.
        print(f"ccaf: {loading}; what loaded is linted.", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return 0 if result.ok else 1
    ordinals = ("1st", "2nd", "3rd", "4th", "5th", "6th")
    for measured in result.packs:
        pack, mcqs = measured.pack, plural(measured.single_answer, "single-answer MCQ")
        patterns = (
            f"{plural(measured.patterns, 'pattern')} ({measured.patterns_with_holds} with holds)"
        )
        print(f"{pack.id} ({pack.scope}): {mcqs}, {patterns}")
        if measured.single_answer:
            places = zip(ordinals[: measured.most_options], measured.key_positions, strict=False)
            print(
                f"  key longest {measured.key_longest}, shortest {measured.key_shortest};"
                " key written " + ", ".join(f"{place} {n}" for place, n in places)
            )
        for reason in measured.fails:
            print(f"  FAILS: {reason}")
        for finding in measured.warnings:
            print(finding)
        print()
    if result.near_duplicates:
        print(f"{plural(len(result.near_duplicates), 'pair')} of near-duplicate stems:")
        for duplicate in result.near_duplicates:
            print(duplicate.finding)
        print()
    verdict = [f"{plural(len(result.packs), 'pack')} linted"]
    if result.failing:
        verdict.append("failing: " + ", ".join(measured.pack.id for measured in result.failing))
    if result.load_errors:
        verdict.append(loading)
    verdict.append(plural(result.warnings, "warning"))
    print(("OK: " if result.ok else "FAIL: ") + "; ".join(verdict) + ".")
    return 0 if result.ok else 1


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 0-65535 (0: a free one)")
    return port


def _replay_server(args: argparse.Namespace) -> int:
    import asyncio

    from ccaf.stream.server import ReplayServer
    from ccaf.stream.transcript import TranscriptError, load_scenario
    from ccaf.text import visible

    try:
        scenario = load_scenario(args.scenario)
    except TranscriptError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2

    for warning in scenario.warnings:
        print(f"ccaf: warning: {visible(warning)}", file=sys.stderr)

    def log(line: str) -> None:
        print(visible(line), flush=True)

    async def serve() -> None:
        server = ReplayServer(scenario, speed=args.speed, port=args.port, loop=args.loop, log=log)
        await server.start()
        print(visible(f"Replaying {scenario.name!r} ({scenario.title}) on {server.url}"))
        print(f"Point your code at it:  ANTHROPIC_BASE_URL={server.url}")
        ends = "then starts over" if args.loop else "then answers an error"
        count = len(scenario.transcripts)
        print(
            f"Each request gets the next of its {count} transcript{'s' if count != 1 else ''}, "
            f"{ends}; ctrl+c stops.",
            flush=True,
        )
        await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"ccaf: cannot listen on port {args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def _stream_console(args: argparse.Namespace) -> int:
    import asyncio

    from ccaf.stream.transcript import TranscriptError, bundled_names, load_scenario
    from ccaf.text import visible

    if args.list:
        for name in bundled_names():
            scenario = load_scenario(name)
            print(f"{name:20} {scenario.title}")
        return 0
    try:
        setup = stream_setup(args)
    except (TranscriptError, ValueError) as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    if setup.scenario is not None:
        for warning in setup.scenario.warnings:
            print(f"ccaf: warning: {visible(warning)}", file=sys.stderr)
    from ccaf.stream.console import ConsolePrinter
    from ccaf.stream.run import StreamRun

    printer = ConsolePrinter(as_json=args.json)
    run = StreamRun(
        setup.request,
        on_note=printer.note,
        on_info=printer.info,
        scenario=setup.scenario,
        speed=args.speed,
        record=setup.record,
    )

    async def go() -> None:
        try:
            await run.run()
        finally:
            await run.close()

    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        run.annotator.end("interrupted")
    printer.finish(run.annotator, run.can_request_more)
    return 0 if run.annotator.state == "complete" else 1


def stream_setup(args: argparse.Namespace) -> StreamSetup:
    """Where the stream comes from, from the command line (see `choose_setup`)."""
    import os

    from ccaf.stream.setup import choose_setup, live_request

    return choose_setup(
        live=args.live,
        replay=args.replay,
        key_set=bool(os.environ.get("ANTHROPIC_API_KEY")),
        record=Path(args.record) if args.record else None,
        request=live_request(args.prompt, args.model, args.max_tokens, args.tools, args.thinking),
    )


def _stats_json(args: argparse.Namespace, store: Store) -> int:
    import json
    import time

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.study.stats import compute

    bank = load_bank(bank_paths(args.bank))
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    print(json.dumps(compute(bank, store, time.time()).to_json(), indent=2))
    return 1 if bank.errors else 0  # for scripts: figures from a bank not read in full


def _plan(args: argparse.Namespace, store: Store) -> int:
    import time
    from datetime import date

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.study import plan as planning
    from ccaf.study.review import NEW_LIMITS, hand_new_per_day

    now = time.time()
    if args.exam_date is not None:
        try:
            when = planning.parse_exam_date(args.exam_date, date.fromtimestamp(now))
        except planning.PlanError as exc:
            print(f"ccaf: plan --exam-date: {exc}", file=sys.stderr)
            return 2
        planning.set_exam_date(store, when)
    if args.clear:
        planning.clear_exam_date(store)
        print("The exam date is cleared: no plan.")
    if args.follow:
        planning.follow_plan(store)
    if planning.exam_date(store) is None:
        if not args.clear:
            print("No exam date is set: `ccaf plan --exam-date YYYY-MM-DD` sets one.")
        return 0
    bank = load_bank(bank_paths(args.bank))
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    today = planning.plan(bank, store, now)
    assert today is not None
    for line in planning.describe(today):
        print(line)
    names = {"card": "flashcards", "selfcheck": "self-checks"}
    limits = []
    for kind in NEW_LIMITS:
        limit = planning.new_limit(store, kind, today)
        by_hand = hand_new_per_day(store, kind) is not None
        limits.append(f"{names[kind]} {limit}" + (" (set by hand)" if by_hand else ""))
    print("New a day: " + ", ".join(limits) + ".")
    return 0


def _exams(args: argparse.Namespace, store: Store) -> int:
    from ccaf.study.exam import describe_exam

    exams = store.exams
    if args.delete is None:
        records = exams.past()
        running = exams.running()
        if running is not None:
            records.insert(0, running)
        for record in records:
            print(describe_exam(record))
        if not records:
            print("No mock exams yet.")
        return 0
    try:
        record = exams.get(args.delete)
    except KeyError:
        print(f"ccaf: exams --delete: there is no exam {args.delete}", file=sys.stderr)
        return 2
    if not record.finished:
        print(
            f"ccaf: exams --delete: exam {record.id} is in progress: submit it or set it "
            "aside (start a new one) first",
            file=sys.stderr,
        )
        return 2
    if not args.yes:
        question = (
            f"Delete {describe_exam(record)}? Its answers stay in each item's history. [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    exams.delete(record.id)
    print(f"Deleted exam {record.id}.")
    return 0


def _exam_dry_run(args: argparse.Namespace) -> int:
    import json
    import random

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.store.db import StoreError
    from ccaf.study.exam import plan_exam

    bank = load_bank(bank_paths(args.bank))
    try:
        suspended = _suspended_items(args)
    except StoreError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    try:
        plan = plan_exam(
            bank, seed, count=args.count, minutes=args.minutes, packs=args.pack, exclude=suspended
        )
    except ValueError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    questions = [
        {
            "id": item.id,
            "domain": bank.domain_of(item),
            "task": item.task,
            "scenario": item.scenario,
            "choose": item.choose,
        }
        for item in plan.items
    ]
    if args.json:
        summary = {
            "seed": plan.seed,
            "minutes": plan.time_limit / 60,
            "count": len(plan.items),
            "mock": plan.mock,
            "scenarios": list(plan.scenarios),
            "domains": _count_by(q["domain"] for q in questions),
            "questions": questions,
        }
        print(json.dumps(summary, indent=2))
        return 0
    kind = "CCA-F mock exam" if plan.mock else "practice exam (not a CCA-F mock: beyond-exam packs)"
    print(f"{kind}: {len(plan.items)} questions, {plan.time_limit / 60:g} minutes, seed {seed}")
    print("scenarios: " + ", ".join(plan.scenarios))
    counts = _count_by(q["domain"] for q in questions)
    print("by domain: " + ", ".join(f"D{d} {n}" for d, n in counts.items()))
    for n, q in enumerate(questions, start=1):
        print(f"{n:>3}  D{q['domain']}  {q['task'] or '-':4}  {q['scenario'] or '-':24}  {q['id']}")
    return 0


def _suspended_items(args: argparse.Namespace) -> frozenset[str]:
    """The items suspended in the progress file, read without creating one."""
    from ccaf.store.db import DB_NAME, default_data_dir

    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    if not (data_dir / DB_NAME).is_file():
        return frozenset()

    store = _open_store(args)
    try:
        return store.marks.suspended()
    finally:
        store.close()


def _export(args: argparse.Namespace, store: Store) -> int:
    import time

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.export import ExportError, select_for_export, write_anki, write_history
    from ccaf.text import plural

    if not args.anki and not args.csv:
        print("ccaf: export what? give --anki FILE.apkg and/or --csv FILE", file=sys.stderr)
        return 2
    bank = load_bank(bank_paths(args.bank))
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    try:
        if args.anki:
            items = select_for_export(bank, store, tuple(args.pack), args.missed)
            done = write_anki(bank, items, Path(args.anki).expanduser(), time.time())
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(done.by_kind.items()))
            print(f"{done.path}: {plural(done.notes, 'note')} ({kinds or 'none'})")
        if args.csv:
            path = Path(args.csv).expanduser()
            rows = write_history(bank, store, path)
            print(f"{path}: {plural(rows, 'answer')}")
    except ExportError as exc:
        print(f"ccaf: {exc}", file=sys.stderr)
        return 2
    return 0


def _count_by(values: Any) -> dict[Any, int]:
    from collections import Counter

    return dict(sorted(Counter(values).items()))


def _coverage(args: argparse.Namespace, store: Store) -> int:
    import json

    from ccaf.bank.loader import bank_paths, load_bank
    from ccaf.study.readiness import coverage

    bank = load_bank(bank_paths(args.bank))
    for error in bank.errors:
        print(f"ccaf: {error}", file=sys.stderr)
    standing = coverage(bank, store)
    if args.json:
        print(json.dumps(standing.to_json(), indent=2))
        return 0
    print(
        f"{'task':5} {'mcq':>4} {'pat':>4} {'self':>4} {'card':>4} {'seen':>5} {'right':>5}  title"
    )
    for t in standing.tasks:
        i = t.items
        print(
            f"{t.task:5} {i['mcq']:>4} {i['pattern']:>4} {i['selfcheck']:>4} {i['card']:>4}"
            f" {t.seen:>5} {t.right:>5}  {t.title}"
        )
    print("\nscenario MCQs: " + ", ".join(f"{k} {v}" for k, v in standing.scenarios.items()))
    gaps = standing.gaps
    if gaps:
        print("\ngaps in the bank:")
        for gap in gaps:
            print(f"  {gap}")
    else:
        print("\nno gaps: every task statement and scenario meets the minimums")
    return 0


def _run_app(args: argparse.Namespace, store: Store) -> int:
    from ccaf.bank.paths import bank_paths
    from ccaf.tui.app import CcafApp, Start, StartScreen

    command: StartScreen = args.command or "home"
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
        from ccaf.study.drill import DRILL_KINDS, DrillFilter

        start = Start(
            screen="drill",
            drill=DrillFilter(
                packs=packs,
                tags=tuple(args.tag),
                tasks=tuple(dict.fromkeys(args.task)),
                domains=tuple(dict.fromkeys(args.domain)),
                kinds=tuple(args.kind) or DRILL_KINDS,
                count=args.count,
                missed=args.missed,
                due=args.due,
                flagged=args.flagged,
            ),
        )
    if command == "browse":
        start = Start(screen="browse", query=" ".join(args.query))
    if command == "stream":
        from ccaf.stream.transcript import TranscriptError

        try:
            setup = stream_setup(args)
        except (TranscriptError, ValueError) as exc:
            print(f"ccaf: {exc}", file=sys.stderr)
            return 2
        start = Start(screen="stream", stream=setup, speed=args.speed)
    app = CcafApp(bank_paths(args.bank), store, start=start, seed=getattr(args, "seed", None))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
