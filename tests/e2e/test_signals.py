"""SIGTERM, SIGHUP and SIGINT (Ctrl+C) end the session as Quit does: written, then gone."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e

SESSION = re.compile(r"^(?:Paused · )?(\d+):(\d\d) · .+ · Easeback$")


def seconds_left(xserver) -> int | None:
    for title in xserver.window_titles():
        if match := SESSION.match(title):
            return int(match.group(1)) * 60 + int(match.group(2))
    return None


@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
def test_a_signal_writes_the_session_and_the_window_size_then_quits(xserver, easeback_home, number):
    app = subprocess.Popen(
        [sys.executable, "-m", "easeback", "run", "bridge", "--no-voice"],
        env=xserver.env(EASEBACK_HOME=str(easeback_home)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = wait_until(lambda: seconds_left(xserver), 60, "the session")
        wait_until(lambda: (s := seconds_left(xserver)) and s < first, 30, "a second to pass")
        app.send_signal(number)
        _, err = app.communicate(timeout=30)
    except (AssertionError, subprocess.TimeoutExpired) as exc:  # say what the app showed and said
        titles = xserver.window_titles()
        app.kill()
        _, err = app.communicate()
        raise AssertionError(f"{exc}; window titles {titles}; the app said:\n{err}") from exc
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err

    history = xserver.easeback("history", "--json", home=easeback_home)
    (session,) = json.loads(history.stdout)["sessions"]
    assert session["plan_id"] == "bridge"
    # written by the app as it quit: not left "running" (read back as "interrupted")
    assert session["status"] not in ("running", "interrupted", "completed")
    assert session["ended_at"] is not None
    settings = json.loads((easeback_home / "config" / "settings.json").read_text())
    assert settings["window_geometry"], "the window's size is kept for the next start"
