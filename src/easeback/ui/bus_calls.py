"""D-Bus method calls with their types spelled out, for the desktop's services.

PySide6's QtDBus cannot send every type these services ask for: a Python int
goes out as int32 where ``Notify`` and GNOME's session manager want a uint32, and
a proxy built from a GLib service's own description (``QDBusInterface``) cannot
pass the ``a{sv}`` of hints at all. GLib services (GNOME Shell, dunst,
gnome-session...) check each call's types and refuse such a call. So calls to
them go through jeepney with the signature written out, on a session-bus
connection of their own, kept open: a notification or an inhibition belongs to
the connection that asked for it. The signals they send back are broadcast, and
are still received through QtDBus, and so are calls without arguments
(``first_value``), which QtDBus sends right and which need no second connection.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

TIMEOUT = 1.0  # seconds: a desktop service that does not answer in this time is skipped


class SessionCalls:
    """Typed method calls on the session bus (or the bus at ``address``)."""

    def __init__(self, address: str = "SESSION"):
        self._address = address
        self._connection: Any = None

    def call(
        self, service: str, path: str, interface: str, method: str, signature: str = "", *body: Any
    ) -> tuple[Any, ...] | None:
        """The reply's values, or None where the service is missing, refuses or is silent.

        ``signature`` is the D-Bus signature of ``body``: ``"sua{sv}"``, the values of
        an ``a{sv}`` given as ``(signature, value)`` pairs."""
        try:
            from jeepney import DBusAddress, MessageType, new_method_call
            from jeepney.io.blocking import open_dbus_connection

            if self._connection is None:
                self._connection = open_dbus_connection(self._address)
            message = new_method_call(
                DBusAddress(path, service, interface), method, signature or None, body
            )
            reply = self._connection.send_and_get_reply(message, timeout=TIMEOUT)
        except (ImportError, OSError, ValueError, KeyError, StopIteration) as exc:
            log.info("%s.%s could not be called: %s", interface, method, exc)
            self.close()  # a broken connection is opened again by the next call
            return None
        if reply.header.message_type == MessageType.error:
            log.info("%s.%s refused: %s", interface, method, reply.body)
            return None
        values: tuple[Any, ...] = reply.body
        return values

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def first_value(
    bus: Any, call: tuple[str, str, str, str], timeout: float = TIMEOUT
) -> object | None:
    """The first value that ``call`` (service, path, interface, method: no arguments)
    returns over ``bus``, a QDBusConnection; None where the service is missing, refuses
    or is silent for ``timeout`` seconds."""
    from PySide6.QtDBus import QDBus, QDBusMessage

    if not bus.isConnected():
        return None
    reply = bus.call(
        QDBusMessage.createMethodCall(*call), QDBus.CallMode.Block, round(timeout * 1000)
    )
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    value: object = reply.arguments()[0]
    return value
