"""One Easeback per user, with two real processes on a real X server."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e

SESSION = re.compile(r"^(?:Paused · )?\d+:\d\d · .+ · Easeback$")


def main_windows(xserver) -> list[str]:
    return [t for t in xserver.window_titles() if t == "Easeback" or SESSION.match(t)]


def test_a_second_easeback_leaves_one_window_and_exits_0(xserver, easeback_home):
    with xserver.app("--no-voice", home=easeback_home):
        wait_until(lambda: main_windows(xserver), 60, "the main window")
        second = xserver.easeback("--no-voice", home=easeback_home)
        assert second.returncode == 0, second.stderr
        assert main_windows(xserver) == ["Easeback"]


def test_a_second_run_hands_the_id_to_the_running_window(xserver, easeback_home):
    with xserver.app("--no-voice", home=easeback_home):
        wait_until(lambda: main_windows(xserver), 60, "the main window")
        second = xserver.easeback("run", "desk-break", "--no-voice", home=easeback_home)
        assert second.returncode == 0, second.stderr
        (title,) = wait_until(
            lambda: [t for t in main_windows(xserver) if SESSION.match(t)], 30, "the session"
        )
        assert "Get ready" in title
        assert len(main_windows(xserver)) == 1


def test_a_second_run_of_an_unknown_id_says_so_and_the_first_keeps_its_library(
    xserver, easeback_home
):
    with xserver.app("--no-voice", home=easeback_home):
        wait_until(lambda: main_windows(xserver), 60, "the main window")
        second = xserver.easeback("run", "no-such-thing", "--no-voice", home=easeback_home)
        assert second.returncode == 2
        assert "no-such-thing" in second.stderr
        assert main_windows(xserver) == ["Easeback"]


def test_a_second_run_with_its_own_catalogue_is_refused_not_run_without_it(
    xserver, easeback_home, tmp_path
):
    """The running window has its own catalogue: a file given to a second start would be
    lost on the way, and the built-in exercise of that id run instead."""
    mine = tmp_path / "mine.json"
    mine.write_text('{"version": 1, "exercises": []}', encoding="utf-8")
    with xserver.app("--no-voice", home=easeback_home):
        wait_until(lambda: main_windows(xserver), 60, "the main window")
        second = xserver.easeback("--catalogue", str(mine), "run", "bridge", home=easeback_home)
        assert second.returncode == 2
        assert "--catalogue applies only to a new start" in second.stderr
        assert main_windows(xserver) == ["Easeback"], "nothing started"
        voiceless = xserver.easeback("run", "desk-break", "--no-voice", home=easeback_home)
        assert voiceless.returncode == 0, voiceless.stderr
        assert "--no-voice and --remind-every apply only to a new start" in voiceless.stderr


def test_the_socket_left_by_a_killed_app_is_replaced(xserver, easeback_home):
    killed = subprocess.Popen(
        [sys.executable, "-m", "easeback", "--no-voice"],
        env=xserver.env(EASEBACK_HOME=str(easeback_home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def shown() -> list[str]:
        assert killed.poll() is None, killed.communicate()[1]
        return main_windows(xserver)

    wait_until(shown, 60, "the first main window")
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=20)
    wait_until(lambda: not main_windows(xserver), 20, "the killed window to go")

    with xserver.app("--no-voice", home=easeback_home):
        wait_until(lambda: main_windows(xserver), 60, "the new main window")
        second = xserver.easeback("--no-voice", home=easeback_home)
        assert second.returncode == 0, second.stderr
        assert main_windows(xserver) == ["Easeback"]


def test_a_stale_socket_file_is_taken_over_by_the_next_server(qtbot):
    from easeback.ui.instance import Server, ask, socket_path

    stale = socket.socket(socket.AF_UNIX)
    stale.bind(socket_path())  # bound, never listening, never removed: as after a crash
    stale.close()
    assert ask({"command": "ping"}) is None, "nobody answers on a crash's socket"

    server = Server(lambda request: {"ok": True, "echo": request["command"]})
    assert server.listen() is None
    try:
        # another process asks; this one answers from its event loop
        code = (
            "import json; from easeback.ui.instance import ask; "
            "print(json.dumps(ask({'command': 'ping'})))"
        )
        client = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=30000)
        out, _ = client.communicate()
        assert json.loads(out) == {"ok": True, "echo": "ping"}
    finally:
        server.close()


def test_of_two_servers_started_together_only_the_first_listens(qtbot):
    """Qt puts a socket in place with a rename, so both would listen; the lock decides."""
    from easeback.ui.instance import ANOTHER, Server, ask

    first = Server(lambda request: {"ok": True, "who": "first"})
    second = Server(lambda request: {"ok": True, "who": "second"})
    try:
        assert first.listen() is None
        assert second.listen() == ANOTHER
        code = (
            "import json; from easeback.ui.instance import ask; "
            "print(json.dumps(ask({'command': 'ping'})))"
        )
        client = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=30000)
        assert json.loads(client.communicate()[0]) == {"ok": True, "who": "first"}
    finally:
        second.close()
        first.close()
    again = Server(lambda request: {"ok": True})
    try:
        assert again.listen() is None, "once the first has gone, the next one listens"
    finally:
        again.close()
    assert ask({"command": "ping"}) is None


def test_an_unusable_socket_folder_runs_the_app_on_its_own_and_says_why(
    xserver, easeback_home, tmp_path
):
    gone = tmp_path / "no-such-runtime"  # a runtime folder removed after logging out, say
    app = subprocess.Popen(
        [sys.executable, "-m", "easeback", "run", "knee-to-chest", "--no-voice"],
        env=xserver.env(EASEBACK_HOME=str(easeback_home), XDG_RUNTIME_DIR=str(gone)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def counting() -> list[str]:
            assert app.poll() is None, app.communicate()[1]
            return [t for t in main_windows(xserver) if SESSION.match(t)]

        wait_until(counting, 60, "the session, in a window of its own")
    finally:
        app.terminate()
        _, err = app.communicate(timeout=30)
    assert "A second easeback will not find this one" in err
    assert str(gone) in err
