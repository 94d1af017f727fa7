"""The ccaf Textual application: owns the bank, the store and the clock; screens show sessions."""

from __future__ import annotations

import gc
import os
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen

from ccaf.tui.shown import saving, tell

# The study modules are imported where a session starts: none of them is needed for Home's
# first frame, which comes before the bank is read.
if TYPE_CHECKING:
    from asyncio import AbstractEventLoop

    from textual.app import AutopilotCallbackType
    from textual.theme import Theme

    from ccaf.bank.model import AnyItem, Bank
    from ccaf.store.db import Store
    from ccaf.stream.setup import StreamSetup
    from ccaf.study.drill import DrillFilter
    from ccaf.study.review import ReviewMode
    from ccaf.study.spacing import Spacing

THEME_SETTING = "theme"


#: The screens `ccaf` can open on: Home, or the one a subcommand names.
StartScreen = Literal["home", "drill", "quiz", "cards", "stats", "exam", "stream", "browse"]


@dataclass(frozen=True)
class Start:
    """Which screen `ccaf` opens on, as asked on the command line."""

    screen: StartScreen = "home"
    drill: DrillFilter | None = None  # the drill's filters; None: every item
    packs: tuple[str, ...] = ()
    count: int | None = None
    cram: bool = False
    minutes: float | None = None
    resume: bool = False
    stream: StreamSetup | None = None
    speed: float = 1.0
    query: str = ""  # browse: the search to start with


