"""MPRIS on a real session bus (dbus-run-session), driven and read with dbus-send."""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection

from easeback.ui.mpris import PATH, PLAYER, ROOT, SERVICE, MprisPlayer, publish, withdraw
from tests.conftest import require_tool
from tests.helpers.controller import fake_controller


@pytest.fixture
def session_bus() -> Iterator[str]:
    """A private session bus from dbus-run-session; yields its address.

    Its child waits for the end of its input: closing it ends the child, and then
    dbus-run-session stops the bus. Terminating dbus-run-session instead would leave
    the bus daemon running, one per test."""
    require_tool("dbus-send")
    tool = require_tool("dbus-run-session")
    proc = subprocess.Popen(
        [tool, "--", "sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; cat >/dev/null'],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    address = proc.stdout.readline().strip()
    proc.stdout.close()
    assert address, "dbus-run-session printed no bus address"
    try:
        yield address
    finally:
        proc.stdin.close()  # the child ends, then dbus-run-session stops the bus and exits
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def published(qtbot, fake_clock, session_bus):
    name = f"mpris-test-{os.getpid()}-{id(fake_clock)}"
    connection = QDBusConnection.connectToBus(session_bus, name)
    assert connection.isConnected()
    controller = fake_controller(fake_clock)
    player = publish(controller, connection=connection)
    assert player is not None
    yield controller, session_bus
    withdraw(player)
    QDBusConnection.disconnectFromBus(name)


def client(qtbot, address: str, *argv: str) -> str:
    """Run a D-Bus client on the bus while the Qt loop keeps answering; returns its output."""
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    out, err = proc.communicate()
    assert proc.returncode == 0, f"{argv[0]}: {err}"
    return out


def dbus_send(qtbot, address: str, *args: str) -> str:
    return client(
        qtbot, address, "dbus-send", "--session", "--print-reply", f"--dest={SERVICE}", PATH, *args
    )


def playerctl(qtbot, address: str, *args: str) -> str:
    """playerctl, a GLib client as strict about types as the desktops' media widgets."""
    return client(qtbot, address, require_tool("playerctl"), "--player=easeback", *args).strip()


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


def test_metadata_names_the_exercise_phase_side_and_length(qtbot, published):
    controller, bus = published
    controller.start("knee-to-chest")
    controller.skip()  # past the preparation, into the first side's hold
    snap = controller.snapshot()
    out = get(qtbot, bus, "Metadata")
    assert re.search(r'string "easeback:exercise"\s+variant\s+string "Knee', out), out
    assert f'string "{snap.phase.label.lower()}"' in out
    assert f'string "{snap.phase.side or ""}"' in out
    length = re.search(r'"easeback:phaseLength"\s+variant\s+\w+ (\d+)', out)
    assert length is not None, out
    assert int(length.group(1)) == round(snap.phase.seconds)
    assert 'object path "/io/github/easeback/phase/' in out


class Lines:
    """A client's output on the bus, its lines collected as they come."""

    def __init__(self, address: str, *argv: str):
        self.proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(self.proc.stdout), daemon=True
        )
        self.reader.start()

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)
        self.reader.join(timeout=5)
        self.proc.stdout.close()


def watch_bus(qtbot, address: str) -> Lines:
    """dbus-monitor on the bus, once it is listening."""
    lines = Lines(address, "dbus-monitor", "--address", address)
    # the monitor prints its own NameAcquired/NameLost once it is listening
    qtbot.waitUntil(lambda: lines.count("NameLost") > 0, timeout=10000)
    return lines


def test_a_state_change_is_announced_with_properties_changed(qtbot, published):
    controller, bus = published
    monitor = watch_bus(qtbot, bus)
    try:
        controller.start("knee-to-chest")
        controller.pause()
        qtbot.waitUntil(lambda: monitor.count('"Paused"') > 0, timeout=10000)
    finally:
        monitor.close()
    text = "".join(monitor.lines)
    assert "member=PropertiesChanged" in text
    assert 'string "org.mpris.MediaPlayer2.Player"' in text


def test_the_seconds_of_a_hold_send_nothing_over_the_bus(qtbot, published, fake_clock):
    """Only a new phase or state is announced: a signal a second would wake the bus and
    every media widget on the desktop for the whole hold."""
    controller, bus = published
    monitor = watch_bus(qtbot, bus)
    try:
        controller.start("seated-leg-to-chest")  # two-minute holds
        controller.skip()  # into the first side's hold
        phase = controller.snapshot().phase
        track = f"/io/github/easeback/phase/{phase.index}"
        qtbot.waitUntil(lambda: monitor.count(track) > 0, timeout=10000)
        before = monitor.count("member=PropertiesChanged")
        for _second in range(5):
            fake_clock.advance(1.0)
            controller.driver.poll()
        assert controller.snapshot().phase == phase  # still the same hold
        controller.pause()  # a change that is announced, after the five seconds
        qtbot.waitUntil(lambda: monitor.count('"Paused"') > 0, timeout=10000)
        assert monitor.count("member=PropertiesChanged") == before + 1
    finally:
        monitor.close()


def test_the_seconds_of_a_hold_do_not_even_work_the_properties_out(
    qtbot, published, fake_clock, monkeypatch
):
    """What MPRIS shows changes with the session, its state or its phase: the other
    seconds of a hold cost the player a comparison, not a fresh set of properties."""
    controller, _bus = published
    worked_out = []
    real = MprisPlayer._player_properties
    monkeypatch.setattr(
        MprisPlayer, "_player_properties", lambda self: worked_out.append(1) or real(self)
    )
    controller.start("seated-leg-to-chest")
    controller.skip()  # into the first side's hold
    phase = controller.snapshot().phase
    before = len(worked_out)
    for _second in range(5):
        fake_clock.advance(1.0)
        controller.driver.poll()
    assert controller.snapshot().phase == phase
    assert len(worked_out) == before
    controller.pause()
    assert len(worked_out) == before + 1


