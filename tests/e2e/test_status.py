"""``easeback status`` asks the running app (a real one, on a real X server)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e

SESSION = re.compile(r"^(?:Paused · )?\d+:\d\d · .+ · Easeback$")


def test_status_without_a_running_app_exits_1_and_says_so(xserver, easeback_home):
    result = xserver.easeback("status", "--json", home=easeback_home)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Easeback is not running" in result.stderr


def test_status_reports_the_running_session(xserver, easeback_home):
    with xserver.app("run", "desk-break", "--no-voice", home=easeback_home):
        wait_until(
            lambda: any(SESSION.match(t) for t in xserver.window_titles()), 60, "the session"
        )
        result = xserver.easeback("status", "--json", home=easeback_home)
        assert result.returncode == 0, result.stderr
        status = json.loads(result.stdout)
        session = status["session"]
        assert session["id"] == "desk-break"
        assert session["paused"] is False
        assert session["side"] in ("left", "right", None)
        # the get-ready: 10 s, grown to fit what is said in it
        assert 0 < session["seconds_left"] <= 20
        assert status["next_break_at"] is None  # reminders wait while you exercise
        text = xserver.easeback("status", home=easeback_home)
        assert text.stdout.startswith("Desk break: ")


def test_status_reports_when_the_next_break_comes(xserver, easeback_home):
    with xserver.app("--remind-every", "30", "--no-voice", home=easeback_home):
        wait_until(lambda: "Easeback" in xserver.window_titles(), 60, "the main window")
        status = wait_until(
            lambda: (
                (r := xserver.easeback("status", "--json", home=easeback_home)).returncode == 0
                and json.loads(r.stdout)["next_break_at"]
                and json.loads(r.stdout)
            ),
            60,
            "the reminders to start",
        )
        assert status["session"] is None
        assert 29 * 60 < status["next_break_in_seconds"] <= 30 * 60
        at = datetime.fromisoformat(status["next_break_at"])
        left = (at - datetime.now().astimezone()).total_seconds()
        assert abs(left - status["next_break_in_seconds"]) < 60


def test_the_command_line_loads_qt_only_for_the_commands_that_need_it():
    import subprocess
    import sys

    code = "import sys, easeback.cli; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "easeback list, plan... would start slower"
