"""The Help menu's dialogs and the yes/no question, each shown over ``parent``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from easeback import APP_NAME, __version__


def ask(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        APP_NAME,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_cautions(parent: QWidget, cautions: Sequence[str]) -> None:
    QMessageBox.information(parent, "Safety notes", "\n\n".join(cautions))


#: Keys of a page rather than of a menu: (key, what it does there).
PAGE_KEYS = (
    (QKeySequence.StandardKey.Find, "Filter the library"),
    (QKeySequence.StandardKey.Delete, "Delete the selected session (History)"),
    (QKeySequence.StandardKey.Undo, "Undo that delete (History)"),
    (QKeySequence.StandardKey.Cancel, "Back to the full window (compact view)"),
)


def shortcut_rows(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    """(key, what it does) for every action in ``actions`` that has a key, then the
    pages' own keys. What it does is the action's tooltip where it says more than
    the action's text ("Pause or resume", where the text is the state's "Pause")."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = []
    for action in actions:
        key = action.shortcut().toString(native)
        if not key:
            continue
        text = action.text().replace("&", "").rstrip("…")
        tip = action.toolTip().removesuffix(f" ({key})")
        rows.append((key, tip if tip and tip != action.text() else text))
    rows += [(QKeySequence(k).toString(native), what) for k, what in PAGE_KEYS]
    return rows


def show_shortcuts(parent: QWidget, actions: Sequence[QAction]) -> None:
    rows = shortcut_rows(actions)
    QMessageBox.information(parent, "Keyboard shortcuts", "\n".join(f"{k}\t{v}" for k, v in rows))


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME} {__version__}</b><p>A hands-free coach for back-pain stretches and "
        "glute exercises: it times holds, counts reps and says every cue.</p>",
    )
