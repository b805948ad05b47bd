"""A private D-Bus session bus (dbus-run-session) with fake desktop services on it."""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

from easeback.ui.bus_calls import SessionCalls
from tests.conftest import require_tool

FAKE = Path(__file__).with_name("fake_desktop.py")
_names = itertools.count()


class FakeDesktop:
    def __init__(self, bus: QDBusConnection, address: str):
        self.bus = bus
        self.address = address  # for a process of its own (DBUS_SESSION_BUS_ADDRESS)
        self._calls: list[SessionCalls] = []

    def calls(self) -> SessionCalls:
        """Typed calls to this bus, as the app makes them to the session bus."""
        self._calls.append(SessionCalls(self.address))
        return self._calls[-1]

    def _control(self, method: str, *args: object) -> list[Any]:
        message = QDBusMessage.createMethodCall(
            "org.easeback.Test", "/test", "org.easeback.Test", method
        )
        message.setArguments(list(args))
        reply = self.bus.call(message, QDBus.CallMode.Block, 5000)
        assert reply.type() == QDBusMessage.MessageType.ReplyMessage, reply.errorMessage()
        return list(reply.arguments())

    def set(self, key: str, value: str) -> None:
        self._control("Set", key, value)

    def invoke(self, number: int, key: str) -> None:
        self._control("Invoke", number, key)

    def log(self) -> list[dict[str, Any]]:
        (text,) = self._control("Log")
        return [json.loads(line) for line in text.splitlines()]


@contextlib.contextmanager
def fake_desktop(*services: str) -> Iterator[FakeDesktop]:
    """A session bus of its own serving ``services`` (see fake_desktop.py)."""
    require_tool("dbus-run-session")
    proc = subprocess.Popen(
        ["dbus-run-session", "--", sys.executable, str(FAKE), *services],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    address = proc.stdout.readline().strip()
    if not address:
        proc.kill()
        raise AssertionError(f"the fake desktop did not start: {proc.communicate()[1]}")
    name = f"easeback-test-{next(_names)}"
    bus = QDBusConnection.connectToBus(address, name)
    desk = FakeDesktop(bus, address)
    try:
        assert bus.isConnected(), bus.lastError().message()
        yield desk
    finally:
        for calls in desk._calls:
            calls.close()
        QDBusConnection.disconnectFromBus(name)
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
