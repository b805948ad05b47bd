"""The main window: its pages, actions and menus, with every signal wired here.

``easeback.ui.app`` builds it from the loaded catalogue and settings, a session
controller and the history, then shows it. Everything it shows works from the
first frame. The library is built at once; the session and history pages are
built the first time they are shown.

Ending a session follows one rule wherever the request comes from (Esc, Quit,
closing the window, logging out): a session that has run a minute or more ends
only when the person says so. Signals end it without asking (``end_now``); the
history records it as partial either way.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from easeback import APP_NAME
from easeback.core.catalogue import Catalogue
from easeback.core.history import History, SessionRecord, levels_of
from easeback.core.loading import Choices
from easeback.core.plan import Plan, PlanError
from easeback.core.progression import (
    Offer,
    accept,
    decline,
    exercises_to_ease,
    offers_for,
    step_down_offers,
)
from easeback.core.settings import Settings
from easeback.core.time import format_spent
from easeback.ui.banner import CautionBanner
from easeback.ui.breaks import Breaks
from easeback.ui.compact import Compact
from easeback.ui.controller import NO_CHOICES, SessionController
from easeback.ui.controls import SessionActions
from easeback.ui.help import ask
from easeback.ui.history_page import HistoryPage
from easeback.ui.library_page import LibraryPage, entries_for
from easeback.ui.listening import VoiceControl
from easeback.ui.menus import Menus
from easeback.ui.offer_bar import OfferBar
from easeback.ui.reminder_window import bring_to_front
from easeback.ui.session_page import SessionPage
from easeback.ui.session_text import window_title

STOP_CONFIRM_AFTER = 60.0  # seconds done from which ending a session asks first
FIRST_SIZE = QSize(1120, 760)  # before there is a saved size, where the screen has room


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed for good (not hidden to the tray): quit

    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        controller: SessionController,
        history: History,
        save_settings: Callable[[Settings], str | None],
        voices: Callable[[], Sequence[tuple[str, str]]] = lambda: (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.controller = controller
        self.history = history
        self._save_settings = save_settings
        self._voices = voices
        self.confirm: Callable[[str, str], bool] = lambda text, yes: ask(
            self, text, yes, "Keep going"
        )
        self._quitting = False
        self._reported: set[str] = set()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 480)

        # --- the widgets
        self.actions_ = SessionActions(self)
        self.addActions(self.actions_.all())  # their shortcuts work anywhere in the window
        # Each widget is made in its final parent: moving a styled page to another parent
        # makes Qt work its style out again, which took 10 ms for the library.
        # Made in screen order, top down, which is the order Tab follows: the safety
        # notice's "Got it" and the offer come before the page under them.
        central = QWidget(self)
        self.banner = CautionBanner(catalogue.cautions, central)
        self.banner.setVisible(not settings.cautions_seen and bool(catalogue.cautions))
        self.offer_bar = OfferBar(central)
        self.pages = QStackedWidget(central)
        self.library = LibraryPage(self.pages)
        self.library.set_entries(entries_for(catalogue, settings))
        self.pages.addWidget(self.library)  # the session and history pages join when first shown
        column = QVBoxLayout(central)
        column.setContentsMargins(10, 8, 10, 0)
        column.addWidget(self.banner)
        column.addWidget(self.offer_bar)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar()  # there from the start: a message later does not shift the page
        # a problem that stays true (the history cannot be written) shows between messages
        self.problem_line = QLabel(self)
        self.problem_line.setWordWrap(False)
        self.statusBar().addWidget(self.problem_line, 1)
        self.menus = Menus(
            self,
            library=self.show_library,
            history=self.show_history,
            settings=self.open_settings,
            quit=self.quit_app,
            cautions=catalogue.cautions,
            session_actions=self.actions_.all(),
        )
        self.breaks = Breaks(catalogue, settings, controller, self)
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            self.resize(first_size(self.minimumSize()))

        # --- every connection (the two lazy pages connect theirs where they are built)
        self.library.start_requested.connect(self.start)
        self.banner.dismiss.clicked.connect(self._dismiss_banner)
        self.offer_bar.accepted.connect(self._accept_offer)
        self.offer_bar.declined.connect(self._decline_offer)
        self.actions_.play_pause.triggered.connect(controller.toggle)
        self.actions_.skip.triggered.connect(controller.skip)
        self.actions_.back.triggered.connect(controller.back)
        self.actions_.stop.triggered.connect(self.request_stop)
        self.actions_.mute.toggled.connect(self._set_muted)
        self.actions_.mute.setChecked(controller.muted)
        controller.driver.changed.connect(self.refresh)
        controller.message.connect(self.show_message)
        controller.problem.connect(self.problem_line.setText)
        controller.started.connect(self._started)
        controller.finished.connect(self._finished)
        controller.recorded.connect(self._recorded)
        controller.started.connect(lambda _plan: self.breaks.session_started())
        controller.finished.connect(self.breaks.session_ended)
        controller.driver.changed.connect(self.breaks.refresh_tray)
        self.breaks.attached.connect(self.menus.add_reminders)
        self.breaks.attached.connect(
            lambda _: self.library.header.addWidget(self.breaks.next_break_label())
        )
        self.breaks.show_window_requested.connect(self.show_window)
        self.breaks.start_requested.connect(self.start)
        self.breaks.message.connect(self.show_message)
        self.breaks.pause_changed.connect(  # a pause of the reminders outlasts a restart
            lambda record: self.change_settings(reminders_paused_until=record)
        )
        self.breaks.quit_requested.connect(self.quit_app)
        self.breaks.tray_notice_shown.connect(self._tray_notice_seen)
        self.compact = Compact(self, self)  # View > Compact view (Ctrl+Shift+M)
        self._listening: VoiceControl | None = None  # spoken commands (follow_listening)
        self.refresh()
        # typing filters from the first frame; the safety notice's Got it is one Shift+Tab away
        self.library.focus_filter()

    # ------------------------------------------------------------------ the pages built later
    @cached_property
    def session_page(self) -> SessionPage:
        page = SessionPage(self.catalogue, self.actions_, self.pages)
        page.library_requested.connect(self.show_library)
        page.again_requested.connect(self._again)
        page.too_hard.connect(self._too_hard)
        self._mark_listening(page)
        self.pages.addWidget(page)
        return page

    def follow_listening(self, control: VoiceControl) -> None:
        """Spoken commands, started after the first paint: the session page shows a mark
        while they are heard (connected when that page is built, or now if it is)."""
        self._listening = control
        if "session_page" in self.__dict__:
            self._mark_listening(self.session_page)

    def _mark_listening(self, page: SessionPage) -> None:
        if self._listening is not None:
            self._listening.state_changed.connect(page.listening_mark.set_state)
            page.listening_mark.set_state(*self._listening.state)

    @cached_property
    def history_page(self) -> HistoryPage:
        page = HistoryPage(self.history, self.pages, self.controller.history_writer)
        page.library_requested.connect(self.show_library)
        page.session_deleted.connect(self._session_deleted)
        self.pages.addWidget(page)
        return page

    def _showing(self, name: str) -> bool:
        """Whether the page ``name`` ("session_page", "history_page") is the one on screen
        (without building it)."""
        page = self.__dict__.get(name)
        return page is not None and self.pages.currentWidget() is page

    # ------------------------------------------------------------------ intents
    def start(self, item_id: str, plan: Plan | None = None, choices: Choices = NO_CHOICES) -> bool:
        """Start an exercise or routine with these ``choices`` (``easeback run ID --reps N``;
        ``plan``: already compiled with them), kept for "Do it again"."""
        try:
            self.controller.start(item_id, plan, choices)
        except PlanError as exc:
            self.show_message(str(exc))
            QMessageBox.warning(self, APP_NAME, f"Cannot start {item_id}:\n{exc}")
            return False
        self.pages.setCurrentWidget(self.session_page)
        self.refresh()
        return True

    def start_when_free(
        self, item_id: str, plan: Plan | None = None, choices: Choices = NO_CHOICES
    ) -> bool:
        """Start ``item_id`` as asked from outside (a second ``easeback run ID``): the
        window comes up, and a running session ends first by the usual rule."""
        self.show_window()
        if not self.may_end_session():
            return False
        return self.start(item_id, plan, choices)

    def _again(self) -> None:
        """Do it again: the same plan, with the choices it was started with (``easeback
        run ID --reps 12``) and any offer accepted since; an offer not answered yet (an
        easier level after "Too hard", or a step up) stays up, for the runs after this one."""
        plan = self.controller.plan
        if plan is not None:
            unanswered = self.offer_bar.unanswered()
            self.start(plan.id, choices=self.controller.choices)
            self.offer_bar.set_offers(unanswered)

    def may_end_session(self, question: str = "Stop the session?", yes: str = "Stop") -> bool:
        """End the running session unless it has run a minute or more and the person
        says no to ``question`` (what ends with it: the session, the app, the window;
        ``yes``: its button's word, the other one "Keep going"); True when none runs
        any longer."""
        snap = self.controller.snapshot()
        if snap is None or not self.controller.active:
            return True
        if snap.spent >= STOP_CONFIRM_AFTER:
            was_running = snap.state == "running"
            if was_running:
                self.controller.pause()
            spent = f"You have been exercising for {format_spent(snap.spent)}."
            if not self.confirm(f"{question} {spent}", yes):
                if was_running:
                    self.controller.toggle()
                return False
        self.controller.stop()
        return True

    def request_stop(self) -> bool:
        """Esc, or Stop: end the session by the rule, then back to the library."""
        if not self.controller.active or not self.may_end_session():
            return False
        self.show_library()
        return True

    def show_library(self) -> None:
        if self.controller.active:
            self.request_stop()
            return
        self.pages.setCurrentWidget(self.library)
        self.library.focus_filter()  # type to filter again; Space is not a Start press
        self.refresh()

    def show_history(self) -> None:
        if self.controller.active:
            self.show_message("Stop the session first (Esc) to see the history")
            return
        self.report_once(self.history_page.refresh())
        self.pages.setCurrentWidget(self.history_page)
        self.refresh()

    def _set_muted(self, muted: bool) -> None:
        self.controller.set_muted(muted)
        self.show_message("Voice muted" if muted else "Voice on")
        if muted != self.settings.muted:  # remembered for the next start
            self.change_settings(muted=muted)

    def _started(self, plan: Plan) -> None:
        self.offer_bar.set_offers([])
        self.statusBar().clearMessage()  # news of the last session ("Paused: ...") is over
        self._focus_on_no_button()

    def _finished(self, completed: bool) -> None:
        self.refresh()  # the done page's buttons show
        self._focus_on_no_button()

    def _focus_on_no_button(self) -> None:
        """Focus on the window's frame, on no button. While a session runs Space is Pause
        whatever has focus; once it has ended Space goes to the focused button, and a
        Space meant as "pause" would press what focus was left on: dismiss the safety
        notice for good, answer an offer, start the session again. From here it does
        nothing, and Tab goes down the window in screen order: notice, offer, page."""
        central = self.centralWidget()
        if central is not None:
            central.setFocus(Qt.FocusReason.OtherFocusReason)

    def _session_deleted(self, record: SessionRecord) -> None:
        """A step up earned with a session that is deleted is no longer true: it goes
        (the count it states has changed); other offers stay."""
        ran = set(record.levels)
        offers = self.offer_bar.unanswered()
        kept = [o for o in offers if o.direction != "up" or o.exercise_id not in ran]
        if kept != offers:
            self.offer_bar.set_offers(kept)

    def _recorded(self, record: object) -> None:
        """The session's end is in the history: the page and the offers read it."""
        if record is not None:  # written: the history's problem, if any, is over
            self.problem_line.clear()
        if "history_page" in self.__dict__:
            self.report_once(self.history_page.refresh())
        plan = self.controller.plan
        if getattr(record, "status", None) == "completed" and plan and not self.controller.active:
            try:
                offers = offers_for(levels_of(plan), self.catalogue, self.settings, self.history)
            except (sqlite3.Error, OSError) as exc:
                offers = []
                self.report_once(f"The exercise history cannot be read: {exc}")
            self.offer_bar.set_offers(offers)
        elif plan and not self.controller.active and (snap := self.controller.snapshot()):
            self._offer_easier(exercises_to_ease(plan, snap.phase.index))

    def _too_hard(self) -> None:
        """The done page's "Too hard": kept in the history with the session (so it earns
        no step up), and a step down offered."""
        plan = self.controller.plan
        if plan is None:
            return
        writer = self.controller.history_writer
        if writer is not None:
            writer.mark_too_hard()
        if not self._offer_easier(exercises_to_ease(plan)):
            self.offer_bar.show_note(
                f"<b>Nothing easier to offer.</b> {plan.name} already runs at the easiest "
                "its programme allows. If it hurts, stop, and talk to your doctor."
            )

    def _offer_easier(self, exercise_ids: tuple[str, ...]) -> bool:
        """Offer these exercises of the session just ended a step down (from what it ran
        them at); False when none has an easier level."""
        plan = self.controller.plan
        ran = levels_of(plan) if plan is not None else {}
        offers = step_down_offers(exercise_ids, ran, self.catalogue, self.settings)
        self.offer_bar.set_offers(offers)
        return bool(offers)

    def _accept_offer(self, offer: Offer) -> None:
        self.update_settings(accept(offer, self.settings))
        self.controller.settle_choice(offer.exercise_id, offer.field)
        self.show_message(f"{offer.exercise_name}: {offer.proposed_amount} from now on")

    def _decline_offer(self, offer: Offer) -> None:
        self.update_settings(decline(offer, self.settings))

    def _dismiss_banner(self) -> None:
        self.banner.hide()
        self.change_settings(cautions_seen=True)

    def _tray_notice_seen(self) -> None:
        self.change_settings(tray_notice_seen=True)

    # ------------------------------------------------------------------ settings
    def change_settings(self, **changes: Any) -> None:
        self.update_settings(replace(self.settings, **changes))

    def update_settings(self, settings: Settings) -> None:
        """Apply and save ``settings``; the cards show lengths with the new choices."""
        changed_plans = settings.plan_options() != self.settings.plan_options()
        self.settings = settings
        if changed_plans:
            self.library.set_entries(entries_for(self.catalogue, settings))
        self.controller.apply_settings(settings)
        self.actions_.mute.setChecked(settings.muted)
        self.breaks.apply_settings(settings)
        self._save(settings)

    def _save(self, settings: Settings) -> None:
        """Save ``settings``; what went wrong (save_settings never raises) is told once,
        in the status bar and on stderr, and stops nothing."""
        problem = self._save_settings(settings)
        if problem and problem not in self._reported:
            print(f"easeback: {problem}", file=sys.stderr)
        self.report_once(problem)

    def open_settings(self) -> None:
        from easeback.ui.settings_dialog import edit_settings  # a large module, loaded when asked

        chosen = edit_settings(
            self, self.settings, self.catalogue, self._voices(), self.show_message
        )
        if chosen is not None:
            self.update_settings(chosen)

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        snap = self.controller.snapshot()
        plan = self.controller.plan
        on_session_page = self._showing("session_page")
        self.actions_.set_session_active(self.controller.active and on_session_page)
        # "Resume" only when paused; with no session it rests as a disabled "Pause"
        self.actions_.set_running(snap is None or snap.state != "paused")
        if snap is not None and plan is not None and on_session_page:
            self.session_page.show_state(plan, snap)
        self.setWindowTitle(
            window_title(snap) if self.controller.active or on_session_page else APP_NAME
        )

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def report_once(self, text: str | None) -> None:
        """A problem worth one mention (a history that cannot be written): shown once."""
        if text and text not in self._reported:
            self._reported.add(text)
            self.show_message(text, 30000)

    def show_window(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        bring_to_front(self)

    # ------------------------------------------------------------------ quitting
    def quit_app(self) -> None:
        """Quit for real, even with a tray icon (Ctrl+Q, the menus): by the rule."""
        if self.may_end_session("Quit Easeback and stop the session?", "Quit"):
            self._quitting = True
            self.close()

    def end_now(self) -> None:
        """Quit without asking (a signal, the desktop ending the session): the session
        is stopped first, so the history records what was done."""
        self.controller.stop()
        self._quitting = True
        self.close()

    def commit_data(self, ask_allowed: bool) -> bool:
        """Logging out: the same rule when the desktop lets us ask, else ``end_now``'s.
        False means the person wants to stay (the log-out is to be cancelled)."""
        if not ask_allowed:
            self.controller.stop()
            return True
        return self.may_end_session("Log out and stop the session?", "Log out")

    def closeEvent(self, event: QCloseEvent) -> None:
        closing = (
            ("Close the window and stop the session?", "Close")
            if self.breaks.keeps_running()  # the tray keeps Easeback running
            else ("Quit Easeback and stop the session?", "Quit")
        )
        if not self._quitting and not self.may_end_session(*closing):
            event.ignore()
            return
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        if geometry != self.settings.window_geometry:  # kept for the next start
            self.settings = replace(self.settings, window_geometry=geometry)
            self._save(self.settings)
        if not self._quitting and self.breaks.keeps_running():
            # Reminders go on from the tray; Quit (menu, tray or Ctrl+Q) really quits.
            self.hide()
            event.ignore()
            self.breaks.say_still_running()
            return
        self.breaks.close()
        self.controller.speaker.close()
        self.hide()  # off the screen at once: the history's last writes may take a moment
        self.controller.close()  # they land before the process ends (bounded)
        event.accept()
        self.closed.emit()


def first_size(minimum: QSize) -> QSize:
    """``FIRST_SIZE``, made smaller where it would not fit the screen (a 1366x768
    laptop under a panel, a netbook): nine tenths of the room, down to ``minimum``."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return FIRST_SIZE
    room = screen.availableGeometry().size() * 0.9
    return FIRST_SIZE.boundedTo(room).expandedTo(minimum)
