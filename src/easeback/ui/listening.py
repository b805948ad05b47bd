"""Spoken commands in the window: the listener driving the session, the settings row
(switch, level meter, test button) and the small "listening" mark of the session page.

``attach_listening(window, controller)`` wires it all once the window is up,
and publishes the session for media keys (``easeback.ui.mpris``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from easeback.core.cues import duration_words
from easeback.listen.commands import VoiceCommands
from easeback.listen.gate import MuteGate, phrase_seconds
from easeback.listen.grammar import PHRASES
from easeback.listen.microphone import Listener, MicrophoneUnavailable
from easeback.listen.recogniser import Heard, RecogniserUnavailable
from easeback.ui.theme import note_label

log = logging.getLogger(__name__)

TEST_SECONDS = 10  # how long the settings' test button listens

ListenerFactory = Callable[..., Listener]


def phrase_list() -> str:
    return "; ".join(f"{c}: " + ", ".join(f'"{p}"' for p in ps) for c, ps in PHRASES.items())


class _ControllerTarget:
    """The session controller as spoken commands see it (``easeback.listen.commands.Target``)."""

    def __init__(self, control: VoiceControl):
        self.control = control

    @property
    def state(self) -> str:
        return str(self.control.controller.state)

    def pause(self) -> bool:
        return bool(self.control.controller.pause())

    def resume(self) -> bool:
        c = self.control.controller
        return c.state == "paused" and bool(c.resume())

    def skip(self) -> bool:
        return bool(self.control.controller.skip())

    def back(self) -> bool:
        return bool(self.control.controller.back())

    def stop(self) -> bool:
        return bool(self.control.controller.stop())

    def repeat(self) -> bool:
        last = self.control.last_cue
        if last is None:
            return False
        self.say(last)
        return True

    def time_left(self) -> bool:
        snap = self.control.controller.snapshot()
        if snap is None:
            return False
        self.say(f"{duration_words(max(1.0, snap.phase_left))} left")
        return True

    def say(self, text: str) -> None:
        self.control.say(text)


class VoiceControl(QObject):
    """Listens while switched on and turns what it hears into session actions."""

    heard = Signal(object)  # Heard (from the listening thread)
    level = Signal(float)  # 0..1 (from the listening thread)
    problem = Signal(str)  # why listening stopped (from the listening thread)
    message = Signal(str)  # one line for the status bar
    # "off", "listening", or "failed" (switched on, but it could not listen) with why
    state_changed = Signal(str, str)

    def __init__(
        self,
        controller: Any,
        parent: QObject | None = None,
        *,
        listener_factory: ListenerFactory = Listener,
        clock: Callable[[], float] | None = None,
    ):
        super().__init__(parent)
        self.controller = controller
        self._clock = clock or controller.driver.clock
        self.gate = MuteGate(self._clock)
        self.commands = VoiceCommands(_ControllerTarget(self))
        self._listener_factory = listener_factory
        self.listener: Listener | None = None
        self.last_cue: str | None = None
        self.mpris: object = None  # the MPRIS player, when published
        self._state = ("off", "")
        self.state_changed.connect(self._remember)
        self.heard.connect(self.on_heard)
        self.problem.connect(self._on_problem)
        controller.spoken.connect(self.on_spoken)
        controller.played.connect(self.on_played)

    @property
    def on(self) -> bool:
        return self.listener is not None

    @property
    def state(self) -> tuple[str, str]:
        """What the session page's mark shows: as ``state_changed`` last said."""
        return self._state

    def _remember(self, state: str, why: str) -> None:
        self._state = (state, why)

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self.on:
            return
        if not enabled:
            self._stop()
            self.message.emit("Listening for spoken commands is off.")
            return
        listener = self._listener_factory(
            self.heard.emit,
            on_level=self.level.emit,
            on_problem=self.problem.emit,
            gate=self.gate,
            clock=self._clock,
        )
        try:
            listener.start()
        except (MicrophoneUnavailable, RecogniserUnavailable) as exc:
            self.state_changed.emit("failed", str(exc))
            self.message.emit(str(exc))
            return
        self.listener = listener
        self.state_changed.emit("listening", "")
        self.message.emit('Listening: say "pause", "go on", "next", "how long" or "stop".')

    def close(self) -> None:
        self._stop()

    def _stop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()
        self.state_changed.emit("off", "")

    # ------------------------------------------------------------------ events
    def on_spoken(self, text: str, due: float | None = None) -> None:
        """The controller handed ``text`` to the speaker: remember it, and do not hear it."""
        self.last_cue = text
        self._mute_for(text, due)

    def on_played(self, text: str, at: float) -> None:
        """The voice started ``text`` at ``at``. A cue may start up to STALE_AFTER after
        its moment (a slow render, a busy machine), later than the tail after its planned
        end: it is muted where it really plays too."""
        self._mute_for(text, at)

    def say(self, text: str) -> None:
        """Say an answer of our own (time left, the stop question), unheard by ourselves."""
        self._mute_for(text, None)
        self.controller.speaker.say(text)

    def _mute_for(self, text: str, due: float | None) -> None:
        from easeback.speech.speaker import SilentSpeaker

        if self.controller.muted or isinstance(self.controller.speaker, SilentSpeaker):
            return  # nothing will play
        seconds = phrase_seconds(self.controller.speaker, text, self.controller.settings.rate)
        self.gate.speaking(seconds, start=due)

    def on_heard(self, heard: Heard) -> None:
        done = self.commands.handle(heard.command)
        log.info("heard %r (%s): %s", heard.heard, heard.command, done or "nothing to do")
        if done:
            self.message.emit(f'Heard "{heard.heard}": {done}.')

    def _on_problem(self, text: str) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()
        self.state_changed.emit("failed", text)
        self.message.emit(text)


