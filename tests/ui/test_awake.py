"""The screen stays on while a session runs: fake desktop services on a real session bus
(dbus-run-session; QtDBus answers only calls of the exact types), the X server's own
screensaver under Xvfb."""

from __future__ import annotations

import subprocess
import time

from easeback import APP_ID
from easeback.ui.awake import (
    GNOME_IDLE,
    GNOME_LOGOUT,
    POWER_MANAGEMENT,
    REASON,
    CookieInhibitor,
    KeepAwake,
    XssInhibitor,
    desktop_inhibitors,
)
from easeback.ui.idle import XssIdleSource
from tests.conftest import require_tool
from tests.helpers.controller import fake_controller
from tests.ui.desktop_bus import fake_desktop


class Way:
    """An inhibitor that records what it was asked."""

    def __init__(self, name: str, works: bool):
        self.name, self.works, self.calls = name, works, []

    def hold(self) -> bool:
        self.calls.append("hold")
        return self.works

    def release(self) -> None:
        self.calls.append("release")


def bus_ways(desk) -> list:
    """The desktop's ways, in the app's order, on the fake desktop's bus."""
    ways = desktop_inhibitors(desk.calls())
    return [way for way in ways if isinstance(way, CookieInhibitor)]


def seconds(controller, clock, n: int) -> None:
    for _ in range(n):
        clock.advance(1.0)
        controller.driver.poll()


def test_held_while_running_released_while_paused_and_at_the_end(fake_clock):
    controller = fake_controller(fake_clock)
    missing, working = Way("missing", False), Way("working", True)
    awake = KeepAwake(controller, [missing, working])
    assert awake.held is None, "nothing is held before a session"
    controller.start("knee-to-chest")
    seconds(controller, fake_clock, 5)
    assert awake.held is working
    assert (missing.calls, working.calls) == (["hold"], ["hold"]), "asked once, not each second"
    controller.pause()
    assert awake.held is None
    assert working.calls == ["hold", "release"]
    controller.resume()
    assert working.calls == ["hold", "release", "hold"]
    controller.stop()
    assert awake.held is None
    assert working.calls[-1] == "release"


def test_a_session_that_runs_already_is_held_at_once(fake_clock):
    controller = fake_controller(fake_clock)
    controller.start("knee-to-chest")  # easeback run ID: the session begins before the services
    working = Way("working", True)
    assert KeepAwake(controller, [working]).held is working


def test_where_nothing_answers_the_session_goes_on_and_nothing_is_retried(fake_clock):
    controller = fake_controller(fake_clock)
    missing = Way("missing", False)
    awake = KeepAwake(controller, [missing])
    controller.start("knee-to-chest")
    seconds(controller, fake_clock, 5)
    assert awake.held is None
    assert controller.state == "running"
    assert missing.calls == ["hold"]


def test_gnome_is_asked_for_idle_and_log_out_and_given_its_cookie_back(fake_clock, qapp):
    controller = fake_controller(fake_clock)
    with fake_desktop("gnome-session", "screensaver") as desk:
        awake = KeepAwake(controller, bus_ways(desk))
        controller.start("knee-to-chest")
        assert awake.held is not None
        assert awake.held.name == "org.gnome.SessionManager"
        controller.pause()
        assert desk.log() == [
            {
                "call": "Inhibit",
                "app_id": APP_ID,
                "window": 0,
                "reason": REASON,
                "flags": GNOME_IDLE | GNOME_LOGOUT,
            },
            {"call": "Uninhibit", "cookie": 7},
        ]


def test_without_gnome_the_screensaver_service_is_asked(fake_clock, qapp):
    controller = fake_controller(fake_clock)
    with fake_desktop("screensaver") as desk:
        awake = KeepAwake(controller, bus_ways(desk))
        controller.start("knee-to-chest")
        assert awake.held is not None
        assert awake.held.name == "org.freedesktop.ScreenSaver"
        controller.stop()
        calls = [e for e in desk.log() if e["call"] in ("Inhibit", "UnInhibit")]
        assert calls == [
            {"call": "Inhibit", "application": "Easeback", "reason": REASON},
            {"call": "UnInhibit", "cookie": 41},
        ]


def test_xfce_s_power_manager_is_asked_where_no_session_manager_or_screensaver_answers(
    fake_clock, qapp
):
    """Where it holds, XFCE's power manager keeps the display on and tells the
    screensaver to wait (tests/e2e/test_desktop_services.py asks the real one)."""
    controller = fake_controller(fake_clock)
    with fake_desktop("power-management") as desk:
        awake = KeepAwake(controller, bus_ways(desk))
        controller.start("knee-to-chest")
        assert awake.held is not None
        assert awake.held.name == POWER_MANAGEMENT.name
        controller.pause()
        assert desk.log() == [
            {"call": "Inhibit", "application": "Easeback", "reason": REASON},
            {"call": "UnInhibit", "cookie": 23},
        ]


def test_on_a_bare_x_server_its_screensaver_waits_while_held(xserver):
    """Xvfb's screensaver, set to start after 1 s without input, does not start while
    the session holds it off, and starts once it is let go."""
    require_tool("xset", "x11-xserver-utils")
    watch = XssIdleSource(xserver.display)
    subprocess.run(["xset", "s", "1", "0"], env=xserver.env(), check=True)

    def saver_on_after(wait: float) -> bool:
        time.sleep(wait)
        watch.idle_seconds()  # reads the server's screensaver state too
        return watch.locked()

    way = XssInhibitor(XssIdleSource(xserver.display))
    assert way.hold()
    assert not saver_on_after(2.5)
    way.release()
    assert saver_on_after(2.0), "the screensaver starts once it is let go"
