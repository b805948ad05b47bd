"""How long the person has not touched the computer: the desktop's idle time.

Tried in order, the first that answers is kept:

1. ``org.freedesktop.ScreenSaver.GetSessionIdleTime`` on the session bus (KDE and
   others; milliseconds), with ``GetActive`` for the lock screen;
2. GNOME's ``org.gnome.Mutter.IdleMonitor`` (``GetIdletime``, milliseconds), with
   ``org.gnome.ScreenSaver.GetActive`` for the lock screen;
3. the X11 screensaver extension, through ctypes on libXss (``XScreenSaverQueryInfo``),
   on an X11 session only: under XWayland it would miss the input of Wayland windows.

A locked screen counts as away: while the lock screen is up the reading is at
least the time since it was first seen, even if the desktop resets its idle time.
Where nothing answers, ``desktop_idle()`` returns a monitor whose reading is None
and ``problem()`` says so once, for the settings; the reminders then keep the
plain timer. The reminder core reads the monitor through ``IdleMonitor.read``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from easeback.ui.bus_calls import first_value

log = logging.getLogger(__name__)

# Shorter than bus_calls.TIMEOUT: the idle time is read again and again on the GUI thread.
CALL_TIMEOUT = 0.5  # seconds
NO_IDLE_TIME = (
    "This desktop does not say how long you have been away, so time away does not "
    "count as a break here; the reminders follow the plain timer."
)

_found: dict[str, str | None] = {}  # "problem": set by desktop_idle(), told by the settings


class IdleSource(Protocol):
    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when the source cannot tell."""

    def locked(self) -> bool:
        """Whether the lock screen (or screensaver) is up."""


# --------------------------------------------------------------------------- D-Bus


class DBusIdleSource:
    """One D-Bus method that returns the idle time in milliseconds, and one for the lock."""

    def __init__(
        self,
        name: str,
        idle_call: tuple[str, str, str, str],
        lock_call: tuple[str, str, str, str] | None,
        bus: object | None = None,
    ):
        from PySide6.QtDBus import QDBusConnection

        self.name = name
        self._idle_call = idle_call
        self._lock_call = lock_call
        self._bus = bus if bus is not None else QDBusConnection.sessionBus()

    def _call(self, call: tuple[str, str, str, str]) -> object | None:
        return first_value(self._bus, call, CALL_TIMEOUT)

    def idle_seconds(self) -> float | None:
        value = self._call(self._idle_call)
        if isinstance(value, int) and not isinstance(value, bool):
            return value / 1000.0
        return None

    def locked(self) -> bool:
        return self._lock_call is not None and self._call(self._lock_call) is True


def freedesktop_source(bus: object | None = None) -> DBusIdleSource:
    service, path, iface = (
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
    )
    return DBusIdleSource(
        "org.freedesktop.ScreenSaver",
        (service, path, iface, "GetSessionIdleTime"),
        (service, path, iface, "GetActive"),
        bus,
    )


def mutter_source(bus: object | None = None) -> DBusIdleSource:
    return DBusIdleSource(
        "org.gnome.Mutter.IdleMonitor",
        (
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            "GetIdletime",
        ),
        ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "GetActive"),
        bus,
    )


# --------------------------------------------------------------------------- X11


def on_wayland() -> bool:
    """A Wayland session (where DISPLAY, if set, is XWayland's)."""
    return (
        bool(os.environ.get("WAYLAND_DISPLAY")) or os.environ.get("XDG_SESSION_TYPE") == "wayland"
    )


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class XssIdleSource:
    """The X11 screensaver extension (libXss), on a display connection of its own."""

    name = "X11 screensaver extension"

    def __init__(self, display: str | None = None):
        self._display: int | None = None
        self._info: ctypes._Pointer[_XScreenSaverInfo] | None = None
        if display is None and on_wayland():
            return  # XWayland sees only X clients' input: typing elsewhere would look idle
        x11_name = ctypes.util.find_library("X11")
        xss_name = ctypes.util.find_library("Xss")
        if not x11_name or not xss_name or not (display or os.environ.get("DISPLAY")):
            return
        try:
            x11 = ctypes.CDLL(x11_name)
            xss = ctypes.CDLL(xss_name)
        except OSError:
            return
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        xss.XScreenSaverSuspend.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        handle = x11.XOpenDisplay(display.encode() if display else None)
        if not handle:
            return
        event, error = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(handle, ctypes.byref(event), ctypes.byref(error)):
            x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
            x11.XCloseDisplay(handle)
            return
        self._x11, self._xss = x11, xss
        self._display = handle
        self._root = x11.XDefaultRootWindow(handle)
        self._info = xss.XScreenSaverAllocInfo()

    def idle_seconds(self) -> float | None:
        if self._display is None or self._info is None:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0

    def suspend(self, on: bool) -> bool:
        """Keep the X server's screensaver and power saving off while ``on``
        (``XScreenSaverSuspend``, for this connection's life); False where there is none."""
        if self._display is None:
            return False
        self._xss.XScreenSaverSuspend(self._display, int(on))
        self._x11.XFlush(self._display)
        return True

    def locked(self) -> bool:
        # ScreenSaverOn (1): the X screensaver is showing
        return (
            self._info is not None and self._display is not None and self._info.contents.state == 1
        )


# --------------------------------------------------------------------------- the monitor


class IdleMonitor:
    """The idle time from the first source that answers; a lock screen counts as away."""

    def __init__(self, source: IdleSource | None, clock: Callable[[], float] = time.monotonic):
        self.source = source
        self._clock = clock
        self._locked_since: float | None = None

    @property
    def available(self) -> bool:
        return self.source is not None

    def read(self) -> float | None:
        """Seconds since the last input (at least the time locked), or None: unknown."""
        if self.source is None:
            return None
        try:
            idle = self.source.idle_seconds()
            locked = self.source.locked()
        except Exception as exc:  # a desktop service misbehaving must not stop the reminders
            log.warning("idle time from %s failed: %s", self.source.name, exc)
            return None
        now = self._clock()
        if not locked:
            self._locked_since = None
            return idle
        if self._locked_since is None:
            self._locked_since = now - (idle or 0.0)
        return max(idle or 0.0, now - self._locked_since)


def first_answering(sources: Sequence[Callable[[], IdleSource]]) -> IdleSource | None:
    """The first source that gives a reading (each is built only if the ones before fail)."""
    for make in sources:
        try:
            source = make()
            if source.idle_seconds() is not None:
                return source
        except Exception as exc:  # a broken library or service: try the next
            log.info("idle source failed: %s", exc)
    return None


def desktop_idle() -> IdleMonitor:
    """The desktop's idle monitor; where none answers, ``problem()`` says so."""
    source = first_answering([freedesktop_source, mutter_source, XssIdleSource])
    _found["problem"] = None if source is not None else NO_IDLE_TIME
    if source is not None:
        log.info("idle time from %s", source.name)
    return IdleMonitor(source)


def problem() -> str | None:
    """Why time away is not noticed here (for the settings), or None."""
    return _found.get("problem")
