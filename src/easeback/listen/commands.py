"""What a spoken command does to the session, including the two-step "stop".

"stop" pauses and asks "Say stop again to end"; a second "stop" ends the
session, anything else heard resumes it. Commands heard while no session runs
do nothing.
"""

from __future__ import annotations

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
        if t.state not in ("running", "paused"):
            self.awaiting_stop = False
            return None
        if self.awaiting_stop and t.state != "paused":
            # resumed another way (a key, a headset button): the question has lapsed
            self.awaiting_stop = False
        if self.awaiting_stop:
            self.awaiting_stop = False
            if command == "stop":
                t.stop()
                return "Stopped"
            t.resume()
            return "Going on"
        if command == "stop":
            if t.state == "running":
                t.pause()
            self.awaiting_stop = True
            t.say(CONFIRM_STOP)
            return "Paused: say stop again to end"
        if command == "pause":
            return "Paused" if t.pause() else None
        if command == "resume":
            return "Going on" if t.resume() else None
        if command == "next":
            return "Skipped" if t.skip() else None
        if command == "back":
            return "Back" if t.back() else None
        if command == "repeat":
            return "Repeated" if t.repeat() else None
        if command == "time-left":
            return "Time left" if t.time_left() else None
        return None
