"""What a spoken command does to the session, including the two-step "stop".

"stop" pauses and asks "Say stop again to end"; a second "stop" ends the
session, anything else heard resumes it. Commands heard while no session runs
do nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from easeback.listen.grammar import Command

CONFIRM_STOP = "Say stop again to end"


class Target(Protocol):
    """The session as spoken commands see it."""

    @property
    def state(self) -> str:
        """ "idle", "running", "paused" or "finished"."""

    def pause(self) -> bool: ...
    def resume(self) -> bool: ...
    def skip(self) -> bool: ...
    def back(self) -> bool: ...
    def stop(self) -> bool: ...
    def repeat(self) -> bool:
        """Say the last cue again."""

    def time_left(self) -> bool:
        """Say the time left in the phase."""

    def say(self, text: str) -> None: ...


class VoiceCommands:
    def __init__(self, target: Target):
        self.target = target
        self.awaiting_stop = False

    def handle(self, command: Command) -> str | None:
        """Do ``command``; returns what was done (for the status line), or None."""
        t = self.target
        if t.state != "paused":  # ended, or resumed another way (a key, a headset button)
            self.awaiting_stop = False
        if t.state not in ("running", "paused"):
            return None
        if self.awaiting_stop:
            return self._answer(command)
        if command == "stop":
            return self._ask_to_stop()
        action, done = SIMPLE[command]
        return done if action(t) else None

    def _answer(self, command: Command) -> str:
        """The answer to "say stop again": stop ends the session, anything else goes on."""
        self.awaiting_stop = False
        if command == "stop":
            self.target.stop()
            return "Stopped"
        self.target.resume()
        return "Going on"

    def _ask_to_stop(self) -> str:
        if self.target.state == "running":
            self.target.pause()
        self.awaiting_stop = True
        self.target.say(CONFIRM_STOP)
        return "Paused: say stop again to end"


#: The commands done at once: what each does to the session, and what is said it did.
SIMPLE: dict[Command, tuple[Callable[[Target], bool], str]] = {
    "pause": (lambda t: t.pause(), "Paused"),
    "resume": (lambda t: t.resume(), "Going on"),
    "next": (lambda t: t.skip(), "Skipped"),
    "back": (lambda t: t.back(), "Back"),
    "repeat": (lambda t: t.repeat(), "Repeated"),
    "time-left": (lambda t: t.time_left(), "Time left"),
}
