"""Break reminders as desktop notifications, and the optional chime.

Where the session bus has ``org.freedesktop.Notifications`` and its capabilities
include "actions", a reminder is a notification with Start, Snooze and Skip
buttons; ``ActionInvoked`` reports the one pressed (``answered``), and clicking
the notification itself (the "default" action) asks for the reminder window.
A new reminder, or what an answer did ("Snoozed until 10:35"), replaces the
notification shown, so there is never more than one. Elsewhere ``create_notifier``
returns None and the reminder is the small window, or the tray's message.
Calls go out typed through ``SessionCalls`` (easeback.ui.bus_calls); the signals
come in through QtDBus.

The chime is a short sound file (resources/sounds/chime.wav) played through the
same kind of player as the voice (easeback.speech.player).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from easeback import APP_ID, APP_NAME
from easeback.core import resources
from easeback.ui.bus_calls import SessionCalls, first_value

if TYPE_CHECKING:
    from easeback.speech.player import Player

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = SERVICE
CHIME = "sounds/chime.wav"
CHIME_SECONDS = 0.6  # the chime's length and a breath: the spoken reminder follows it


def capabilities(bus: QDBusConnection) -> list[str] | None:
    """The notification service's capabilities, or None where there is none.

    A call without arguments, so QtDBus makes it (``first_value``): jeepney, for the
    typed calls, loads only when a reminder is shown, not at every start."""
    found = first_value(bus, (SERVICE, PATH, INTERFACE, "GetCapabilities"))
    return None if found is None else [str(c) for c in cast(Iterable[object], found)]


class Notifier(QObject):
    """One reminder notification at a time, with Start, Snooze and Skip."""

    answered = Signal(str)  # "start", "snooze" or "skip"
    opened = Signal()  # the notification itself was clicked
    dismissed = Signal()  # closed without an answer (expired or dismissed)

    def __init__(self, bus: QDBusConnection, calls: SessionCalls, parent: QObject | None = None):
        super().__init__(parent)
        self._calls = calls
        self.current = 0  # the id of the notification shown, 0 when none
        self._asking = False  # the one shown has the buttons
        for signal, slot in (
            ("ActionInvoked", "_action(uint,QString)"),
            ("NotificationClosed", "_closed(uint,uint)"),
        ):
            # the stubs want bytes; PySide6 takes the str that SLOT() gives
            bus.connect("", PATH, INTERFACE, signal, self, SLOT(slot))  # type: ignore[call-overload]

    def ask(self, title: str, body: str, snooze_minutes: float) -> bool:
        """Show the reminder with its buttons; False when the service refused it."""
        actions = [
            "default",
            "Open",
            "start",
            "Start the break",
            "snooze",
            f"Snooze {snooze_minutes:g} min",
            "skip",
            "Skip",
        ]
        self._asking = True
        return self._notify(title, body, actions, timeout_ms=0)

    def tell(self, title: str, body: str) -> bool:
        """Replace the reminder (if shown) with a plain note of what happened."""
        self._asking = False
        return self._notify(title, body, [], timeout_ms=8000)

    def withdraw(self) -> None:
        """Take the reminder away (the break was answered elsewhere, or went away)."""
        if not self.current or not self._asking:
            return
        number, self.current, self._asking = self.current, 0, False
        self._calls.call(SERVICE, PATH, INTERFACE, "CloseNotification", "u", number)

    def _notify(self, title: str, body: str, actions: list[str], timeout_ms: int) -> bool:
        hints = {"desktop-entry": ("s", APP_ID)}  # the desktop shows our name and icon with it
        reply = self._calls.call(
            SERVICE,
            PATH,
            INTERFACE,
            "Notify",
            "susssasa{sv}i",
            APP_NAME,
            self.current,  # replaced, so there is one notification at a time
            APP_ID,
            title,
            body,
            actions,
            hints,
            timeout_ms,
        )
        if not reply or not reply[0]:
            log.warning("the desktop did not show the reminder as a notification")
            self.current = 0
            return False
        self.current = int(reply[0])
        return True

    @Slot("uint", str)
    def _action(self, number: int, key: str) -> None:
        if number != self.current or not self._asking:
            return  # another application's notification, or an old one of ours
        if key == "default":
            self.opened.emit()
            return
        if key in ("start", "snooze", "skip"):
            self._asking = False
            self.answered.emit(key)

    @Slot("uint", "uint")
    def _closed(self, number: int, reason: int) -> None:
        if number != self.current:
            return
        was_asking = self._asking
        self.current, self._asking = 0, False
        if was_asking:
            self.dismissed.emit()


def create_notifier(
    bus: QDBusConnection | None = None, calls: SessionCalls | None = None
) -> Notifier | None:
    """A notifier where the desktop's notifications have buttons, else None."""
    bus = bus if bus is not None else QDBusConnection.sessionBus()
    found = capabilities(bus)
    if found is None or "actions" not in found:
        return None
    return Notifier(bus, calls if calls is not None else SessionCalls())


class Chime:
    """The short sound before a reminder; the player is found on first use."""

    def __init__(self, path: Path | None = None):
        self.path = path or resources.resource(CHIME)
        self.problem: str | None = None
        self._player: Player | None = None

    def play(self) -> bool:
        """Start the chime; False (and ``problem`` says why) where it cannot play."""
        from easeback.speech.player import choose_player, no_player_message

        if not self.path.is_file():
            self.problem = f"The chime {self.path} is missing."
            return False
        if self._player is None:
            self._player = choose_player(on_failure=self._failed)
            if self._player is None:
                self.problem = no_player_message()
                return False
        self._player.play(self.path)
        return True

    def _failed(self, message: str) -> None:
        self.problem = message

    def close(self) -> None:
        if self._player is not None:
            self._player.close()
            self._player = None
