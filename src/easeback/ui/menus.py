"""The window's menu bar: drawn with the first frame, its session entries added by attach().

Like the rest of the first frame it loads as little of PySide6 as it can (see
main_window.py): the shortcuts, which need ``QKeySequence``, are set by attach(),
with ``setShortcuts`` and a list, since ``setShortcut``'s overloads would build
the ``Qt`` namespace's enums.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from easeback.ui.reminders import ReminderActions


class Menus:
    """Easeback (library, history, settings, break reminders, quit), Session and Help."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        library: Callable[[], object],
        history: Callable[[], object],
        settings: Callable[[], object],
        quit: Callable[[], object],
        cautions: Sequence[str],
    ):
        self._window = window
        self.cautions = cautions  # Help > Safety notes
        self._keys: list[tuple[QAction, str]] = []  # set by attach()
        bar = window.menuBar()
        settings_action = self._action("&Settings…", settings, "Ctrl+,")
        library_action = self._action("&Library", library, "Ctrl+L")
        history_action = self._action("&History", history, "Ctrl+H")
        history_action.setToolTip("Sessions done, minutes per day and the streak (Ctrl+H)")
        self._quit = self._action("&Quit", quit)
        self.app_menu = bar.addMenu("&Easeback")
        self.app_menu.addActions([library_action, history_action, settings_action])
        self.reminder_menu = self.app_menu.addMenu("Break &reminders")
        self.reminder_menu.menuAction().setVisible(False)  # until reminders are attached
        self.app_menu.addSeparator()
        self.app_menu.addAction(self._quit)
        self.session_menu = bar.addMenu("&Session")  # filled by attach()
        self._help = self._action("&Keyboard shortcuts", self._show_shortcuts)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions(
            [
                self._action("&Safety notes", self._show_cautions),
                self._help,
                self._action("&About Easeback", self._show_about),
            ]
        )
        # these need the session side: off until attach(), a moment after the first paint
        self._need_session = [library_action, history_action, settings_action, self._help]
        for action in self._need_session:
            action.setEnabled(False)

    def _action(self, text: str, slot: Callable[[], object], keys: str = "") -> QAction:
        action = QAction(self._window)  # not (text, parent): that loads QIcon for the
        action.setText(text)  # (icon, text) overload, a millisecond of the first frame
        if keys:
            self._keys.append((action, keys))
        action.triggered.connect(slot)
        return action

    def attach(self, session_actions: Sequence[QAction]) -> None:
        from PySide6.QtGui import QKeySequence

        for action, keys in self._keys:
            action.setShortcuts([QKeySequence(keys)])
        # not every desktop binds the standard Quit key (plain X11 does not): Ctrl+Q there
        self._quit.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        self._help.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.session_menu.addActions(list(session_actions))
        for action in self._need_session:
            action.setEnabled(True)

    def add_reminders(self, actions: ReminderActions) -> None:
        self.reminder_menu.addAction(actions.start_now)
        self.reminder_menu.addSeparator()
        self.reminder_menu.addActions(actions.pause_actions())
        self.reminder_menu.menuAction().setVisible(True)

    # the dialogs load when asked for
    def _show_cautions(self) -> None:
        from easeback.ui.help import show_cautions

        show_cautions(self._window, self.cautions)

    def _show_shortcuts(self) -> None:
        from easeback.ui.help import show_shortcuts

        show_shortcuts(self._window, self.session_menu.actions())

    def _show_about(self) -> None:
        from easeback.ui.help import show_about

        show_about(self._window)