# ---------------------------------------------------------------------- widgets
class ListeningMark(QLabel):
    """A small mark on the session page: shown while listening for spoken commands is on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("● Listening", parent)
        self.setObjectName("listeningMark")
        self.setToolTip("Listening for spoken commands. " + phrase_list())
        self.setAccessibleName("Listening for spoken commands")
        self.setStyleSheet(
            "#listeningMark { color: palette(highlight); font-weight: 600; padding: 2px 8px;"
            " border: 1px solid palette(highlight); border-radius: 9px; }"
        )
        self.hide()

    def set_state(self, state: str, why: str = "") -> None:
        """Shown while listening; switched on but not listening, it says so, and why in
        its tooltip (a status-bar message is gone by the time one looks up from the mat)."""
        failed = state == "failed"
        self.setText("● Not listening" if failed else "● Listening")
        self.setToolTip(
            f"Spoken commands are on but cannot listen: {why}"
            if failed
            else "Listening for spoken commands. " + phrase_list()
        )
        self.setVisible(state in ("listening", "failed"))


class LevelMeter(QProgressBar):
    """The microphone's level, 0..1 (shows that the microphone hears the room)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setMaximumHeight(10)
        self.setAccessibleName("Microphone level")

    def show_level(self, level: float) -> None:
        self.setValue(round(100 * max(0.0, min(1.0, level))))


class ListeningSettings(QWidget):
    """The settings row: a switch, the level meter and a test button saying what it heard."""

    level = Signal(float)
    heard = Signal(object)
    problem = Signal(str)

    def __init__(
        self,
        enabled: bool,
        parent: QWidget | None = None,
        listener_factory: ListenerFactory = Listener,
    ):
        super().__init__(parent)
        self._listener_factory = listener_factory
        self._listener: Listener | None = None
        self._heard = ""
        self.switch = QCheckBox("Listen for spoken commands during a session")
        self.switch.setChecked(enabled)
        self.switch.setToolTip(phrase_list())
        self.meter = LevelMeter(self)
        self.test = QPushButton("&Test the microphone")
        self.test.setToolTip(f"Listens for {TEST_SECONDS} seconds and shows what it hears")
        self.result = note_label("Off by default. Nothing leaves this computer.")
        row = QHBoxLayout()
        row.addWidget(self.meter, 1)
        row.addWidget(self.test)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.stop_test)
        self.test.clicked.connect(self.start_test)
        self.level.connect(self.meter.show_level)
        self.heard.connect(self._show_heard)
        self.problem.connect(self._show_problem)

    def enabled(self) -> bool:
        return self.switch.isChecked()

    def start_test(self) -> None:
        self.stop_test()
        listener = self._listener_factory(
            self.heard.emit, on_level=self.level.emit, on_problem=self.problem.emit
        )
        try:
            listener.start()
        except (MicrophoneUnavailable, RecogniserUnavailable) as exc:
            self._show_problem(str(exc))
            return
        self._listener = listener
        self._heard = ""
        self.test.setEnabled(False)
        self.result.setText('Listening… say "pause" or "how long".')
        self._timer.start(TEST_SECONDS * 1000)

    def stop_test(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
        self._timer.stop()
        self.test.setEnabled(True)
        self.meter.show_level(0.0)

    def _show_heard(self, heard: Heard) -> None:
        self._heard = f'Heard "{heard.heard}" ({heard.command}).'
        self.result.setText(self._heard)

    def _show_problem(self, text: str) -> None:
        self.stop_test()
        self.result.setText(f"{self._heard}\n{text}" if self._heard else text)

    def hideEvent(self, event: Any) -> None:
        self.stop_test()
        super().hideEvent(event)


# ---------------------------------------------------------------------- wiring
def attach_listening(window: Any, controller: Any) -> VoiceControl:
    """Spoken commands (started when switched on in Settings) and media keys (MPRIS)."""
    from easeback.ui.mpris import publish

    control = VoiceControl(controller, window)
    control.message.connect(lambda text: window.show_message(text, 10000))
    window.follow_listening(control)  # the session page's mark, once that page is built
    controller.settings_changed.connect(lambda s: control.set_enabled(s.listening))
    control.set_enabled(controller.settings.listening)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(control.close)
    control.mpris = publish(controller, window, on_raise=window.show_window)
    return control
