"""MPRIS on a real session bus (dbus-run-session), driven and read with dbus-send."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection

from easeback.core.catalogue import load_catalogue
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.mpris import PATH, SERVICE, publish, withdraw
from easeback.ui.timer import Driver
from tests.conftest import require_tool
from tests.helpers.speaker import RecordingSpeaker
from tests.helpers.timers import ManualTimer


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus from dbus-run-session; yields its address."""
    require_tool("dbus-send")
    tool = require_tool("dbus-run-session")
    proc = subprocess.Popen(
        [tool, "--", "sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep 600'],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    proc.stdout.close()
    assert address, "dbus-run-session printed no bus address"
    try:
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=5)


@pytest.fixture
def published(qtbot, fake_clock, session_bus):
    name = f"mpris-test-{os.getpid()}-{id(fake_clock)}"
    connection = QDBusConnection.connectToBus(session_bus, name)
    assert connection.isConnected()
    controller = SessionController(
        load_catalogue(),
        Settings(),
        RecordingSpeaker(),
        Driver(fake_clock, ManualTimer),
        wall_clock=None,
    )
    player = publish(controller, connection=connection)
    assert player is not None
    yield controller, session_bus
    withdraw(player)
    QDBusConnection.disconnectFromBus(name)


def dbus_send(qtbot, address: str, *args: str) -> str:
    """Run dbus-send against the bus while the Qt loop keeps answering; returns its output."""
    proc = subprocess.Popen(
        ["dbus-send", f"--bus={address}", "--print-reply", f"--dest={SERVICE}", PATH, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return out


def get(qtbot, address: str, name: str) -> str:
    return dbus_send(
        qtbot,
        address,
        "org.freedesktop.DBus.Properties.Get",
        "string:org.mpris.MediaPlayer2.Player",
        f"string:{name}",
    )


def test_play_pause_next_previous_and_stop_drive_the_session(qtbot, published):
    controller, bus = published
    controller.start("knee-to-chest")
    assert 'string "Playing"' in get(qtbot, bus, "PlaybackStatus")
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.PlayPause")
    assert controller.state == "paused"
    assert 'string "Paused"' in get(qtbot, bus, "PlaybackStatus")
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.Play")
    assert controller.state == "running"
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.Pause")
    assert controller.state == "paused"
    first = controller.snapshot().phase.index
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.Next")
    assert controller.snapshot().phase.index == first + 1
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.Previous")
    assert controller.snapshot().phase.index == first
    dbus_send(qtbot, bus, "org.mpris.MediaPlayer2.Player.Stop")
    assert controller.state == "finished"
    assert 'string "Stopped"' in get(qtbot, bus, "PlaybackStatus")


def test_metadata_names_the_exercise_phase_side_and_time_left(qtbot, published):
    controller, bus = published
    controller.start("knee-to-chest")
    controller.skip()  # past the preparation, into the first side's hold
    snap = controller.snapshot()
    out = get(qtbot, bus, "Metadata")
    assert re.search(r'string "easeback:exercise"\s+variant\s+string "Knee', out), out
    assert f'string "{snap.phase.label.lower()}"' in out
    assert f'string "{snap.phase.side or ""}"' in out
    left = re.search(r'"easeback:timeLeft"\s+variant\s+\w+ (\d+)', out)
    assert left is not None, out
    assert int(left.group(1)) == round(snap.phase_left)
    assert 'object path "/io/github/easeback/phase/' in out


def test_a_state_change_is_announced_with_properties_changed(qtbot, published):
    controller, bus = published
    monitor = subprocess.Popen(
        ["dbus-monitor", "--address", bus], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(monitor.stdout), daemon=True)
    reader.start()
    try:
        # the monitor prints its own NameAcquired/NameLost once it is listening
        qtbot.waitUntil(lambda: any("NameLost" in line for line in lines), timeout=10000)
        controller.start("knee-to-chest")
        controller.pause()
        qtbot.waitUntil(lambda: any('"Paused"' in line for line in lines), timeout=10000)
    finally:
        monitor.terminate()
        monitor.wait(timeout=5)
        reader.join(timeout=5)
        monitor.stdout.close()
    text = "".join(lines)
    assert "member=PropertiesChanged" in text
    assert 'string "org.mpris.MediaPlayer2.Player"' in text


def test_without_a_session_bus_nothing_is_published(qtbot, fake_clock, tmp_path):
    connection = QDBusConnection.connectToBus(f"unix:path={tmp_path}/no-bus", "no-bus")
    controller = SessionController(
        load_catalogue(),
        Settings(),
        RecordingSpeaker(),
        Driver(fake_clock, ManualTimer),
        wall_clock=None,
    )
    assert publish(controller, connection=connection) is None
    QDBusConnection.disconnectFromBus("no-bus")
