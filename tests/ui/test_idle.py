"""The desktop's idle time: fake ScreenSaver and Mutter services on a real session bus,
and the X11 screensaver extension of a real X server."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from easeback.ui.idle import (
    IdleMonitor,
    XssIdleSource,
    first_answering,
    freedesktop_source,
    mutter_source,
)
from tests.conftest import require_tool
from tests.e2e.xserver import wait_until
from tests.helpers.clock import FakeClock
from tests.ui.desktop_bus import fake_desktop


def test_the_freedesktop_screensaver_gives_the_idle_time_in_seconds(qapp):
    with fake_desktop("screensaver") as desk:
        source = first_answering([lambda: freedesktop_source(desk.bus)])
        assert source is not None
        assert source.name == "org.freedesktop.ScreenSaver"
        desk.set("idle", "125000")
        assert IdleMonitor(source).read() == pytest.approx(125.0)


def test_without_the_screensaver_the_gnome_idle_monitor_answers(qapp):
    with fake_desktop("mutter") as desk:
        source = first_answering(
            [lambda: freedesktop_source(desk.bus), lambda: mutter_source(desk.bus)]
        )
        assert source is not None
        assert source.name == "org.gnome.Mutter.IdleMonitor"
        desk.set("idle", "4500")
        assert IdleMonitor(source).read() == pytest.approx(4.5)


def test_with_no_service_nothing_answers_and_the_reading_is_unknown(qapp):
    with fake_desktop() as desk:
        source = first_answering(
            [lambda: freedesktop_source(desk.bus), lambda: mutter_source(desk.bus)]
        )
        assert source is None
        assert IdleMonitor(None).read() is None


def test_a_locked_screen_counts_as_away_even_when_the_desktop_resets_the_idle_time(qapp):
    clock = FakeClock()
    with fake_desktop("screensaver") as desk:
        monitor = IdleMonitor(freedesktop_source(desk.bus), clock)
        desk.set("idle", "30000")
        desk.set("active", "1")
        assert monitor.read() == pytest.approx(30.0)
        clock.advance(400)
        desk.set("idle", "2000")  # a mouse nudge on the lock screen
        assert monitor.read() == pytest.approx(430.0)
        desk.set("active", "0")
        assert monitor.read() == pytest.approx(2.0)


def test_the_x11_screensaver_extension_reads_a_real_x_server(xvfb_display):
    source = XssIdleSource(xvfb_display)
    first = source.idle_seconds()
    assert first is not None
    assert first >= 0
    # a fake pointer motion through XTest is input: the idle time starts again
    xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    display = x11.XOpenDisplay(xvfb_display.encode())
    xtst.XTestFakeMotionEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_ulong,
    ]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    # the server counts its idle time (a real process: waited on, not timed)
    before = wait_until(lambda: (source.idle_seconds() or 0) >= 0.3, 10, "idle time to grow")
    assert before
    xtst.XTestFakeMotionEvent(display, -1, 10, 10, 0)
    x11.XSync(display, 0)
    after = source.idle_seconds()
    assert after is not None
    assert after < 0.3
    assert not source.locked()


@pytest.fixture
def xvfb_display():
    require_tool("Xvfb")
    from tests.e2e.xserver import XServer

    server = XServer()
    yield server.display
    server.close()


def test_on_a_wayland_session_xwayland_is_not_asked(monkeypatch, xvfb_display):
    # XWayland sees only the input of X clients: typing in a Wayland window would look idle
    monkeypatch.setenv("DISPLAY", xvfb_display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    assert XssIdleSource().idle_seconds() is not None, "an X11 session: it answers"
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert XssIdleSource().idle_seconds() is None