class CcafApp(App[None]):
    """Opens on Home at once; the bank loads in a worker thread behind the first frame."""

    TITLE = "ccaf"
    SUB_TITLE = "Claude Certified Architect – Foundations"
    # Home's stylesheet is read with the app's: a screen's own, read when the screen is first
    # shown, has Textual parse every stylesheet again and restyle every widget.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/home.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "show_keys", "Help", id="app.help"),
        # Home binds q to quit; anywhere else q says how to quit rather than doing nothing.
        Binding("q", "how_to_quit", "How to quit", show=False, id="app.how-to-quit"),
    ]

    #: The loaded bank; None until the loader worker has finished.
    bank: var[Bank | None] = var(None)

    def __init__(
        self,
        bank_paths: Sequence[Path],
        store: Store,
        *,
        start: Start | None = None,
        seed: int | None = None,
        clock: Callable[[], float] = time.time,
        fuzz: bool = True,
        stream_time: Callable[[], float] | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.stream_time = stream_time
        self.bank_paths = list(bank_paths)
        self.store = store
        self.start = start or Start()
        self.seed = seed
        self.clock = clock
        #: A monotonic clock, for durations that a wall clock set back must not change.
        self.timer = timer
        self.fuzz = fuzz
        self._spacing: Spacing | None = None
        self._first_frame = threading.Event()

    # -- start-up ------------------------------------------------------------------------

    def run(
        self,
        *,
        headless: bool = False,
        inline: bool = False,
        inline_no_clear: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
        auto_pilot: AutopilotCallbackType | None = None,
        loop: AbstractEventLoop | None = None,
    ) -> None:
        """Run the app in this process, as `ccaf` does (tests use `run_test`)."""
        # What is made so far (the modules, Textual's among them) lives as long as the
        # process: out of the garbage collector's sweeps, which would otherwise walk it all
        # again, in a full collection of tens of milliseconds, before the first frame.
        gc.freeze()
        # Textual writes each frame to the terminal from a thread of its own, which waits for
        # the interpreter while the app works on: by default 5 ms at a time, often more than
        # once a frame. At 1 ms a frame reaches the terminal without that wait.
        sys.setswitchinterval(0.001)
        return super().run(
            headless=headless,
            inline=inline,
            inline_no_clear=inline_no_clear,
            mouse=mouse,
            size=size,
            auto_pilot=auto_pilot,
            loop=loop,
        )

    def get_default_screen(self) -> Screen[Any]:
        """Home, composed with the app itself: one screen and one frame fewer before the
        first frame than a screen pushed once the app has mounted."""
        from ccaf.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.apply_saved_theme()
        if self.store.notice:
            tell(self, self.store.notice, title="Progress file", severity="warning", timeout=30)
        self.load_bank()

    def apply_saved_theme(self) -> None:
        """The theme last chosen in the palette; one no longer known leaves the default."""
        saved = self.store.setting(THEME_SETTING)
        if saved is not None and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self.remember_theme)

    def remember_theme(self, theme: Theme) -> None:
        if self.store.setting(THEME_SETTING) != theme.name:
            with saving(self, "The theme"):
                self.store.set_setting(THEME_SETTING, theme.name)

    def on_ready(self) -> None:
        self._first_frame.set()  # Textual's Ready: the first frame is on screen

    @work(thread=True, exclusive=True, group="bank")
    def load_bank(self) -> None:
        # Reading the bank holds the interpreter most of the time it runs: it starts once the
        # first frame is drawn (or after a second, whatever happens), not beside it.
        self._first_frame.wait(timeout=1.0)
        from ccaf.bank.loader import load_bank  # YAML and validation: off the first frame

        bank = load_bank(self.bank_paths)
        self.call_from_thread(self._bank_loaded, bank)

    def _bank_loaded(self, bank: Bank) -> None:
        self.bank = bank
        start = self.start
        if start.screen == "drill":
            from ccaf.study.drill import DrillFilter

            self.start_drill(start.drill or DrillFilter())
        elif start.screen == "quiz":
            self.start_quiz(start.packs, start.count)
        elif start.screen == "cards":
            self.start_cards(start.packs, cram=start.cram)
        elif start.screen == "stats":
            self.action_open_stats()
        elif start.screen == "stream":
            self.open_stream(start.stream, start.speed)
        elif start.screen == "browse":
            self.open_browse(start.query)
        elif start.screen == "exam":
            if start.resume:
                self.resume_exam()
            else:
                self.open_exam(start.packs, start.count, start.minutes)

    # -- sessions ------------------------------------------------------------------------

    @property
    def spacing(self) -> Spacing:
        from ccaf.study.spacing import Spacing

        if self._spacing is None:
            self._spacing = Spacing(self.store, fuzz=self.fuzz, warn=self._schedule_unreadable)
        return self._spacing

    def _schedule_unreadable(self, message: str) -> None:
        tell(self, message, title="Schedule", severity="warning", timeout=15)

    def next_seed(self) -> int:
        """The seed given on the command line, else a fresh one (shown, so it can be replayed)."""
        return self.seed if self.seed is not None else random.randrange(10_000, 100_000)

    def start_drill(
        self, filters: DrillFilter, seed: int | None = None, items: Iterable[str] = ()
    ) -> None:
        """Open a drill on the items `filters` select, or on exactly `items` if given."""
        from ccaf.study.drill import DrillSession, select_items
        from ccaf.tui.screens.drill import DrillScreen

        bank = self.bank
        if bank is None:
            return
        seed = self.next_seed() if seed is None else seed
        wanted = list(items)
        if wanted:
            suspended = self.store.marks.suspended()
            chosen = [bank.items[i] for i in wanted if i in bank.items and i not in suspended]
        else:
            chosen = select_items(bank, self.store, filters, seed, self.clock())
        if not chosen:
            tell(self, f"No questions match: {filters.describe()}.", severity="warning")
            return
        with saving(self, "The drill"):
            session = DrillSession(
                chosen, self.store, self.spacing, seed, filters, clock=self.clock, timer=self.timer
            )
            self.push_screen(DrillScreen(session))

    def start_quiz(self, packs: tuple[str, ...] = (), count: int | None = None) -> None:
        from ccaf.study.review import selfcheck_queue

        bank = self.bank
        if bank is None:
            return
        now = self.clock()
        limit = self.new_limit("selfcheck")
        queue = selfcheck_queue(bank, self.store, now, self.next_seed(), packs, count, limit)
        self._open_review(
            queue, "selfcheck", "No self-check is due, and today's new ones are done."
        )

    def start_cards(self, packs: tuple[str, ...] = (), cram: bool = False) -> None:
        from ccaf.study.review import CARD_KINDS, flashcard_queue, shuffled

        bank = self.bank
        if bank is None:
            return
        if cram:
            suspended = self.store.marks.suspended()
            queue = shuffled(bank, CARD_KINDS, self.next_seed(), packs, None, suspended)
            self._open_review(queue, "cram", "No cards in the loaded bank.")
        else:
            limit = self.new_limit("card")
            queue, _due = flashcard_queue(bank, self.store, self.clock(), packs, limit)
            self._open_review(queue, "cards", "Nothing is due, and today's new cards are done.")

    def new_limit(self, kind: str) -> int:
        """Today's new-per-day limit of the `kind` queue: by hand, else the plan's, else 20/10."""
        from ccaf.study.plan import new_limit, plan

        bank = self.bank
        today = plan(bank, self.store, self.clock()) if bank is not None else None
        return new_limit(self.store, kind, today)

    def _open_review(self, queue: list[AnyItem], mode: ReviewMode, empty: str) -> None:
        from ccaf.study.review import ReviewSession
        from ccaf.tui.screens.review import ReviewScreen

        if not queue:
            self.notify(empty, title="Nothing to review")
            return
        spacing = None if mode == "cram" else self.spacing
        with saving(self, "The session"):
            session = ReviewSession(
                queue, self.store, spacing, mode, clock=self.clock, timer=self.timer
            )
            self.push_screen(ReviewScreen(session))

    def running_exam_summary(self) -> str | None:
        """A line about the exam in progress, if there is one."""
        from ccaf.study.exam import ExamSetAside, describe_progress, running_exam

        try:
            record = running_exam(self.store, self.clock())
        except ExamSetAside as exc:
            tell(self, str(exc), title="Mock exam", severity="warning", timeout=30)
            return None
        return None if record is None else describe_progress(record)

    def open_exam(
        self,
        packs: tuple[str, ...] = (),
        count: int | None = None,
        minutes: float | None = None,
        ask: bool = False,
    ) -> None:
        """Start a mock exam (with `ask`, show the exam and its options first); if one is in
        progress, ask whether to continue it instead."""

        def begin(set_aside_running: bool = False) -> None:
            if ask:
                self.open_exam_start(packs, count, minutes, set_aside_running)
            else:
                self.start_exam(packs, count, minutes, set_aside_running)

        summary = self.running_exam_summary()
        if summary is None:
            begin()
            return

        def chosen(answer: str | None) -> None:
            if answer == "resume":
                self.resume_exam()
            elif answer == "new":
                begin(set_aside_running=True)

        from ccaf.tui.screens.exam import ResumeOrNew

        self.push_screen(ResumeOrNew(summary), chosen)

    def open_exam_start(
        self,
        packs: tuple[str, ...] = (),
        count: int | None = None,
        minutes: float | None = None,
        set_aside_running: bool = False,
    ) -> None:
        """The exam start screen: the exam these options draw, before its clock starts."""
        from ccaf.tui.screens.exam_start import ExamChoice, ExamStartScreen

        bank = self.bank
        if bank is None:
            return

        def chosen(choice: ExamChoice | None) -> None:
            if choice is not None:
                self.start_exam(
                    choice.packs, choice.count, choice.minutes, set_aside_running, choice.seed
                )

        self.push_screen(ExamStartScreen(bank, self.next_seed(), packs, count, minutes), chosen)

    def start_exam(
        self,
        packs: tuple[str, ...] = (),
        count: int | None = None,
        minutes: float | None = None,
        set_aside_running: bool = False,
        seed: int | None = None,
    ) -> None:
        """Draw and open a new exam; the running one is set aside only once the new one exists."""
        from ccaf.study.exam import ExamSession, plan_exam, set_aside_running_exam
        from ccaf.tui.screens.exam import ExamScreen

        bank = self.bank
        if bank is None:
            return
        try:
            seed = self.next_seed() if seed is None else seed
            suspended = self.store.marks.suspended()
            plan = plan_exam(bank, seed, count, minutes, packs, suspended)
        except ValueError as exc:
            tell(self, str(exc).capitalize() + ".", title="Mock exam", severity="warning")
            return
        with saving(self, "The new exam"):
            if set_aside_running:
                set_aside_running_exam(self.store, self.clock())
            session = ExamSession.start(self.store, bank, plan, self.clock, self.timer)
            self.push_screen(ExamScreen(session))

    def resume_exam(self) -> None:
        from ccaf.study.exam import ExamSession, ExamSetAside
        from ccaf.tui.screens.exam import ExamScreen

        bank = self.bank
        if bank is None:
            return
        try:
            session = ExamSession.resume(self.store, bank, self.clock, self.timer)
        except ExamSetAside as exc:
            tell(self, str(exc), title="Mock exam", severity="warning", timeout=30)
            return
        if session is None:
            self.notify("There is no mock exam in progress.", title="Mock exam")
            return
        if session.expired:
            from ccaf.tui.screens.exam_result import ExamResultScreen

            with saving(self, "The exam, whose time had run out,"):
                session.submit(self.spacing, auto=True)
            if session.result is None:
                return
            self.notify("Its time had run out: the exam was submitted.", title="Mock exam")
            self.push_screen(ExamResultScreen(session))
            return
        self.push_screen(ExamScreen(session))

    def open_stream(self, setup: StreamSetup | None = None, speed: float = 1.0) -> None:
        """The stream demo: `setup`; else live with a key, else the plain-text replay."""
        from ccaf.stream.setup import replay_setup
        from ccaf.stream.transcript import TranscriptError
        from ccaf.tui.screens.stream import StreamScreen

        if setup is None and os.environ.get("ANTHROPIC_API_KEY", "").strip():
            from ccaf.stream.setup import DemoRequest, StreamSetup

            setup = StreamSetup(DemoRequest(), None)  # a key: live, as on the command line
        if setup is None:
            try:
                setup = replay_setup("plain-text")
            except TranscriptError as exc:
                tell(self, str(exc), title="Stream demo", severity="error")
                return
        self.push_screen(StreamScreen(setup, speed))

    def open_demo(self, name: str) -> None:
        """A drill item's `demo`: the stream demo on that scenario."""
        from ccaf.stream.setup import replay_setup
        from ccaf.stream.transcript import TranscriptError

        try:
            setup = replay_setup(name)
        except TranscriptError as exc:
            tell(self, str(exc), title="Stream demo", severity="error")
            return
        self.open_stream(setup)

    def open_browse(self, query: str = "") -> None:
        from ccaf.tui.screens.browse import BrowseScreen

        if self.bank is not None:
            self.push_screen(BrowseScreen(self.bank, query))

    def study_items(self, item_ids: Sequence[str], mode: str) -> None:
        """Study exactly these items: a drill of questions and patterns, or a card review."""
        if mode == "drill":
            from ccaf.study.drill import DrillFilter

            self.start_drill(DrillFilter(), items=item_ids)
        elif self.bank is not None:
            queue = [self.bank.items[i] for i in item_ids if i in self.bank.items]
            self._open_review(queue, "cards", "No cards or self-checks to review.")

    # -- actions reachable from every screen ---------------------------------------------

    def action_open_stats(self) -> None:
        from ccaf.tui.screens.stats import StatsScreen

        if self.bank is not None:
            self.push_screen(StatsScreen())

    def action_how_to_quit(self) -> None:
        self.notify(
            "ctrl+q quits from any screen (a mock exam is saved and paused); q quits from Home.",
            title="Quit",
        )

    def action_show_keys(self) -> None:
        """The help overlay: the current screen's keys, with what each does."""
        from ccaf.tui.widgets.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.of(self.screen, self))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every binding active on the screen is also a command in the palette."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if binding.action in ("quit", "command_palette"):
                continue
            seen.add(binding.action)
            help_text = (
                binding.tooltip or f"{binding.description} ({binding.key_display or binding.key})"
            )
            yield SystemCommand(
                binding.description,
                help_text,
                partial(self.run_action, binding.action, active.node),
            )
        yield from super().get_system_commands(screen)
