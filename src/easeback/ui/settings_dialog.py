"""Settings: voice, timing, per-exercise choices (within each range) and reminders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from easeback.core import defaults
from easeback.core.catalogue import Catalogue, Exercise, Range
from easeback.core.plan import ExerciseOverride, rest_allowed
from easeback.core.settings import Settings
from easeback.ui import autostart, idle
from easeback.ui.listening import ListeningSettings
from easeback.ui.theme import note_label

VERBOSITY_CHOICES = (
    ("full", "Every cue"),
    ("counts", "Counts only"),
    ("silent", "Silent (screen only)"),
)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _minutes(limit: defaults.Limit, value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(limit.low, limit.high)
    spin.setDecimals(0)
    spin.setSuffix(" min")
    spin.setValue(value)
    return spin


def _fixed(value: str) -> QLabel:
    """A figure the exercise's source page gives as one number: shown, not a choice."""
    label = QLabel(f"{value} (set by the programme)")
    label.setToolTip("The exercise's source gives this one figure, so it is not a choice")
    return label


def _programme_level(ex: Exercise) -> tuple[int | None, float | None]:
    """The reps and the hold the exercise runs at by its programme (the first movement
    that has them): what a choice is shown against and stored apart from."""
    reps = next((m.reps for m in ex.movements if m.reps is not None), None)
    hold = next((m.hold_seconds for m in ex.movements if m.hold_seconds is not None), None)
    return reps, hold


def _percent(value: int) -> str:
    """The volume as its label shows it (and as wide as the label is made)."""
    return f"{value} %"


def _choose(box: QComboBox, saved: str | None) -> None:
    """Select ``saved``; a saved choice this run cannot offer (the voice engine did not
    start, a user catalogue was skipped) stays, marked, so OK does not replace it."""
    index = box.findData(saved)
    if index < 0 and saved is not None:
        box.addItem(f"{saved} (not available now)", saved)
        index = box.count() - 1
    box.setCurrentIndex(max(0, index))


def _span(rng: Range) -> str:
    """A range as a label shows it, with an en dash: "5\u201315"."""
    return f"{rng.min:g}\u2013{rng.max:g}"


def _sets_label(ex: Exercise) -> str:
    """What a user counts as a set. Where nothing is repeated, a set is one hold, on each
    side where there are sides: knee-to-chest's three sets are three holds per leg."""
    if ex.has_reps or not ex.has_holds:
        return "Sets"
    return "Holds" if ex.sides == "none" else "Holds per side"


