"""The window's menu bar: Easeback (pages, settings, break reminders, quit), Session and Help."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from easeback.ui.help import show_about, show_cautions, show_shortcuts
from easeback.ui.reminders import ReminderActions


class Menus:
    def __init__(
        self,
        window: QMainWindow,
        *,
        library: Callable[[], object],
        history: Callable[[], object],
        settings: Callable[[], object],
        quit: Callable[[], object],
        cautions: Sequence[str],
        session_actions: Sequence[QAction],
    ):
        self._window = window
        self.cautions = cautions  # Help > Safety notes
        bar = window.menuBar()

        self.app_menu = bar.addMenu("&Easeback")
        self.app_menu.addActions(
            [
                self._action("&Library", library, "Ctrl+L"),
                self._action(
                    "&History",
                    history,
                    "Ctrl+H",
                    tip="History: sessions done, minutes per day and the streak (Ctrl+H)",
                ),
                self._action("&Settings…", settings, "Ctrl+,"),
            ]
        )
        self.reminder_menu = self.app_menu.addMenu("Break &reminders")
        self.reminder_menu.menuAction().setVisible(False)  # until reminders are attached
        self.app_menu.addSeparator()
        quit_action = self._action("&Quit", quit)
        # not every desktop binds the standard Quit key (plain X11 does not): Ctrl+Q there
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        self.app_menu.addAction(quit_action)

        self.session_menu = bar.addMenu("&Session")
        self.session_menu.addActions(list(session_actions))

        help_menu = bar.addMenu("&Help")
        shortcuts = self._action("&Keyboard shortcuts", self._show_shortcuts)
        shortcuts.setShortcuts(QKeySequence.StandardKey.HelpContents)
        help_menu.addActions(
            [
                self._action("&Safety notes", self._show_cautions),
                shortcuts,
                self._action("&About Easeback", self._show_about),
            ]
        )

    def _action(
        self, text: str, slot: Callable[[], object], keys: str = "", tip: str = ""
    ) -> QAction:
        action = QAction(text, self._window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def add_reminders(self, actions: ReminderActions) -> None:
        self.reminder_menu.addAction(actions.next_break)  # "Next break in 23 min"
        actions.follow(self.reminder_menu)
        self.reminder_menu.addAction(actions.start_now)
        self.reminder_menu.addSeparator()
        self.reminder_menu.addActions(actions.pause_actions())
        self.reminder_menu.menuAction().setVisible(True)

    def _show_cautions(self) -> None:
        show_cautions(self._window, self.cautions)

    def _show_shortcuts(self) -> None:
        """Every menu's actions, the View menu's and Help's included, in menu order."""
        menus = [m for a in self._window.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
        show_shortcuts(self._window, [a for menu in menus for a in menu.actions()])

    def _show_about(self) -> None:
        show_about(self._window)
