"""The screen stays on while a session runs.

A person lying on the floor follows the voice and touches nothing for many minutes,
so the desktop would dim, blank and lock the screen over the exercise. While a
session runs (not while it is paused) Easeback asks the desktop to stay awake,
through the first of these that answers:

1. GNOME's ``org.gnome.SessionManager.Inhibit`` (also MATE's and Cinnamon's session
   managers), for idling and for logging out: the log-out dialog then names the
   session and asks before ending it;
2. ``org.freedesktop.ScreenSaver.Inhibit`` (KDE, LXQt, XFCE with its screensaver);
3. ``org.freedesktop.PowerManagement.Inhibit`` (XFCE's power manager, which then
   keeps the display on and tells the screensaver to wait);
4. on X11, the screensaver extension (``XScreenSaverSuspend``), for a window
   manager with no desktop services.

Each answers at once whether it holds. (The desktop portal's Inhibit answers before
its backend has tried, and says only later, by a signal, that it failed.) The
desktop drops the request by itself if Easeback ends without a word. Where nothing
answers, the screen blanks as it always would; the session goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject

from easeback import APP_ID, APP_NAME
from easeback.ui.bus_calls import SessionCalls
from easeback.ui.idle import XssIdleSource

log = logging.getLogger(__name__)

REASON = "An exercise session is running"
GNOME_LOGOUT, GNOME_IDLE = 1, 8  # org.gnome.SessionManager's flags: what is held back


class Inhibitor(Protocol):
    name: str

    def hold(self) -> bool:
        """Ask the desktop to stay awake; False where this way is not available."""

    def release(self) -> None:
        """Let the desktop idle again."""


@dataclass(frozen=True)
class CookieService:
    """A D-Bus service whose ``Inhibit`` returns a cookie that ``release`` takes back."""

    name: str
    path: str
    signature: str  # of Inhibit's arguments
    arguments: tuple[Any, ...]
    release: str  # the method that takes the cookie back
    interface: str = ""  # of Inhibit and the release; empty: the same as the name


GNOME_SESSION = CookieService(
    "org.gnome.SessionManager",
    "/org/gnome/SessionManager",
    "susu",
    (APP_ID, 0, REASON, GNOME_IDLE | GNOME_LOGOUT),  # 0: no window of ours in particular
    "Uninhibit",
)
SCREENSAVER = CookieService(
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "ss",
    (APP_NAME, REASON),
    "UnInhibit",
)
POWER_MANAGEMENT = CookieService(
    "org.freedesktop.PowerManagement",
    "/org/freedesktop/PowerManagement/Inhibit",
    "ss",
    (APP_NAME, REASON),
    "UnInhibit",
    interface="org.freedesktop.PowerManagement.Inhibit",
)


class CookieInhibitor:
    def __init__(self, calls: SessionCalls, service: CookieService):
        self._calls = calls
        self._service = service
        self.name = service.name
        self._cookie: int | None = None

    def _call(self, method: str, signature: str, *arguments: Any) -> tuple[Any, ...] | None:
        service = self._service
        interface = service.interface or service.name
        call = self._calls.call
        return call(service.name, service.path, interface, method, signature, *arguments)

    def hold(self) -> bool:
        reply = self._call("Inhibit", self._service.signature, *self._service.arguments)
        if not reply:
            return False
        self._cookie = int(reply[0])
        return True

    def release(self) -> None:
        if self._cookie is not None:
            self._call(self._service.release, "u", self._cookie)
            self._cookie = None


class XssInhibitor:
    name = "the X11 screensaver extension"

    def __init__(self, source: XssIdleSource | None = None):
        self._source = source

    def hold(self) -> bool:
        self._source = self._source or XssIdleSource()
        return self._source.suspend(True)

    def release(self) -> None:
        if self._source is not None:
            self._source.suspend(False)


def desktop_inhibitors(calls: SessionCalls) -> list[Inhibitor]:
    return [
        CookieInhibitor(calls, GNOME_SESSION),
        CookieInhibitor(calls, SCREENSAVER),
        CookieInhibitor(calls, POWER_MANAGEMENT),
        XssInhibitor(),
    ]


class KeepAwake(QObject):
    """Holds the screen on while ``controller``'s session runs."""

    def __init__(
        self, controller: Any, inhibitors: Sequence[Inhibitor], parent: QObject | None = None
    ):
        super().__init__(parent)
        self._controller = controller
        self._inhibitors = list(inhibitors)
        self._running = False
        self.held: Inhibitor | None = None  # the way that holds the screen on now
        controller.driver.changed.connect(self.update)
        self.update()  # a session may run already (easeback run ID)

    def update(self) -> None:
        running = self._controller.state == "running"
        if running == self._running:
            return  # asked once a state, not once a second
        self._running = running
        if running:
            self.held = next((way for way in self._inhibitors if way.hold()), None)
            if self.held is None:
                log.info("nothing here keeps the screen on during a session")
        elif self.held is not None:
            self.held.release()
            self.held = None
