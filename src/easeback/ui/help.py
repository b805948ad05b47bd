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


def show_shortcuts(parent: QWidget, actions: Sequence[QAction]) -> None:
    """Every action in ``actions`` that has a key, with its key, then the filter's."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = [
        (a.shortcut().toString(native), a.text().replace("&", "").rstrip("…"))
        for a in actions
        if not a.shortcut().isEmpty()
    ]
    rows.append(
        (QKeySequence(QKeySequence.StandardKey.Find).toString(native), "Filter the library")
    )
    QMessageBox.information(parent, "Keyboard shortcuts", "\n".join(f"{k}\t{v}" for k, v in rows))


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME} {__version__}</b><p>A hands-free coach for back-pain stretches and "
        "glute exercises: it times holds, counts reps and says every cue.</p>",
    )
