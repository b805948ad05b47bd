"""The Help menu's dialogs and the yes/no question, each shown over ``parent``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from easeback import APP_NAME, __version__


def ask(parent: QWidget, text: str, yes: str, no: str) -> bool:
    """A question whose buttons say what they do ("Stop", "Keep going"), not Yes and No;
    Esc and closing the box answer ``no``, which is also the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question, APP_NAME, text, QMessageBox.StandardButton.NoButton, parent
    )
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is accept


def show_cautions(parent: QWidget, cautions: Sequence[str]) -> None:
    QMessageBox.information(parent, "Safety notes", "\n\n".join(cautions))


#: Keys of a page rather than of a menu: (key, what it does there). A key a menu sets
#: too (Esc: Stop) is said as what it adds, after what the menu's action does.
PAGE_KEYS = (
    (QKeySequence.StandardKey.Find, "Filter the library (Esc clears the filter)"),
    (QKeySequence.StandardKey.Delete, "Delete the selected session (History)"),
    (QKeySequence.StandardKey.Undo, "Undo that delete (History)"),
    (QKeySequence.StandardKey.Cancel, "in the compact view, back to the full window"),
)


def shortcut_rows(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    """(key, what it does) for every action in ``actions`` that has a key, then the
    pages' own keys: one row per key, a key's meanings joined with "; ". What it does
    is the action's tooltip where it says more than the action's text ("Pause or
    resume", where the text is the state's "Pause")."""
    native = QKeySequence.SequenceFormat.NativeText
    rows: dict[str, list[str]] = {}
    for action in actions:
        key = action.shortcut().toString(native)
        if not key:
            continue
        text = action.text().replace("&", "").rstrip("…")
        tip = action.toolTip().removesuffix(f" ({key})")
        rows.setdefault(key, []).append(tip if tip and tip != action.text() else text)
    for standard, what in PAGE_KEYS:
        rows.setdefault(QKeySequence(standard).toString(native), []).append(what)
    joined = {key: "; ".join(whats) for key, whats in rows.items()}
    return [(key, what[:1].upper() + what[1:]) for key, what in joined.items()]


def shortcuts_html(rows: Sequence[tuple[str, str]]) -> str:
    """Two columns, one line a key: the box grows to the longest line rather than
    wrap a description under its key or run a key into its text."""
    cells = "".join(
        f"<tr><td style='padding-right: 1em'><b>{escape(key)}</b></td><td>{escape(what)}</td></tr>"
        for key, what in rows
    )
    return f"<table cellpadding='2' style='white-space: nowrap'>{cells}</table>"


def show_shortcuts(parent: QWidget, actions: Sequence[QAction]) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Keyboard shortcuts",
        shortcuts_html(shortcut_rows(actions)),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME} {__version__}</b><p>A hands-free coach for back-pain stretches and "
        "glute exercises: it times holds, counts reps and says every cue.</p>",
    )
