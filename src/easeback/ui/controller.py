"""The session controller: owns the running Session, feeds the Speaker and the history.

Not a widget. Widgets ask it for a snapshot to draw and send it user intents.
The history subscribes to the session's typed events through ``record_to``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from easeback.core.catalogue import Catalogue
from easeback.core.cues import duration_words
from easeback.core.loading import Choices, plan_with
from easeback.core.plan import Plan
from easeback.core.session import (
    ClockJumped,
    CueDue,
    Event,
    Finished,
    Session,
    Snapshot,
)
from easeback.core.settings import Settings
from easeback.speech.protocol import Speaker
from easeback.ui.history_writer import HistoryWriter
from easeback.ui.timer import Driver

NO_CHOICES = Choices()  # a start with the settings alone (the library, a break)


class SessionController(QObject):
    started = Signal(object)  # Plan
    finished = Signal(bool)  # completed: every hold and rep block ran to its end
    recorded = Signal(object)  # the session's end is in the history: SessionRecord, or None
    message = Signal(str)  # something to show in the status bar
    problem = Signal(str)  # the history cannot be written: true until a session is again
    spoken = Signal(str, float)  # a cue handed to the speaker, and when it is due (listening mutes)
    played = Signal(str, float)  # a phrase the voice started, and when: up to STALE_AFTER late
    settings_changed = Signal(object)  # Settings, after apply_settings

    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        speaker: Speaker,
        driver: Driver,
        wall_clock: Callable[[], float] | None = time.time,
        parent: QObject | None = None,
        speaker_factory: Callable[[Settings], Speaker] | None = None,
    ):
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.speaker = speaker
        self._speaker_factory = speaker_factory
        self.driver = driver
        self._wall = wall_clock
        self.session: Session | None = None
        self.choices = NO_CHOICES  # the session's own choices: "Do it again" keeps them
        self.muted = settings.muted
        self.speaker.set_muted(self.muted)
        driver.events.connect(self._on_events)
        self.history_writer: HistoryWriter | None = None
        self._told: set[str] = set()

    # ------------------------------------------------------------------ reading
    @property
    def plan(self) -> Plan | None:
        return self.session.plan if self.session else None

    def snapshot(self) -> Snapshot | None:
        return self.session.snapshot(self.driver.clock()) if self.session else None

    @property
    def state(self) -> str:
        return self.session.state if self.session else "idle"

    @property
    def active(self) -> bool:
        return self.state in ("running", "paused")

    # ------------------------------------------------------------------ intents
    def start(self, item_id: str, plan: Plan | None = None, choices: Choices = NO_CHOICES) -> Plan:
        """Compile ``item_id`` with the current settings and ``choices`` (``easeback run
        ID --reps N``) and start it (raises PlanError).

        ``plan`` starts an already compiled plan instead; ``choices`` are still kept,
        so that "Do it again" runs it with them.
        """
        if plan is None:
            plan = plan_with(self.catalogue, self.settings, item_id, choices)
        self.choices = choices
        if self.active:
            self.stop()
        self.session = Session(plan, self.driver.clock, wall_clock=self._wall)
        self.speaker.prepare(plan.texts())
        self.driver.attach(self.session)
        self.started.emit(plan)
        self.driver.start()
        return plan

    def settle_choice(self, exercise_id: str, field: str) -> None:
        """A value of ``exercise_id`` was chosen in the settings (an offer accepted): the
        session's own choice of that ``field`` ("reps", "hold_seconds", "sets") gives
        way, so "Do it again" runs the value chosen last."""
        if self.plan is not None and self.plan.id == exercise_id:
            self.choices = replace(self.choices, **{field: None})

    def toggle(self) -> bool:
        return self.driver.toggle()

    def pause(self) -> bool:
        return self.driver.pause()

    def resume(self) -> bool:
        return self.driver.resume()

    def skip(self) -> bool:
        self.speaker.stop()
        return self.driver.skip()

    def back(self) -> bool:
        self.speaker.stop()
        return self.driver.back()

    def stop(self) -> bool:
        self.speaker.stop()
        return self.driver.stop()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.speaker.set_muted(muted)
        if muted:
            self.speaker.stop()

    def apply_settings(self, settings: Settings) -> None:
        """New settings apply to the next plan (the running one keeps its timing).

        A speaker renders with the voice, rate and volume it was made with, so a
        change to any of them replaces it; mute applies at once.
        """
        voice = (settings.voice, settings.rate, settings.volume)
        old_voice = (self.settings.voice, self.settings.rate, self.settings.volume)
        self.settings = settings
        if voice != old_voice and self._speaker_factory is not None:
            self.replace_speaker(self._speaker_factory(settings))
        self.set_muted(settings.muted)
        self.settings_changed.emit(settings)

    def replace_speaker(self, speaker: Speaker) -> None:
        """Hand the voice over to ``speaker`` (muted as the old one, the session's phrases
        prepared) and close the old one."""
        old, self.speaker = self.speaker, speaker
        old.close()
        speaker.set_muted(self.muted)
        if self.session is not None:
            speaker.prepare(self.session.plan.texts())

    def record_to(self, writer: HistoryWriter) -> None:
        """Write every session to the history through ``writer``, off this thread."""
        self.history_writer = writer
        self.driver.events.connect(writer.feed)
        writer.saved.connect(self.recorded)
        writer.problem.connect(self._tell_once)
        writer.problem.connect(self.problem)

    def close(self) -> None:
        """Quitting: the history gets what is still queued (for a bounded time)."""
        if self.history_writer is not None:
            self.history_writer.close()

    # ------------------------------------------------------------------ events
    def _tell_once(self, text: str) -> None:
        if text not in self._told:
            self._told.add(text)
            self.message.emit(text)

    def _on_events(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, CueDue):
                if not event.stale:
                    due = self.driver.clock() - event.late
                    self.speaker.say(event.cue.text, due=due)
                    self.spoken.emit(event.cue.text, due)
            elif isinstance(event, ClockJumped):
                self.speaker.stop()
                self.message.emit(
                    f"Paused: the clock jumped {duration_words(event.gap)} (the computer slept?). "
                    "Press Space to go on."
                )
            elif isinstance(event, Finished):
                self.finished.emit(event.completed)