def test_a_new_session_at_the_same_phase_and_state_is_announced(qtbot, published):
    """Another exercise started over a running one: the same state and phase number, but
    a new title that media widgets must show."""
    controller, bus = published
    monitor = watch_bus(qtbot, bus)
    try:
        first = controller.start("knee-to-chest")
        qtbot.waitUntil(lambda: monitor.count(first.name) > 0, timeout=10000)
        second = controller.start("seated-leg-to-chest")
        assert second.name != first.name
        qtbot.waitUntil(lambda: monitor.count(second.name) > 0, timeout=10000)
    finally:
        monitor.close()


def test_playerctl_reads_and_drives_the_session(qtbot, published):
    controller, bus = published
    controller.start("knee-to-chest")
    controller.skip()  # past the preparation, into the first side's hold
    snap = controller.snapshot()
    assert playerctl(qtbot, bus, "status") == "Playing"
    shown = playerctl(qtbot, bus, "metadata", "--format", "{{artist}}|{{title}}|{{album}}")
    name = snap.phase.exercise_name
    assert shown == f"Easeback|{name}: Hold, {snap.phase.side} leg|{controller.plan.name}", shown
    playerctl(qtbot, bus, "play-pause")
    assert controller.state == "paused"
    assert playerctl(qtbot, bus, "status") == "Paused"
    playerctl(qtbot, bus, "play")
    assert controller.state == "running"
    playerctl(qtbot, bus, "next")
    assert controller.snapshot().phase.index == snap.phase.index + 1
    playerctl(qtbot, bus, "previous")
    assert controller.snapshot().phase.index == snap.phase.index
    playerctl(qtbot, bus, "stop")
    assert controller.state == "finished"
    assert playerctl(qtbot, bus, "status") == "Stopped"


def test_playerctl_follows_a_pause_as_it_happens(qtbot, published):
    """PropertiesChanged in the types GLib accepts: a media widget updates at once."""
    controller, bus = published
    controller.start("knee-to-chest")
    follow = Lines(bus, require_tool("playerctl"), "--player=easeback", "--follow", "status")
    try:
        qtbot.waitUntil(lambda: follow.count("Playing") > 0, timeout=10000)
        controller.pause()
        qtbot.waitUntil(lambda: follow.count("Paused") > 0, timeout=10000)
    finally:
        follow.close()


def test_every_reply_has_the_types_of_the_specification(qtbot, published):
    """gdbus prints a value's type where it is not plain: an empty list of strings is
    ``@as []``, one sent as variants ``@av []``; ``GetAll`` answers ``({...},)``."""
    controller, bus = published
    controller.start("knee-to-chest")
    gdbus = require_tool("gdbus", "libglib2.0-bin")
    call = (gdbus, "call", "--session", "--dest", SERVICE, "--object-path", PATH, "--method")
    root = client(qtbot, bus, *call, "org.freedesktop.DBus.Properties.GetAll", ROOT)
    assert root.startswith("({"), root
    assert "'SupportedUriSchemes': <@as []>" in root
    assert "'SupportedMimeTypes': <@as []>" in root
    assert "'Identity': <'Easeback'>" in root
    player = client(qtbot, bus, *call, "org.freedesktop.DBus.Properties.GetAll", PLAYER)
    assert player.startswith("({"), player
    assert "'xesam:artist': <['Easeback']>" in player
    assert "'mpris:trackid': <objectpath '/io/github/easeback/phase/0'>" in player
    status = client(qtbot, bus, *call, "org.freedesktop.DBus.Properties.Get", PLAYER, "Rate")
    assert status.strip() == "(<1.0>,)"


def test_without_a_session_bus_nothing_is_published(qtbot, fake_clock, tmp_path):
    connection = QDBusConnection.connectToBus(f"unix:path={tmp_path}/no-bus", "no-bus")
    controller = fake_controller(fake_clock)
    assert publish(controller, connection=connection) is None
    QDBusConnection.disconnectFromBus("no-bus")


def test_raise_brings_the_window_up_where_there_is_one(qtbot, fake_clock, session_bus):
    """A click on a desktop's media widget sends Raise; CanRaise says whether it works."""
    name = f"mpris-raise-{os.getpid()}"
    connection = QDBusConnection.connectToBus(session_bus, name)
    raised: list[bool] = []
    player = publish(
        fake_controller(fake_clock), connection=connection, on_raise=lambda: raised.append(True)
    )
    assert player is not None
    try:
        root = ("org.freedesktop.DBus.Properties.Get", f"string:{ROOT}", "string:CanRaise")
        assert "boolean true" in dbus_send(qtbot, session_bus, *root)
        dbus_send(qtbot, session_bus, f"{ROOT}.Raise")
        assert raised == [True]
    finally:
        withdraw(player)
        QDBusConnection.disconnectFromBus(name)


def test_without_a_window_to_raise_can_raise_is_false(qtbot, published):
    _controller, bus = published
    root = ("org.freedesktop.DBus.Properties.Get", f"string:{ROOT}", "string:CanRaise")
    assert "boolean false" in dbus_send(qtbot, bus, *root)
