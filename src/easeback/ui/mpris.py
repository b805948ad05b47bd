"""Headset and media buttons: the running session as an MPRIS player on the session D-Bus.

Publishes ``org.mpris.MediaPlayer2.easeback`` at ``/org/mpris/MediaPlayer2``.
Play, Pause, PlayPause, Next, Previous and Stop drive the session; Raise (a click
on a desktop's media widget) brings the window up;
``PlaybackStatus`` and ``Metadata`` (exercise, phase, side, the phase's length)
follow it and are announced with ``PropertiesChanged``. They change with the phase,
not with the seconds, so a hold sends nothing over the bus: a signal every second
would wake the bus and every media widget listening. The seconds left are in
``easeback status``. Headset buttons, desktop
media widgets, KDE Connect and ``playerctl`` need nothing more. Without a
session bus (or when another Easeback holds the name) it does nothing.

The object is a ``QDBusVirtualObject`` answering the messages itself, so every
value goes out with the D-Bus type the specification asks for. Two PySide6 habits
would change a type on the way: ``createReply(list)`` sends the list as one array
of variants (``av``, where ``GetAll`` must answer ``a{sv}``), and an empty Python
list becomes ``av`` too. GLib's clients (playerctl, GNOME's media widget) then
drop the whole answer. So a reply gets its arguments with ``_reply``, and an
empty list of strings goes out through ``_strings``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusVariant,
    QDBusVirtualObject,
)

from easeback import APP_NAME
from easeback.core.session import Snapshot

log = logging.getLogger(__name__)

SERVICE = "org.mpris.MediaPlayer2.easeback"
PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
DESKTOP_ENTRY = "io.github.easeback.Easeback"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"

INTROSPECTION = f"""<interface name="{ROOT}">
  <method name="Raise"/><method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="DesktopEntry" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
</interface>
<interface name="{PLAYER}">
  <method name="Next"/><method name="Previous"/><method name="Pause"/>
  <method name="PlayPause"/><method name="Stop"/><method name="Play"/>
  <method name="Seek"><arg type="x" name="Offset" direction="in"/></method>
  <method name="SetPosition"><arg type="o" name="TrackId" direction="in"/>
    <arg type="x" name="Position" direction="in"/></method>
  <method name="OpenUri"><arg type="s" name="Uri" direction="in"/></method>
  <signal name="Seeked"><arg type="x" name="Position"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="read"/>
  <property name="Metadata" type="a{{sv}}" access="read"/>
  <property name="Volume" type="d" access="read"/>
  <property name="Position" type="x" access="read"/>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
</interface>
<interface name="{PROPERTIES}">
  <method name="Get"><arg type="s" name="interface" direction="in"/>
    <arg type="s" name="name" direction="in"/><arg type="v" name="value" direction="out"/></method>
  <method name="GetAll"><arg type="s" name="interface" direction="in"/>
    <arg type="a{{sv}}" name="properties" direction="out"/></method>
  <signal name="PropertiesChanged"><arg type="s" name="interface"/>
    <arg type="a{{sv}}" name="changed"/><arg type="as" name="invalidated"/></signal>
