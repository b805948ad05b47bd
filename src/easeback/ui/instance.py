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

Asking needs only the standard library, so ``easeback status``, which a status
bar runs every few seconds, starts without Qt; the app listens with Qt's
``QLocalServer``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from easeback import APP_ID
from easeback.core.paths import paths

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtNetwork import QLocalSocket

Request = dict[str, Any]
Answer = dict[str, Any]
TIMEOUT = 5.0  # seconds a request waits for the running app's answer


class NoAnswer(Exception):
    """Another app holds the socket but did not answer in time."""


def socket_path() -> str:
    """This user's socket for this Easeback home."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if os.path.isabs(runtime) else tempfile.gettempdir()
    home = hashlib.sha256(str(paths().data_dir).encode()).hexdigest()[:12]
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return os.path.join(folder, f"{APP_ID}-{user}-{home}")


def ask(request: Request, timeout: float = TIMEOUT) -> Answer | None:
    """Send ``request`` to the running app: its answer, or None when no app runs.

    Raises NoAnswer when an app is there but does not answer within ``timeout``.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        try:
            client.connect(socket_path())
        except OSError:
            return None  # no socket, or one left by a crash (connection refused)
        try:
            client.sendall(json.dumps(request).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = client.recv(65536)
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            raise NoAnswer(f"the running {APP_ID} did not answer") from None
    try:
        answer = json.loads(data)
    except ValueError:
        raise NoAnswer(f"the running {APP_ID} gave no answer") from None
    return answer if isinstance(answer, dict) else {"ok": False}


class Server:
    """Listens on the socket and answers each request with ``handle(request)``."""

    def __init__(self, handle: Callable[[Request], Answer], parent: QObject | None = None):
        from PySide6.QtNetwork import QLocalServer  # here: asking must not load Qt

        self._handle = handle
        self._server = QLocalServer(parent)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._remove = QLocalServer.removeServer

    def listen(self) -> bool:
        """Take the socket; False when another app answers on it (it started first)."""
        path = socket_path()
        if self._server.listen(path):
            return True
        if ask({"command": "ping"}, timeout=1.0) is not None:
            return False
        self._remove(path)  # left by a crash: nobody answers on it
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
        client.write(json.dumps(answer).encode() + b"\n")
        client.disconnectFromServer()
