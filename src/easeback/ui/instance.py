"""One Easeback per user: the running app listens on a local socket.

A second ``easeback`` asks it to bring its window to the front, a second
``easeback run ID`` asks it to start ID, and ``easeback status`` asks what it is
doing. A request is one line of JSON, and so is the answer:

    {"command": "show"}              -> {"ok": true}
    {"command": "run", "id": "ID"}   -> {"ok": true}   (started once the window asks, if need be)
    {"command": "status"}            -> {"ok": true, "session": ..., "next_break_at": ...}

The socket is a file only its user can open, one per Easeback home (so
``EASEBACK_HOME`` keeps test runs apart). Which app is the one is decided by a
lock on a file beside it (``flock``), not by the socket: Qt's ``QLocalServer``
puts its socket in place with a rename, so two apps started at the same moment
would both listen. The lock goes with its process, so a crash leaves no lock;
the socket file it leaves behind is removed by the next app to take the lock.
Where the socket's folder cannot be used, the app runs on its own and says so.

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
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from easeback import APP_ID
from easeback.core.paths import paths

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtNetwork import QLocalSocket

Request = dict[str, Any]
Answer = dict[str, Any]
REFUSED = "the running Easeback refused"  # said when its answer gives no reason
TIMEOUT = 5.0  # seconds a request waits for the running app's answer


class NoAnswer(Exception):
    """Another app holds the socket but did not answer in time."""


#: ``Server.listen``: another app holds the lock (it started first): hand over to it.
ANOTHER = "another"


def socket_path() -> str:
    """This user's socket for this Easeback home."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if os.path.isabs(runtime) else tempfile.gettempdir()
    home = hashlib.sha256(str(paths().data_dir).encode()).hexdigest()[:12]
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return os.path.join(folder, f"{APP_ID}-{user}-{home}")


def ask_when_ready(request: Request, timeout: float = TIMEOUT) -> Answer | None:
    """``ask``, for an app that holds the lock but may still be starting: asked again
    until it listens, for up to ``timeout`` seconds; None if it never does."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        answer = ask(request, timeout)
        if answer is not None or time.monotonic() > deadline:
            return answer
        pause.wait(0.1)  # waiting on another process, not timing


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
            raise NoAnswer(
                f"the running Easeback did not answer within {timeout:g} s (is it stopped or "
                "busy?); it may still do what was asked once it answers"
            ) from None
    try:
        answer = json.loads(data)
    except ValueError:
        raise NoAnswer("the running Easeback gave no answer") from None
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
        self._lock: TextIO | None = None

    def listen(self) -> str | None:
        """Become the one app: None when listening; ``ANOTHER`` when another app holds
        the lock (hand the request over to it); else what stops this one from being
        found (the app then runs on its own)."""
        path = socket_path()
        try:
            self._lock = _take_lock(f"{path}.lock")
        except OSError as exc:
            return f"{path}.lock cannot be made ({exc.strerror or exc})"
        if self._lock is None:
            return ANOTHER
        self._remove(path)  # holding the lock: any socket there was left by a crash
        if not self._server.listen(path):
            return f"{path}: {self._server.errorString()}"
        return None

    def close(self) -> None:
        self._server.close()
        if self._lock is not None:
            self._lock.close()  # lets the lock go
            self._lock = None

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


def _take_lock(path: str) -> TextIO | None:
    """The open lock file, held until closed (or the process ends); None when another
    process holds it. Raises OSError when the file cannot be made."""
    handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - held open while the app runs
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the socket alone decides, as Qt does there
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle
