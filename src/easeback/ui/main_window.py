"""The main window: builds the pages and connects every signal, in one place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from easeback import APP_NAME, __version__
from easeback.core.catalogue import Catalogue
from easeback.core.cues import clock
from easeback.core.plan import PlanError, compile_plan
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.controls import SessionActions
from easeback.ui.library_page import Entry, LibraryPage
from easeback.ui.session_page import SessionPage, phase_label

STOP_CONFIRM_AFTER = 60.0  # seconds done before Stop asks first


def window_title(controller: SessionController) -> str:
    snap = controller.snapshot()
    if snap is None or snap.state == "idle":
        return APP_NAME
    if snap.state == "finished":
        return f"Done · {APP_NAME}"
    phase = snap.phase
    label = phase_label(phase, snap.rep).replace(" / ", "/").capitalize()
    parts = [clock(snap.phase_left), label]
    if phase.side:
        parts.append(phase.side.capitalize())
    if snap.state == "paused":
        parts.insert(0, "Paused")
    return " · ".join([*parts, APP_NAME])


class CautionBanner(QFrame):
    """The first-start safety notice: short, and dismissed with one click."""

    def __init__(self, cautions: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "QFrame#banner { border: 1px solid #E8833A; border-radius: 8px;"
            " background: rgba(232, 131, 58, 28); }"
        )
        text = QLabel("<b>Before you start:</b> " + " ".join(cautions), self)
        text.setWordWrap(True)
        self.dismiss = QPushButton("Got it", self)
        self.dismiss.setToolTip("Hide this notice (it stays under Help > Safety notes)")
        layout = QHBoxLayout(self)
        layout.addWidget(text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)


class MainWindow(QMainWindow):
    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        controller: SessionController,
        save_settings: Callable[[Settings], None],
        voices: Callable[[], Sequence[tuple[str, str]]] = lambda: (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.controller = controller
        self._save = save_settings
        self._voices = voices
        self.confirm: Callable[[str], bool] = self._ask
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 540)

        self.actions_ = SessionActions(self)
        self.addActions(self.actions_.all())
        self.library = LibraryPage(self)
        self.session_page = SessionPage(catalogue, self.actions_, self)
        self.banner = CautionBanner(catalogue.cautions, self)
        self.banner.setVisible(not settings.cautions_seen and bool(catalogue.cautions))

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.library)
        self.pages.addWidget(self.session_page)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.refresh_library()

        # --- every connection, in one place
        self.library.start_requested.connect(self.start)
        self.session_page.library_requested.connect(self.show_library)
        self.session_page.again_requested.connect(self._again)
        self.banner.dismiss.clicked.connect(self._dismiss_banner)
        self.actions_.play_pause.triggered.connect(self.controller.toggle)
        self.actions_.skip.triggered.connect(self.controller.skip)
        self.actions_.back.triggered.connect(self.controller.back)
        self.actions_.stop.triggered.connect(self.request_stop)
        self.actions_.mute.toggled.connect(self._set_muted)
        self.controller.driver.changed.connect(self.refresh)
        self.controller.message.connect(self.show_message)
        self.controller.finished.connect(self._finished)
        self.actions_.mute.setChecked(controller.muted)
        self.refresh()
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            self.resize(1120, 760)

    # ------------------------------------------------------------------ building
    def _build_menus(self) -> None:
        bar = self.menuBar()
        app_menu = bar.addMenu("&Easeback")
        settings = QAction("&Settings…", self)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        library = QAction("&Library", self)
        library.setShortcut(QKeySequence("Ctrl+L"))
        library.triggered.connect(self.show_library)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        app_menu.addActions([library, settings])
        app_menu.addSeparator()
        app_menu.addAction(quit_action)
        self.app_menu = app_menu
        session_menu = bar.addMenu("&Session")
        session_menu.addActions(self.actions_.all())
        help_menu = bar.addMenu("&Help")
        safety = QAction("&Safety notes", self)
        safety.triggered.connect(self.show_cautions)
        keys = QAction("&Keyboard shortcuts", self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.show_shortcuts)
        about = QAction("&About Easeback", self)
        about.triggered.connect(self.show_about)
        help_menu.addActions([safety, keys, about])

    def refresh_library(self) -> None:
        entries = []
        # lengths do not depend on the cues, and placing none is much quicker
        options = replace(self.settings.plan_options(), verbosity="silent")
        for ex in self.catalogue.exercises.values():
            try:
                seconds = compile_plan(self.catalogue, ex.id, options).total_seconds
            except PlanError:
                continue
            search = " ".join(
                [
                    ex.name,
                    ex.position,
                    ex.posture,
                    ex.summary,
                    *ex.targets,
                    "desk" if ex.desk_friendly else "",
                ]
            ).lower()
            entries.append(
                Entry(
                    ex.id,
                    "exercise",
                    ex.name,
                    ex.position,
                    seconds,
                    ex.desk_friendly,
                    ex.summary,
                    search,
                )
            )
        for routine in self.catalogue.routines.values():
            try:
                seconds = compile_plan(self.catalogue, routine.id, options).total_seconds
            except PlanError:
                continue
            members = self.catalogue.routine_exercises(routine.id)
            positions = sorted({e.position for e in members})
            desk = all(e.desk_friendly for e in members)
            search = " ".join(
                [
                    routine.name,
                    routine.description,
                    *positions,
                    *(e.name for e in members),
                    "desk" if desk else "",
                ]
            ).lower()
            entries.append(
                Entry(
                    routine.id,
                    "routine",
                    routine.name,
                    " and ".join(positions),
                    seconds,
                    desk,
                    routine.description,
                    search,
                )
            )
        self.library.set_entries(entries)

    # ------------------------------------------------------------------ intents
    def start(self, item_id: str) -> bool:
        try:
            self.controller.start(item_id)
        except PlanError as exc:
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
        snap = self.controller.snapshot()
        if snap is None or not self.controller.active:
            return False
        if snap.elapsed > STOP_CONFIRM_AFTER:
            was_running = snap.state == "running"
            if was_running:
                self.controller.pause()
            if not self.confirm(f"Stop now? You have done {clock(snap.elapsed)}."):
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
            self.update_settings(replace(self.settings, muted=muted))

    def _finished(self, completed: bool) -> None:
        self.refresh()

    def _dismiss_banner(self) -> None:
        self.banner.hide()
        self.update_settings(replace(self.settings, cautions_seen=True))

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.controller.apply_settings(settings)
        self.actions_.mute.setChecked(settings.muted)
        self._save(settings)

    def open_settings(self) -> None:
        from easeback.ui.settings_dialog import SettingsDialog  # only when asked for

        dialog = SettingsDialog(self.settings, self.catalogue, self._voices(), self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.update_settings(dialog.result_settings())
            self.refresh_library()

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        snap = self.controller.snapshot()
        plan = self.controller.plan
        active = self.controller.active
        self.actions_.set_session_active(active and self.pages.currentWidget() is self.session_page)
        self.actions_.set_running(snap is not None and snap.state == "running")
        if (
            snap is not None
            and plan is not None
            and self.pages.currentWidget() is self.session_page
        ):
            self.session_page.show_state(plan, snap)
        self.setWindowTitle(
            window_title(self.controller) if active or self._on_session_page() else APP_NAME
        )

    def _on_session_page(self) -> bool:
        return self.pages.currentWidget() is self.session_page

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_cautions(self) -> None:
        QMessageBox.information(self, "Safety notes", "\n\n".join(self.catalogue.cautions))

    def show_shortcuts(self) -> None:
        rows = [
            (a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            for a in self.actions_.all()
        ]
        rows += [("Filter the library", "Ctrl+F"), ("Settings", "Ctrl+,"), ("Library", "Ctrl+L")]
        QMessageBox.information(self, "Keyboard shortcuts", "\n".join(f"{k}\t{v}" for v, k in rows))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>A hands-free coach for back-pain stretches and "
            "glute exercises: it times holds, counts reps and says every cue.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.active:
            self.controller.stop()
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        if geometry != self.settings.window_geometry:
            self.settings = replace(self.settings, window_geometry=geometry)
            self._save(self.settings)
        self.controller.speaker.close()
        event.accept()
