"""The screen stays on with the desktops' own services, not fakes: GNOME's session
manager, MATE's (which serves the same ``org.gnome.SessionManager``, and draws its own
log-out dialog) and XFCE's power manager, each on a real session bus beside the real
app under Xvfb."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from easeback import APP_ID
from easeback.ui.awake import GNOME_IDLE, GNOME_LOGOUT, REASON
from easeback.ui.bus_calls import SessionCalls
from tests.conftest import require_tool
from tests.e2e.xserver import XServer, stop, wait_until
from tests.ui.desktop_bus import FakeDesktop, fake_desktop

pytestmark = pytest.mark.e2e

PACKAGING = Path(__file__).parents[2] / "packaging"
GNOME = ("org.gnome.SessionManager", "/org/gnome/SessionManager", "org.gnome.SessionManager")
XFCE = (
    "org.freedesktop.PowerManagement",
    "/org/freedesktop/PowerManagement/Inhibit",
    "org.freedesktop.PowerManagement.Inhibit",
)


@contextlib.contextmanager
def desktop_program(
    desk: FakeDesktop, xserver: XServer, argv: list[str], owns: str, **env: str
) -> Iterator[None]:
    """A desktop's own program on the test's bus and display, once it owns ``owns``."""
    proc = subprocess.Popen(
        argv,
        env=xserver.env(DBUS_SESSION_BUS_ADDRESS=desk.address, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    bus = desk.bus.interface()
    try:
        wait_until(lambda: bus.isServiceRegistered(owns).value(), 30, f"{argv[0]} on the bus")
        yield
    finally:
        stop(proc)


def gnome_inhibited(calls: SessionCalls, flag: int) -> bool:
    reply = calls.call(*GNOME, "IsInhibited", "u", flag)
    assert reply is not None, "the session manager answers"
    return bool(reply[0])


def mate_session(desk: FakeDesktop, xserver: XServer, home: Path):
    """MATE's session manager, with none of MATE's own programs to start, and with the
    app's menu entry installed, where the session manager looks for its name and icon."""
    config = home / "config"
    (config / "glib-2.0" / "settings").mkdir(parents=True)
    (config / "glib-2.0" / "settings" / "keyfile").write_text(
        "[org/mate/desktop/session]\nrequired-components-list=@as []\n"
    )
    share = home / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications")
    shutil.copytree(PACKAGING / "icons" / "hicolor", share / "icons" / "hicolor")
    (home / "autostart").mkdir()
    return desktop_program(
        desk,
        xserver,
        [
            require_tool("mate-session", "mate-session-manager"),
            f"--autostart={home / 'autostart'}",
            "--disable-acceleration-check",
        ],
        GNOME[0],
        HOME=str(home),
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_DIRS=f"{share}:/usr/share",
        GSETTINGS_BACKEND="keyfile",
    )


def gnome_session(desk: FakeDesktop, system: FakeDesktop, xserver: XServer, home: Path):
    """GNOME's session manager with a session of no programs, and a bare bus as the
    system bus (it wants one; without systemd and logind it only warns)."""
    sessions = home / "share" / "gnome-session" / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "bare.session").write_text("[GNOME Session]\nName=Bare\nRequiredComponents=\n")
    program = require_tool("gnome-session", "gnome-session-bin")
    return desktop_program(
        desk,
        xserver,
        [program, "--builtin", "--session=bare", "--disable-acceleration-check"],
        GNOME[0],
        HOME=str(home),
        XDG_DATA_DIRS=f"{home / 'share'}:/usr/share",
        DBUS_SYSTEM_BUS_ADDRESS=system.address,
    )


def held_for_the_session_and_let_go_on_pause(calls: SessionCalls, xserver: XServer) -> None:
    """What a GNOME-style session manager reports while the app's session runs."""
    wait_until(lambda: gnome_inhibited(calls, GNOME_IDLE), 60, "idling held")
    assert gnome_inhibited(calls, GNOME_LOGOUT)
    ((path,),) = [calls.call(*GNOME, "GetInhibitors")]
    inhibitor = (GNOME[0], path[0], "org.gnome.SessionManager.Inhibitor")
    assert calls.call(*inhibitor, "GetAppId") == (APP_ID,)
    assert calls.call(*inhibitor, "GetReason") == (REASON,)
    xserver.media_key("Pause")
    wait_until(lambda: not gnome_inhibited(calls, GNOME_IDLE), 60, "idling let go")
    xserver.media_key("Play")
    wait_until(lambda: gnome_inhibited(calls, GNOME_IDLE), 60, "idling held again")


def dialogs_of(xserver: XServer, program: str) -> list[str]:
    """The sizes of ``program``'s windows a user could see (not its 1x1 helpers)."""
    sizes = re.findall(rf'\("{re.escape(program)}" "[^"]*"\)\s+(\d+)x(\d+)', xserver.tree())
    return [f"{w}x{h}" for w, h in sizes if int(w) > 100 and int(h) > 100]


def test_mate_s_session_manager_holds_idling_and_log_out_while_a_session_runs(
    xserver, easeback_home, monkeypatch, tmp_path
):
    with fake_desktop() as desk:  # a bare bus: the desktop's own program serves it
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        calls = desk.calls()
        with (
            mate_session(desk, xserver, tmp_path / "mate"),
            xserver.app("run", "seated-leg-to-chest", "--no-voice", home=easeback_home),
        ):
            held_for_the_session_and_let_go_on_pause(calls, xserver)

            # Logging out (1: without the "are you sure" question) stops at a dialog that
            # names Easeback and its session; the app and its session go on meanwhile.
            assert calls.call(*GNOME, "Logout", "u", 1) == ()
            wait_until(lambda: dialogs_of(xserver, "mate-session"), 30, "the log-out dialog")
            xserver.screenshot_shows_windows(
                tmp_path / "log-out.png", "EASEBACK_E2E_LOGOUT_SCREENSHOT"
            )
            assert gnome_inhibited(calls, GNOME_LOGOUT), "still held while the dialog asks"


def test_gnome_s_session_manager_holds_idling_and_log_out_while_a_session_runs(
    xserver, easeback_home, monkeypatch, tmp_path
):
    """GNOME's log-out dialog is GNOME Shell's, not the session manager's: it is not
    drawn here."""
    with fake_desktop() as desk, fake_desktop() as system:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        with (
            gnome_session(desk, system, xserver, tmp_path / "gnome"),
            xserver.app("run", "seated-leg-to-chest", "--no-voice", home=easeback_home),
        ):
            held_for_the_session_and_let_go_on_pause(desk.calls(), xserver)


def test_xfce_s_power_manager_keeps_the_display_on_while_a_session_runs(
    xserver, easeback_home, monkeypatch, tmp_path
):
    """Only the hold is checked here: with no UPower and no DPMS (as under Xvfb in a
    container) the power manager itself crashes as it lets go of any inhibition. The
    release, the same call with the cookie back, is checked on the fake desktop
    (tests/ui/test_awake.py)."""
    with fake_desktop() as desk:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desk.address)
        calls = desk.calls()

        def held() -> bool:
            reply = calls.call(*XFCE, "HasInhibit")
            assert reply is not None, "the power manager answers"
            return bool(reply[0])

        manager = [require_tool("xfce4-power-manager"), "--no-daemon"]
        with desktop_program(desk, xserver, manager, XFCE[0], HOME=str(tmp_path / "xfce")):
            assert not held(), "nothing is held before the session"
            with xserver.app("run", "seated-leg-to-chest", "--no-voice", home=easeback_home):
                wait_until(held, 60, "the display held on")