</interface>
"""

STATUS = {"running": "Playing", "paused": "Paused"}


def playback_status(state: str) -> str:
    return STATUS.get(state, "Stopped")


def metadata(snapshot: Snapshot | None, plan_name: str | None) -> dict[str, Any]:
    """The MPRIS metadata of the phase on screen (a placeholder when nothing runs)."""
    if snapshot is None:
        return {"mpris:trackid": QDBusObjectPath(NO_TRACK), "xesam:title": APP_NAME}
    phase = snapshot.phase
    side = phase.side or ""
    title = phase.exercise_name or phase.title
    parts = [phase.label.capitalize()] + ([f"{side} {phase.side_label}"] if side else [])
    return {
        "mpris:trackid": QDBusObjectPath(f"/io/github/easeback/phase/{phase.index}"),
        "xesam:title": f"{title}: {', '.join(parts)}",
        "xesam:album": plan_name or title,
        "xesam:artist": [APP_NAME],
        "easeback:exercise": title,
        "easeback:phase": phase.label.lower(),
        "easeback:side": side,
        "easeback:phaseLength": round(phase.seconds),
    }


class MprisPlayer(QDBusVirtualObject):
    """Answers MPRIS calls for ``controller`` (a SessionController)."""

    def __init__(
        self,
        controller: Any,
        connection: QDBusConnection,
        parent: QObject | None = None,
        on_raise: Callable[[], object] | None = None,
    ):
        super().__init__(parent)
        self.controller = controller
        self.connection = connection
        self.on_raise = on_raise  # Raise: a click on the media widget brings the window up
        self._last: dict[str, Any] = {}
        self._last_key: tuple[object, ...] | None = None
        controller.driver.changed.connect(self.announce)
        controller.started.connect(lambda _plan: self.announce())
        controller.finished.connect(lambda _completed: self.announce())

    # ------------------------------------------------------------------ values
    def _player_properties(self) -> dict[str, Any]:
        c = self.controller
        snap = c.snapshot()
        active = c.active
        plan = c.plan
        return {
            "PlaybackStatus": playback_status(c.state),
            "Rate": 1.0,
            "Metadata": metadata(snap if active else None, plan.name if plan else None),
            "Volume": 1.0,
            "MinimumRate": 1.0,
            "MaximumRate": 1.0,
            "CanGoNext": active,
            "CanGoPrevious": active,
            "CanPlay": active,
            "CanPause": active,
            "CanSeek": False,
            "CanControl": True,
        }

    def _root_properties(self) -> dict[str, Any]:
        return {
            "CanQuit": False,
            "CanRaise": self.on_raise is not None,
            "HasTrackList": False,
            "Identity": APP_NAME,
            "DesktopEntry": DESKTOP_ENTRY,
            "SupportedUriSchemes": _strings([]),
            "SupportedMimeTypes": _strings([]),
        }

    def _properties(self, interface: str) -> dict[str, Any] | None:
        if interface == PLAYER:
            return self._player_properties()
        if interface == ROOT:
            return self._root_properties()
        return None

    def announce(self) -> None:
        """Send PropertiesChanged for what changed since the last time.

        Asked each second of a session, but what MPRIS shows changes only with the
        session, its state or its phase: the rest of the seconds cost a comparison."""
        c = self.controller
        key = (c.session, c.state, c.session.phase_index() if c.session else None)
        if key == self._last_key:
            return
        self._last_key = key
        now = self._player_properties()
        changed = {k: v for k, v in now.items() if _plain(v) != _plain(self._last.get(k))}
        self._last = now
        if not changed:
            return
        signal = QDBusMessage.createSignal(PATH, PROPERTIES, "PropertiesChanged")
        signal.setArguments([PLAYER, changed, _strings([])])
        self.connection.send(signal)

    # ------------------------------------------------------------------ D-Bus
    def introspect(self, path: str) -> str:
        return INTROSPECTION if path == PATH else ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        interface, member, args = message.interface(), message.member(), message.arguments()
        if interface == PROPERTIES:
            return self._handle_properties(message, connection, member, args)
        if interface in (PLAYER, "") and member in PLAYER_METHODS:
            PLAYER_METHODS[member](self.controller)
            connection.send(_reply(message))
            return True
        if interface in (ROOT, "") and member in ("Raise", "Quit"):
            if member == "Raise" and self.on_raise is not None:
                self.on_raise()
            connection.send(_reply(message))
            return True
        if interface == PLAYER and member in ("Seek", "SetPosition", "OpenUri"):
            connection.send(_reply(message))  # allowed no-ops: CanSeek is false
            return True
        return False

    def _handle_properties(
        self, message: QDBusMessage, connection: QDBusConnection, member: str, args: list[Any]
    ) -> bool:
        if member == "GetAll" and len(args) == 1:
            everything = self._properties(str(args[0])) or {}
            connection.send(_reply(message, everything))
            return True
        if member == "Get" and len(args) == 2:
            props = self._properties(str(args[0]))
            if props is None or args[1] not in props:
                connection.send(
                    message.createErrorReply(
                        "org.freedesktop.DBus.Error.UnknownProperty",
                        f"No property {args[1]} on {args[0]}",
                    )
                )
                return True
            connection.send(_reply(message, QDBusVariant(props[str(args[1])])))
            return True
        if member == "Set":
            connection.send(
                message.createErrorReply(
                    "org.freedesktop.DBus.Error.PropertyReadOnly", "Properties are read-only"
                )
            )
            return True
        return False


def _reply(message: QDBusMessage, *arguments: Any) -> QDBusMessage:
    """The reply to ``message`` carrying ``arguments``, each as its own D-Bus argument."""
    reply = message.createReply()
    reply.setArguments(list(arguments))
    return reply


def _strings(items: list[str]) -> QDBusArgument:
    """``items`` as an array of strings (``as``), even when it is empty."""
    argument = QDBusArgument()
    argument << items
    return argument


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, QDBusObjectPath):
        return value.path()
    return value


def _resume(controller: Any) -> None:
    if controller.state == "paused":
        controller.resume()


PLAYER_METHODS: dict[str, Callable[[Any], object]] = {
    "Play": _resume,
    "Pause": lambda c: c.pause(),
    "PlayPause": lambda c: c.toggle(),
    "Next": lambda c: c.skip(),
    "Previous": lambda c: c.back(),
    "Stop": lambda c: c.stop(),
}


def publish(
    controller: Any,
    parent: QObject | None = None,
    connection: QDBusConnection | None = None,
    on_raise: Callable[[], object] | None = None,
) -> MprisPlayer | None:
    """Put ``controller`` on the session bus (or ``connection``); None, quietly, when
    there is no bus or the name is taken. ``on_raise`` answers Raise."""
    if connection is None:
        connection = QDBusConnection.sessionBus()
    if not connection.isConnected():
        log.info("MPRIS: no session bus, media keys are not available")
        return None
    player = MprisPlayer(controller, connection, parent, on_raise)
    if not connection.registerVirtualObject(PATH, player):
        log.info("MPRIS: could not register %s", PATH)
        return None
    if not connection.registerService(SERVICE):
        connection.unregisterObject(PATH)
        log.info("MPRIS: %s is taken (another Easeback?)", SERVICE)
        return None
    player.announce()
    return player


def withdraw(player: MprisPlayer | None) -> None:
    if player is None:
        return
    player.connection.unregisterService(SERVICE)
    player.connection.unregisterObject(PATH)
