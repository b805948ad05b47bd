"""The main window: the library first, then the session side, every signal wired here.

The window is drawn before anything a session needs exists, from a ``Frame``:
what the first frame shows (the menus, the safety notice, the library's cards),
computed from the catalogue and settings or read from the start-up snapshot
(easeback.ui.first_frame). ``adopt`` then hands it the catalogue and settings,
``attach`` the session and history pages, the session actions and the break
reminders, wired to the controller. ``launch`` calls them just after the first
paint; ``for_model`` does all but ``attach`` at once (tests, ``run ID``).

The first frame loads as little as it can. Above all it keeps clear of PySide6's
``Qt`` namespace: its first use builds Python enums for all of it (about 150 of
them, some 45 ms), so the modules on this path import ``Qt`` only inside the
functions that run later. Nor does it load the core: its modules import the
catalogue, plan and settings modules where they are used. tests/ui/test_startup.py
checks both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from easeback import APP_NAME
from easeback.ui.banner import CautionBanner
from easeback.ui.library_page import LibraryPage
from easeback.ui.menus import Menus

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from easeback.core.catalogue import Catalogue
    from easeback.core.history import History
    from easeback.core.plan import Plan
    from easeback.core.progression import Offer
    from easeback.core.settings import Settings
    from easeback.ui.breaks import Breaks
    from easeback.ui.controller import SessionController
    from easeback.ui.controls import SessionActions
    from easeback.ui.first_frame import Frame
    from easeback.ui.history_page import HistoryPage
    from easeback.ui.offer_bar import OfferBar
    from easeback.ui.session_page import SessionPage

STOP_CONFIRM_AFTER = 60.0  # seconds done before Stop asks first


class MainWindow(QMainWindow):
    closed = Signal()  # the window really closed (not just hidden in the tray): quit
    ready = Signal()  # start-up is over: sessions, history, reminders and voice are up

    # set by adopt()
    catalogue: Catalogue
    settings: Settings
    # set by attach()
    controller: SessionController
    history: History
    actions_: SessionActions
    session_page: SessionPage
    history_page: HistoryPage
    offer_bar: OfferBar
    breaks: Breaks

    def __init__(
        self,
        frame: Frame,
        save_settings: Callable[[Settings], None],
        voices: Callable[[], Sequence[tuple[str, str]]] = lambda: (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._drawn = frame
        self._save = save_settings
        self._voices = voices
        self.confirm: Callable[[str], bool] = self._ask
        self.adopted = False
        self.attached = False
        self.gone = False  # closed for good: start-up work still queued must not run
        self._quitting = False
        self._reported: set[str] = set()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 540)

        self.library = LibraryPage(self)
        self.banner = CautionBanner(frame.cautions, self)
        self.banner.setVisible(frame.show_cautions)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.library)
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(10, 8, 10, 0)
        self._column.addWidget(self.banner)
        self._column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar()  # there from the start: a message later does not shift the page
        self.menus = Menus(
            self,
            library=self.show_library,
            history=self.show_history,
            settings=self.open_settings,
            quit=self.quit_app,
            cautions=frame.cautions,
        )
        self.library.set_entries(frame.entries)
        if frame.geometry:
            self.restoreGeometry(QByteArray.fromBase64(frame.geometry.encode()))
        else:
            self.resize(1120, 760)

    @classmethod
    def for_model(
        cls,
        catalogue: Catalogue,
        settings: Settings,
        save_settings: Callable[[Settings], None],
        voices: Callable[[], Sequence[tuple[str, str]]] = lambda: (),
    ) -> MainWindow:
        """A window drawn from ``catalogue`` and ``settings`` and adopting them at once."""
        from easeback.ui.first_frame import frame_of

        frame = frame_of(catalogue, settings)
        window = cls(frame, save_settings, voices)
        window.adopt(catalogue, settings, frame)
        return window

    @property
    def frame(self) -> Frame:
        """What a first frame would show now: drawn so far, or (after ``adopt``) what the
        catalogue and settings show, the cards as the library has them."""
        if not self.adopted:
            return self._drawn
        from easeback.ui.first_frame import frame_of

        return frame_of(self.catalogue, self.settings, self.library.entries)

    def adopt(self, catalogue: Catalogue, settings: Settings, frame: Frame | None = None) -> None:
        """Take the catalogue and settings; what the first frame showed is brought in line
        with them (``frame``: what they show, if already computed)."""
        from easeback.ui.first_frame import frame_of

        self.catalogue = catalogue
        self.settings = settings
        fresh = frame or frame_of(catalogue, settings)
        if fresh.entries != self._drawn.entries:
            self.library.set_entries(fresh.entries)
        if fresh.cautions != self._drawn.cautions:
            self.banner.set_cautions(fresh.cautions)
            self.menus.cautions = fresh.cautions
        self.banner.setVisible(fresh.show_cautions)
        self.banner.dismiss.clicked.connect(self._dismiss_banner)
        self.adopted = True

    def attach(self, controller: SessionController, history: History) -> None:
        """The session side: pages, actions and break reminders, wired to ``controller``."""
        from easeback.ui.breaks import Breaks
        from easeback.ui.controls import SessionActions
        from easeback.ui.history_page import HistoryPage
        from easeback.ui.offer_bar import OfferBar
        from easeback.ui.session_page import SessionPage

        self.controller = controller
        self.history = history
        self.actions_ = SessionActions(self)
        self.addActions(self.actions_.all())
        self.menus.attach(self.actions_.all())
        self.library.complete()
        self.session_page = SessionPage(self.catalogue, self.actions_, self)
        self.history_page = HistoryPage(history, self)
        self.offer_bar = OfferBar(self)
        self.breaks = Breaks(self.catalogue, self.settings, controller, self)
        self.pages.addWidget(self.session_page)
        self.pages.addWidget(self.history_page)
        self._column.insertWidget(1, self.offer_bar)

        # --- every connection, in one place
        self.library.start_requested.connect(self.start)
        self.session_page.library_requested.connect(self.show_library)
        self.session_page.again_requested.connect(self._again)
        self.history_page.library_requested.connect(self.show_library)
        self.offer_bar.accepted.connect(self._accept_offer)
        self.offer_bar.declined.connect(self._decline_offer)
        self.actions_.play_pause.triggered.connect(controller.toggle)
        self.actions_.skip.triggered.connect(controller.skip)
        self.actions_.back.triggered.connect(controller.back)
        self.actions_.stop.triggered.connect(self.request_stop)
        self.actions_.mute.toggled.connect(self._set_muted)
        controller.driver.changed.connect(self.refresh)
        controller.message.connect(self.show_message)
        controller.finished.connect(self._finished)
        controller.started.connect(self._started)
        controller.started.connect(lambda _plan: self.breaks.session_started())
        controller.finished.connect(lambda _completed: self.breaks.session_ended())
        controller.driver.changed.connect(self.breaks.refresh_tray)
        self.breaks.attached.connect(self.menus.add_reminders)
        self.breaks.show_window_requested.connect(self.show_window)
        self.breaks.start_requested.connect(self.start)
        self.breaks.message.connect(self.show_message)
        self.breaks.quit_requested.connect(self.quit_app)
        self.breaks.tray_notice_shown.connect(self._tray_notice_seen)
        self.actions_.mute.setChecked(controller.muted)
        self.attached = True
        self.refresh()

    def _ask(self, text: str) -> bool:
        from easeback.ui.help import ask

        return ask(self, text)

    def refresh_library(self) -> None:
        from easeback.ui.library_page import entries_for

        self.library.set_entries(entries_for(self.catalogue, self.settings))

    # ------------------------------------------------------------------ intents
    def start(self, item_id: str, plan: Plan | None = None) -> bool:
        """Start an exercise or routine (``plan``: already compiled, e.g. with CLI choices)."""
        from easeback.core.plan import PlanError

        try:
            self.controller.start(item_id, plan)
        except PlanError as exc:
            from PySide6.QtWidgets import QMessageBox

            self.show_message(str(exc))
            QMessageBox.warning(self, APP_NAME, f"Cannot start {item_id}:\n{exc}")
            return False
        self.pages.setCurrentWidget(self.session_page)
        self.refresh()
        return True

    def _again(self) -> None:
        plan = self.controller.plan
        if plan is not None:
            self.start(plan.id)

    def request_stop(self) -> bool:
        from easeback.core.time import format_clock

        snap = self.controller.snapshot()
        if snap is None or not self.controller.active:
            return False
        if snap.elapsed > STOP_CONFIRM_AFTER:
            was_running = snap.state == "running"
            if was_running:
                self.controller.pause()
            if not self.confirm(f"Stop now? You have done {format_clock(snap.elapsed)}."):
                if was_running:
                    self.controller.toggle()
                return False
        self.controller.stop()
        self.show_library()
        return True

    def show_library(self) -> None:
        if self.controller.active:
            self.request_stop()
            return
        self.pages.setCurrentWidget(self.library)
        self.refresh()

    def _set_muted(self, muted: bool) -> None:
        self.controller.set_muted(muted)
        self.show_message("Voice muted" if muted else "Voice on")
        if muted != self.settings.muted:  # remembered for the next start
            self.change_settings(muted=muted)

    def show_history(self) -> None:
        if self.controller.active:
            self.show_message("Stop the session first (Esc) to see the history")
            return
        self.report_once(self.history_page.refresh())
        self.pages.setCurrentWidget(self.history_page)
        self.refresh()

    def _started(self, plan: Plan) -> None:
        self.offer_bar.set_offers([])

    def _finished(self, completed: bool) -> None:
        self.refresh()
        self.report_once(self.history_page.refresh())
        plan = self.controller.plan
        if completed and plan is not None:
            import sqlite3

            from easeback.core.progression import offers_for

            try:
                offers = offers_for(plan.exercises, self.catalogue, self.settings, self.history)
            except (sqlite3.Error, OSError) as exc:
                offers = []
                self.report_once(f"The exercise history cannot be read: {exc}")
            self.offer_bar.set_offers(offers)

    def _accept_offer(self, offer: Offer) -> None:
        from easeback.core.progression import accept

        self.update_settings(accept(offer, self.settings))
        self.show_message(f"{offer.exercise_name}: {offer.proposed_amount} from now on")

    def _decline_offer(self, offer: Offer) -> None:
        from easeback.core.progression import decline

        self.update_settings(decline(offer, self.settings))

    def _dismiss_banner(self) -> None:
        self.banner.hide()
        self.change_settings(cautions_seen=True)

    def change_settings(self, **changes: Any) -> None:
        from dataclasses import replace  # here: the first frame does without dataclasses

        self.update_settings(replace(self.settings, **changes))

    def update_settings(self, settings: Settings) -> None:
        """Apply and save ``settings``; the cards show lengths with the new choices."""
        changed_plans = settings.plan_options() != self.settings.plan_options()
        self.settings = settings
        if changed_plans:
            self.refresh_library()
        if self.attached:
            self.controller.apply_settings(settings)
            self.actions_.mute.setChecked(settings.muted)
            self.breaks.apply_settings(settings)
        self._save(settings)

    def open_settings(self) -> None:
        from easeback.ui.settings_dialog import edit_settings  # only when asked for

        chosen = edit_settings(
            self, self.settings, self.catalogue, self._voices(), self.show_message
        )
        if chosen is not None:
            self.update_settings(chosen)

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        from easeback.ui.session_page import window_title

        snap = self.controller.snapshot()
        plan = self.controller.plan
        active = self.controller.active
        self.actions_.set_session_active(active and self.pages.currentWidget() is self.session_page)
        # "Resume" only when paused; with no session it rests as a disabled "Pause"
        self.actions_.set_running(snap is None or snap.state != "paused")
        if (
            snap is not None
            and plan is not None
            and self.pages.currentWidget() is self.session_page
        ):
            self.session_page.show_state(plan, snap)
        self.setWindowTitle(
            window_title(self.controller.snapshot())
            if active or self._on_session_page()
            else APP_NAME
        )

    def _on_session_page(self) -> bool:
        return self.pages.currentWidget() is self.session_page

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def report_once(self, text: str | None) -> None:
        """A problem worth one mention (a history that cannot be written): shown once."""
        if text and text not in self._reported:
            self._reported.add(text)
            self.show_message(text, 30000)

    def show_window(self) -> None:
        from PySide6.QtCore import Qt

        from easeback.ui.reminder_window import bring_to_front

        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        bring_to_front(self)

    def _tray_notice_seen(self) -> None:
        self.change_settings(tray_notice_seen=True)

    def quit_app(self) -> None:
        """Quit for real, even with a tray icon."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        from dataclasses import replace

        if self.attached and self.controller.active:
            self.controller.stop()
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        if self.adopted and geometry != self.settings.window_geometry:
            self.settings = replace(self.settings, window_geometry=geometry)
            self._save(self.settings)
        if self.attached and not self._quitting and self.breaks.keeps_running():
            # Reminders go on from the tray; Quit (menu, tray or Ctrl+Q) really quits.
            self.hide()
            event.ignore()
            self.breaks.say_still_running()
            return
        if self.attached:
            self.breaks.close()
            self.controller.speaker.close()
        event.accept()
        self.gone = True
        self.closed.emit()
