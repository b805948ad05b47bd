"""One Easeback per user: the running app listens on a local socket.

A second ``easeback`` asks it to bring its window to the front, a second
``easeback run ID`` asks it to start ID, and ``easeback status`` asks what it is
doing. A request is one line of JSON, and so is the answer:

    {"command": "show"}              -> {"ok": true}
    {"command": "run", "id": "ID"}   -> {"ok": true}   (started once the window asks, if need be)
    {"command": "status"}            -> {"ok": true, "session": ..., "next_break_at": ...}

The socket is a file only its user can open, one per Easeback home (so
``EASEBACK_HOME`` keeps test runs apart). A crash leaves the file behind; nobody
answers on it, so the next app removes it and listens in its place.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from easeback import APP_ID
from easeback.core.paths import paths
from easeback.core.time import local_now
from easeback.ui.controller import SessionController
from easeback.ui.reminders import ReminderDriver
from easeback.ui.session_page import phase_label

Request = dict[str, Any]
Answer = dict[str, Any]
TIMEOUT_MS = 5000  # how long a request waits for the running app's answer


class NoAnswer(Exception):
    """Another app holds the socket but did not answer in time."""


def socket_path() -> str:
    """This user's socket for this Easeback home."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if os.path.isabs(runtime) else tempfile.gettempdir()
    home = hashlib.sha256(str(paths().data_dir).encode()).hexdigest()[:12]
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return os.path.join(folder, f"{APP_ID}-{user}-{home}")


def ask(request: Request, timeout_ms: int = TIMEOUT_MS) -> Answer | None:
    """Send ``request`` to the running app: its answer, or None when no app runs.

    Raises NoAnswer when an app is there but does not answer within ``timeout_ms``.
    """
    client = QLocalSocket()
    client.connectToServer(socket_path())
    if not client.waitForConnected(timeout_ms):
        return None  # no socket, or one left by a crash (connection refused)
    client.write(QByteArray(json.dumps(request).encode() + b"\n"))
    client.waitForBytesWritten(timeout_ms)
    data = b""
    while not data.endswith(b"\n"):
        if not client.waitForReadyRead(timeout_ms):
            client.abort()
            raise NoAnswer(f"the running {APP_ID} did not answer")
        data += bytes(client.readAll().data())
    client.disconnectFromServer()
    answer = json.loads(data)
    return answer if isinstance(answer, dict) else {"ok": False}


class Server(QObject):
    """Listens on the socket and answers each request with ``handle(request)``."""

    def __init__(self, handle: Callable[[Request], Answer], parent: QObject | None = None):
        super().__init__(parent)
        self._handle = handle
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Take the socket; False when another app answers on it (it started first)."""
        path = socket_path()
        if self._server.listen(path):
            return True
        if ask({"command": "ping"}, timeout_ms=1000) is not None:
            return False
        QLocalServer.removeServer(path)  # left by a crash: nobody answers on it
        return self._server.listen(path)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (client := self._server.nextPendingConnection()) is not None:
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(client.deleteLater)

    def _read(self, client: QLocalSocket) -> None:
        if not client.canReadLine():
            return
        line = bytes(client.readLine().data())
        try:
            request = json.loads(line)
            answer = self._handle(request) if isinstance(request, dict) else None
        except ValueError:
            answer = None
        answer = answer or {"ok": False, "error": "not a request"}
        client.write(QByteArray(json.dumps(answer).encode() + b"\n"))
        client.disconnectFromServer()


def status(controller: SessionController, reminders: ReminderDriver | None) -> Answer:
    """What ``easeback status`` reports: the session, if one runs, and the next break."""
    snap, plan = controller.snapshot(), controller.plan
    session = None
    if snap is not None and plan is not None and controller.active:
        session = {
            "id": plan.id,
            "name": plan.name,
            "phase": snap.phase.kind,
            "label": phase_label(snap.phase, snap.rep),
            "side": snap.phase.side,
            "seconds_left": round(snap.phase_left, 1),
            "total_seconds_left": round(snap.total_left, 1),
            "paused": snap.state == "paused",
        }
    remaining = reminders.status().remaining if reminders is not None else None
    at = None if remaining is None else local_now() + timedelta(seconds=remaining)
    return {
        "ok": True,
        "session": session,
        "next_break_at": at.isoformat(timespec="seconds") if at else None,
        "next_break_in_seconds": None if remaining is None else round(remaining),
    }
