"""The settings dialog: each option where it is looked for, switches that grey out what they
turn off, notes that stay readable, and nothing cut off on any tab."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QTabWidget,
    QWidget,
)

from easeback.core.catalogue import Catalogue, load_catalogue
from easeback.core.settings import Settings
from easeback.ui import idle
from easeback.ui.settings_dialog import SettingsDialog


def wcag(a: QColor, b: QColor) -> float:
    """The contrast ratio, computed here from the WCAG 2 definition."""

    def lum(c: QColor) -> float:
        def lin(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def dialog(qtbot):
    made = SettingsDialog(Settings(), load_catalogue())
    qtbot.addWidget(made)
    return made


def test_working_hours_fields_are_disabled_while_working_hours_are_off(dialog):
    fields = [dialog.work_start, dialog.work_end, *dialog.days]
    assert not dialog.working_hours.isChecked()
    assert not any(f.isEnabled() for f in fields)
    dialog.working_hours.setChecked(True)
    assert all(f.isEnabled() for f in fields)
    dialog.working_hours.setChecked(False)
    assert not any(f.isEnabled() for f in fields)


def test_turning_reminders_off_greys_out_every_reminder_option(dialog):
    options = [dialog.interval, dialog.snooze, dialog.away, dialog.notifications, dialog.chime]
    assert all(o.isEnabled() for o in options)
    dialog.reminders.setChecked(False)
    assert not any(o.isEnabled() for o in options)


def test_the_new_reminder_options_come_back_in_the_settings(dialog):
    dialog.snooze.setValue(10)
    dialog.away.setValue(8)
    dialog.notifications.setChecked(False)
    dialog.chime.setChecked(True)
    result = dialog.result_settings()
    assert (result.snooze_minutes, result.away_minutes) == (10.0, 8.0)
    assert not result.notifications
    assert result.chime


def test_the_settings_say_once_when_the_desktop_gives_no_idle_time(qtbot, monkeypatch):
    monkeypatch.setattr(idle, "problem", lambda: idle.NO_IDLE_TIME)
    told = SettingsDialog(Settings(), load_catalogue())
    qtbot.addWidget(told)
    assert told.idle_note.text() == idle.NO_IDLE_TIME
    assert not told.idle_note.isHidden()
    monkeypatch.setattr(idle, "problem", lambda: None)
    quiet = SettingsDialog(Settings(), load_catalogue())
    qtbot.addWidget(quiet)
    assert quiet.idle_note.isHidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_greyed_notes_reach_four_and_a_half_to_one_yet_are_greyer_than_text(
    qtbot, monkeypatch, scheme
):
    monkeypatch.setattr(idle, "problem", lambda: idle.NO_IDLE_TIME)
    app = QApplication.instance()
    old = app.palette()
    palette = QPalette(old)
    text, window = (
        (QColor("#000000"), QColor("#efefef"))
        if scheme == "light"
        else (QColor("#f0f0f0"), QColor("#2b2b2b"))
    )
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Window, window)
    app.setPalette(palette)
    try:
        dialog = SettingsDialog(Settings(), load_catalogue())
        qtbot.addWidget(dialog)
        notes = [
            label
            for label in dialog.findChildren(QLabel)
            if label.text().startswith(("The voice, spoken commands", "This desktop", "Off by"))
        ]
        assert len(notes) == 3, "the dialog has its notes, the spoken commands' among them"
        for note in notes:
            drawn = QPalette.ColorGroup.Active if note.isEnabled() else QPalette.ColorGroup.Disabled
            colour = note.palette().color(drawn, note.foregroundRole())
            assert wcag(colour, window) >= 4.5, note.text()
            assert wcag(colour, window) < wcag(text, window), "a note is quieter than text"
    finally:
        app.setPalette(old)


def test_the_voice_tab_s_ranges_are_the_settings_limits(dialog, monkeypatch):
    from easeback.core import defaults

    checked = [
        (dialog.rate, defaults.RATE, 1),
        (dialog.volume, defaults.VOLUME, 100),
        (dialog.prepare, defaults.PREPARE_SECONDS, 1),
        (dialog.position_change, defaults.POSITION_CHANGE_SECONDS, 1),
    ]
    for widget, limit, scale in checked:
        assert (widget.minimum(), widget.maximum()) == (
            round(limit.low * scale),
            round(limit.high * scale),
        )
    # a changed limit moves the dialog with it: the range is read, not written twice
    monkeypatch.setattr(defaults, "PREPARE_SECONDS", defaults.Limit(10.0, 5.0, 45.0, "s"))
    again = SettingsDialog(Settings(), load_catalogue())
    assert (again.prepare.minimum(), again.prepare.maximum()) == (5, 45)
    again.deleteLater()


def rows(dialog) -> dict[str, str]:
    """The exercise's rows under the chooser: label text -> the value shown (a label's or
    a spin box's text, a list's current item)."""
    form = dialog._exercise_form
    found = {}
    for row in range(1, form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole).widget().text()
        field = form.itemAt(row, form.ItemRole.FieldRole).widget()
        found[label] = field.currentText() if isinstance(field, QComboBox) else field.text()
    return found


def show(dialog, exercise_id: str) -> dict[str, str]:
    dialog.exercise.setCurrentIndex(dialog.exercise.findData(exercise_id))
    return rows(dialog)


def test_a_figure_the_page_gives_once_is_shown_not_offered_as_a_choice(dialog):
    assert show(dialog, "bridge") == {
        "Reps per set:": "15 reps (set by the programme)",
        "Sets:": "3 (set by the programme)",
        "Rest between sets (60\u2013600 s):": "60 s",  # the page's minute, longer if wanted
    }
    assert dialog.reps_spin is None
    assert dialog.sets_spin is None
    to_chest = show(dialog, "seated-leg-to-chest")
    assert to_chest["Hold:"] == "120 s (set by the programme)"
    assert to_chest["Holds per side (1\u20135):"] == "1"
    lift = show(dialog, "glute-med-side-lying")
    assert lift["Reps per set (5\u201315):"] == "10 reps"
    assert lift["Sets:"] == "3 (set by the programme)"
    assert lift["Side first:"] == "Left"


def test_a_longer_rest_chosen_for_one_exercise_comes_back_in_the_settings(dialog):
    show(dialog, "bridge")
    assert dialog.rest_spin.minimum() == 60, "never shorter than the page's minute"
    dialog.rest_spin.setValue(90)
    show(dialog, "knee-to-chest")  # moving on keeps the choice
    assert show(dialog, "bridge")["Rest between sets (60\u2013600 s):"] == "90 s"
    result = dialog.result_settings()
    assert result.overrides["bridge"].rest_seconds == 90
    assert "knee-to-chest" not in result.overrides, "an untouched exercise keeps its values"


def cut_off(dialog) -> list[str]:
    """Texts of the shown tab that are narrower than they need: buttons, boxes, one-line labels."""
    shown = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisible()
        and (isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and not w.wordWrap()))
    ]
    return [w.text() for w in shown if w.sizeHint().width() > w.width()]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's, on show
def test_the_dialog_opens_wide_enough_for_every_tab(qtbot):
    window = QWidget()  # opened over the window, as the app opens it
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    dialog = SettingsDialog(Settings(), load_catalogue(), [], window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= dialog.minimumSizeHint().width()
    switch = dialog.listening.switch
    assert switch.sizeHint().width() <= switch.width(), "the spoken-commands switch reads whole"
    tabs = dialog.findChild(QTabWidget)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert cut_off(dialog) == [], tabs.tabText(index)
    for index in range(dialog.exercise.count()):  # the Exercises tab's rows change with it
        dialog.exercise.setCurrentIndex(index)
        QApplication.processEvents()
        assert cut_off(dialog) == [], dialog.exercise.currentText()


def test_the_volume_shows_its_value_and_the_voice_s_numbers_say_what_they_are(dialog):
    assert dialog.volume_value.text() == "100 %"
    dialog.volume.setValue(40)
    assert dialog.volume_value.text() == "40 %"
    assert dialog.volume.toolTip()
    assert dialog.rate.toolTip()


def test_the_exercise_chooser_has_a_label(dialog):
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.exercise]
    assert [label.text() for label in labels] == ["Exercise:"]


def test_ranges_read_with_an_en_dash(dialog):
    for index in range(dialog.exercise.count()):
        dialog.exercise.setCurrentIndex(index)
        for label in rows(dialog):
            assert not re.search(r"\d-\d", label), label


def test_held_exercises_count_holds_per_side_not_sets(dialog):
    assert "Holds per side (2\u20133):" in show(dialog, "knee-to-chest")
    assert "Holds per side (2\u20133):" in show(dialog, "lower-back-rotation")
    assert "Sets:" in show(dialog, "side-lying-hip-series"), "repeated reps come in sets"
    assert "Sets:" in show(dialog, "bridge")


def test_a_held_exercise_without_sides_counts_holds(qtbot):
    catalogue = load_catalogue()
    exercises = dict(catalogue.exercises)
    exercises["knee-to-chest"] = replace(exercises["knee-to-chest"], sides="none")
    one_sided = Catalogue(catalogue.version, exercises, catalogue.routines)
    dialog = SettingsDialog(Settings(), one_sided)
    qtbot.addWidget(dialog)
    assert "Holds (2\u20133):" in show(dialog, "knee-to-chest")


def test_ok_keeps_a_saved_voice_and_break_this_run_cannot_offer(qtbot):
    """The voice engine did not start (no voices listed) and the break routine came from a
    user catalogue skipped this run: changing something else must not drop them."""
    saved = Settings(voice="gmw/en-us", break_routine="my-desk-routine")
    made = SettingsDialog(saved, load_catalogue(), voices=[])
    qtbot.addWidget(made)
    assert made.voice.currentText() == "gmw/en-us (not available now)"
    made.rate.setValue(made.rate.value() + 10)
    result = made.result_settings()
    assert (result.voice, result.break_routine) == ("gmw/en-us", "my-desk-routine")
    assert result.rate == saved.rate + 10