def _spin(rng: Range, value: float, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(int(rng.min), int(rng.max))
    spin.setValue(int(value))
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        catalogue: Catalogue,
        voices: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Settings · Easeback")
        self._settings = settings
        self._catalogue = catalogue
        self._overrides: dict[str, ExerciseOverride] = dict(settings.overrides)
        tabs = QTabWidget(self)
        tabs.addTab(self._voice_tab(voices), "&Voice")
        tabs.addTab(self._exercise_tab(), "&Exercises")
        tabs.addTab(self._reminder_tab(), "&Reminders")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = note_label(
            "The voice, spoken commands and break reminders change at once; cues, get-ready "
            "times and exercise choices from the next exercise you start.",
            self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(note)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ tabs
    def _voice_tab(self, voices: Sequence[tuple[str, str]]) -> QWidget:
        s = self._settings
        page = QWidget()
        form = QFormLayout(page)
        self.voice = QComboBox()
        self.voice.addItem("System default", None)
        for voice_id, name in voices:
            self.voice.addItem(name, voice_id)
        _choose(self.voice, s.voice)
        self.voice.setToolTip("The voice that says the cues (see also: easeback voices)")
        self.rate = QSpinBox()
        self.rate.setRange(int(defaults.RATE.low), int(defaults.RATE.high))
        self.rate.setSingleStep(10)
        self.rate.setSuffix(" words/min")
        self.rate.setValue(s.rate)
        self.rate.setToolTip("How fast the voice speaks the cues")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(round(defaults.VOLUME.low * 100), round(defaults.VOLUME.high * 100))
        self.volume.setValue(round(s.volume * 100))
        self.volume.setToolTip("How loud the voice is, as a share of the system's volume")
        self.volume.setAccessibleName("Volume")  # the form's label has no buddy beside a row
        self.volume_value = QLabel(_percent(self.volume.value()))
        # as wide as the widest value, so the slider does not shift as the number changes
        self.volume_value.setMinimumWidth(
            self.volume_value.fontMetrics().horizontalAdvance(_percent(self.volume.maximum()))
        )
        self.volume_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.volume.valueChanged.connect(lambda value: self.volume_value.setText(_percent(value)))
        volume = QHBoxLayout()
        volume.addWidget(self.volume, 1)
        volume.addWidget(self.volume_value)
        self.muted = QCheckBox("Mute the voice (M during a session)")
        self.muted.setChecked(s.muted)
        self.verbosity = QComboBox()
        for key, label in VERBOSITY_CHOICES:
            self.verbosity.addItem(label, key)
        self.verbosity.setCurrentIndex(max(0, self.verbosity.findData(s.verbosity)))
        self.verbosity.setToolTip("Counts only keeps the rep counts, the 3-2-1 and the safety line")
        self.prepare = QSpinBox()
        self.prepare.setRange(int(defaults.PREPARE_SECONDS.low), int(defaults.PREPARE_SECONDS.high))
        self.prepare.setSuffix(" s")
        self.prepare.setValue(round(s.prepare_seconds))
        self.prepare.setToolTip("Time to get into position before each exercise")
        self.position_change = QSpinBox()
        self.position_change.setRange(
            int(defaults.POSITION_CHANGE_SECONDS.low), int(defaults.POSITION_CHANGE_SECONDS.high)
        )
        self.position_change.setSuffix(" s")
        self.position_change.setValue(round(s.position_change_seconds))
        form.addRow("Voice:", self.voice)
        form.addRow("Speaking rate:", self.rate)
        form.addRow("Volume:", volume)
        form.addRow("", self.muted)
        form.addRow("Cues:", self.verbosity)
        form.addRow("Get ready:", self.prepare)
        form.addRow("Get ready after a change of position:", self.position_change)
        self.listening = ListeningSettings(s.listening)
        form.addRow("Spoken commands:", self.listening)
        return page

    def _exercise_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.exercise = QComboBox()
        for ex in self._catalogue.exercises.values():
            self.exercise.addItem(ex.name, ex.id)
        self._exercise_form = QFormLayout()  # the chooser, then the chosen exercise's rows
        self._exercise_form.addRow("Exercise:", self.exercise)
        layout.addLayout(self._exercise_form)
        reset = self._reset = QPushButton("Use the programme's values")
        reset.setToolTip("Forget your choices for this exercise")
        reset.clicked.connect(self._reset_exercise)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(reset)
        layout.addLayout(row)
        layout.addStretch(1)
        self.exercise.currentIndexChanged.connect(self._show_exercise)
        self._current_exercise: str | None = None
        self._show_exercise()
        return page

    def _exercise_obj(self) -> Exercise:
        return self._catalogue.exercises[self.exercise.currentData()]

    def _show_exercise(self) -> None:
        """The chosen exercise's rows: a field for each figure its page lets one choose,
        the figure itself for one the page sets."""
        self._store_exercise()
        while self._exercise_form.rowCount() > 1:  # all but the chooser
            self._exercise_form.removeRow(1)
        ex = self._exercise_obj()
        self._current_exercise = ex.id
        ov = self._overrides.get(ex.id, ExerciseOverride())
        default_reps, default_hold = _programme_level(ex)
        self.reps_spin = self._figure_row(
            "Reps per set",
            ex.reps_range if ex.has_reps else None,
            ov.reps or default_reps or 1,
            default_reps,
            " reps",
        )
        self.hold_spin = self._figure_row(
            "Hold",
            ex.hold_range if ex.has_holds else None,
            ov.hold_seconds or default_hold or 1,
            default_hold,
            " s",
        )
        self.sets_spin = self._figure_row(
            _sets_label(ex), ex.sets_range, ov.sets or ex.sets, ex.sets, ""
        )
        if self.sets_spin is not None and _sets_label(ex) != "Sets":
            self.sets_spin.setToolTip("The session page shows them as sets: Set 1 of 3")
        self.rest_spin = None
        if max(ex.sets, ex.sets_range.max if ex.sets_range else 1) > 1:
            allowed = rest_allowed(ex)  # the page's rest may be made longer, not shorter
            rest = ex.rest_between_sets_seconds if ov.rest_seconds is None else ov.rest_seconds
            self.rest_spin = _spin(allowed, rest, " s")
            self._exercise_form.addRow(f"Rest between sets ({_span(allowed)} s):", self.rest_spin)
        self.side_combo = None
        if ex.sides != "none":
            self.side_combo = QComboBox()
            self.side_combo.addItem("Left", "left")
            self.side_combo.addItem("Right", "right")
            self.side_combo.setCurrentIndex(0 if (ov.first_side or ex.first_side) == "left" else 1)
            self.side_combo.setToolTip("The side the exercise starts with")
            self._exercise_form.addRow("Side first:", self.side_combo)
        # The rows are made after the button below them: Tab would go to the button first.
        fields = [self.reps_spin, self.hold_spin, self.sets_spin, self.rest_spin, self.side_combo]
        chain = [self.exercise, *(f for f in fields if f is not None), self._reset]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _figure_row(
        self, label: str, allowed: Range | None, value: float, fixed: float | None, unit: str
    ) -> QSpinBox | None:
        """A field within the page's range (``allowed``) for ``value``; without a range,
        the ``fixed`` figure as text "(set by the programme)", or no row when there is none."""
        if allowed is not None:
            spin = _spin(allowed, value, unit)
            span = f"{_span(allowed)}{' s' if unit == ' s' else ''}"
            self._exercise_form.addRow(f"{label} ({span}):", spin)
            return spin
        if fixed is not None:
            self._exercise_form.addRow(f"{label}:", _fixed(f"{fixed:g}{unit}"))
        return None

    def _store_exercise(self) -> None:
        ex_id = getattr(self, "_current_exercise", None)
        if ex_id is None:
            return
        ex = self._catalogue.exercises[ex_id]
        first_reps, first_hold = _programme_level(ex)
        reps = self.reps_spin.value() if self.reps_spin else None
        hold = float(self.hold_spin.value()) if self.hold_spin else None
        sets = self.sets_spin.value() if self.sets_spin else None
        rest = float(self.rest_spin.value()) if self.rest_spin else None
        side = self.side_combo.currentData() if self.side_combo else None
        override = ExerciseOverride(
            reps=reps if reps != first_reps else None,
            hold_seconds=hold if hold != first_hold else None,
            sets=sets if sets != ex.sets else None,
            first_side=side if side != ex.first_side else None,
            rest_seconds=(
                (rest if rest != ex.rest_between_sets_seconds else None)
                if self.rest_spin
                else self._overrides.get(ex_id, ExerciseOverride()).rest_seconds
            ),
        )
        if override.to_dict():
            self._overrides[ex_id] = override
        else:
            self._overrides.pop(ex_id, None)

    def _reset_exercise(self) -> None:
        ex_id = self.exercise.currentData()
        self._overrides.pop(ex_id, None)
        self._current_exercise = None
        self._show_exercise()

    def _reminder_tab(self) -> QWidget:
        """When reminders come, what time away counts, and how a reminder arrives."""
        s = self._settings
        page = QWidget()
        column = QVBoxLayout(page)
        self.reminders = QCheckBox("Remind me to take a stretch break")
        self.reminders.setChecked(s.reminders_enabled)
        column.addWidget(self.reminders)

        when = QGroupBox("When")
        form = QFormLayout(when)
        self.interval = _minutes(defaults.REMIND_EVERY_MINUTES, s.remind_every_minutes)
        self.snooze = _minutes(defaults.SNOOZE_MINUTES, s.snooze_minutes)
        self.snooze.setToolTip("How long Snooze puts a break off")
        self.working_hours = QCheckBox("Only during working hours")
        self.working_hours.setChecked(s.working_hours_only)
        self.work_start = QTimeEdit(QTime.fromString(s.working_start, "HH:mm"))
        self.work_end = QTimeEdit(QTime.fromString(s.working_end, "HH:mm"))
        for edit in (self.work_start, self.work_end):
            edit.setDisplayFormat("HH:mm")
        # both sit in the row "Hours:" of the group "When": say which is which
        self.work_start.setAccessibleName("Working hours from")
        self.work_end.setAccessibleName("Working hours to")
        hours = QHBoxLayout()
        hours.addWidget(self.work_start)
        self._hours_to = QLabel("to")
        hours.addWidget(self._hours_to)
        hours.addWidget(self.work_end)
        hours.addStretch(1)
        days = QHBoxLayout()
        self.days: list[QCheckBox] = []
        for number, name in enumerate(DAY_NAMES):
            box = QCheckBox(name)
            box.setChecked(number in s.working_days)
            days.addWidget(box)
            self.days.append(box)
        form.addRow("Every:", self.interval)
        form.addRow("Snooze for:", self.snooze)
        form.addRow(self.working_hours)
        form.addRow("Hours:", hours)
        form.addRow("Days:", days)
        self._working_fields: list[QWidget] = [
            self.work_start,
            self._hours_to,
            self.work_end,
            *self.days,
            *(form.labelForField(row) for row in (hours, days)),
        ]
        column.addWidget(when)

        away = QGroupBox("Away from the desk")
        form = QFormLayout(away)
        self.away = _minutes(defaults.AWAY_MINUTES, s.away_minutes)
        self.away.setToolTip("No reminder comes while you are away; a lock screen counts too")
        form.addRow("Time away that counts as a break:", self.away)
        self.idle_note = note_label(idle.problem() or "", away)
        self.idle_note.setVisible(bool(idle.problem()))  # said here, once, where it matters
        form.addRow(self.idle_note)
        column.addWidget(away)

        how = QGroupBox("How a reminder comes")
        form = QFormLayout(how)
        self.break_routine = QComboBox()
        for item_id in self._catalogue.ids():
            kind = self._catalogue.kind_of(item_id)
            name = (
                self._catalogue.routines[item_id].name
                if kind == "routine"
                else self._catalogue.exercises[item_id].name
            )
            self.break_routine.addItem(name, item_id)
        _choose(self.break_routine, s.break_routine)
        self.notifications = QCheckBox("As a desktop notification with Start, Snooze and Skip")
        self.notifications.setChecked(s.notifications)
        self.notifications.setToolTip("Where the desktop has none, a small window asks instead")
        self.speak_reminder = QCheckBox("Say \u201ctime for a stretch break\u201d out loud")
        self.speak_reminder.setChecked(s.speak_reminder)
        self.chime = QCheckBox("Play a chime first")
        self.chime.setChecked(s.chime)
        form.addRow("Break:", self.break_routine)
        form.addRow(self.notifications)
        form.addRow(self.speak_reminder)
        form.addRow(self.chime)
        column.addWidget(how)

        self.autostart = QCheckBox("Start Easeback at login, in the tray")
        self.autostart.setToolTip("So the break reminders run without opening the window")
        if autostart.supported():
            self.autostart.setChecked(autostart.is_enabled())  # the file is the truth
        else:
            self.autostart.setEnabled(False)
            self.autostart.setToolTip(autostart.UNSUPPORTED)
        column.addWidget(self.autostart)
        column.addStretch(1)
        self._reminder_groups = [when, away, how]
        self.reminders.toggled.connect(self._follow_switches)
        self.working_hours.toggled.connect(self._follow_switches)
        self._follow_switches()
        return page

    def _follow_switches(self) -> None:
        """Options that do nothing as things are set are shown disabled."""
        on = self.reminders.isChecked()
        for group in self._reminder_groups:
            group.setEnabled(on)
        for field in self._working_fields:
            field.setEnabled(self.working_hours.isChecked())

    # ------------------------------------------------------------------ result
    def result_settings(self) -> Settings:
        self._store_exercise()
        return replace(
            self._settings,
            voice=self.voice.currentData(),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
            muted=self.muted.isChecked(),
            listening=self.listening.enabled(),
            verbosity=self.verbosity.currentData(),
            prepare_seconds=float(self.prepare.value()),
            position_change_seconds=float(self.position_change.value()),
            overrides=dict(self._overrides),
            reminders_enabled=self.reminders.isChecked(),
            remind_every_minutes=float(self.interval.value()),
            snooze_minutes=float(self.snooze.value()),
            away_minutes=float(self.away.value()),
            notifications=self.notifications.isChecked(),
            chime=self.chime.isChecked(),
            break_routine=self.break_routine.currentData(),
            speak_reminder=self.speak_reminder.isChecked(),
            working_hours_only=self.working_hours.isChecked(),
            working_start=self.work_start.time().toString("HH:mm"),
            working_end=self.work_end.time().toString("HH:mm"),
            working_days=tuple(i for i, box in enumerate(self.days) if box.isChecked()),
            autostart=self.autostart.isChecked(),
        )


def edit_settings(
    parent: QWidget,
    settings: Settings,
    catalogue: Catalogue,
    voices: Sequence[tuple[str, str]],
    tell: Callable[[str, int], None],
) -> Settings | None:
    """The dialog, and login autostart switched as chosen; None when cancelled.

    Where autostart cannot be switched, ``tell`` says why and the result keeps it as it is.
    """
    dialog = SettingsDialog(settings, catalogue, voices, parent)
    if dialog.exec() != SettingsDialog.DialogCode.Accepted:
        return None
    chosen = dialog.result_settings()
    if dialog.autostart.isEnabled() and chosen.autostart != autostart.is_enabled():
        problem = autostart.set_enabled(chosen.autostart)
        if problem:
            tell(problem, 20000)
            chosen = replace(chosen, autostart=autostart.is_enabled())
    return chosen
