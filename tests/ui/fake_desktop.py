"""Fake desktop services on a private session bus, for tests: run under dbus-run-session.

``python fake_desktop.py SERVICE...`` registers the named services, prints the bus
address on one line, and serves until stdin closes. SERVICE is one of:

- ``screensaver``: org.freedesktop.ScreenSaver (GetSessionIdleTime, GetActive,
  Inhibit, UnInhibit);
- ``gnome-session``: org.gnome.SessionManager (Inhibit, Uninhibit);
- ``power-management``: org.freedesktop.PowerManagement (Inhibit, UnInhibit), as
  XFCE's power manager serves it;
- ``mutter``: org.gnome.Mutter.IdleMonitor (GetIdletime);
- ``notifications``: org.freedesktop.Notifications with the "actions" capability;
- ``notifications-plain``: the same without "actions".

Every fake also answers ``org.easeback.Test`` at ``/test``: ``Set(key, value)`` sets
the idle milliseconds (``idle``) or the lock (``active``: "1"/"0"), ``Invoke(id, key)``
emits ActionInvoked, ``Log()`` returns what was asked of it, one JSON object a line.
"""

from __future__ import annotations

import json
import os
import sys
import threading

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

EXPORT = (
    QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
)
state = {"idle": 0, "active": False, "log": []}


def record(**entry: object) -> None:
    state["log"].append(json.dumps(entry))


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(result="uint")
    def GetSessionIdleTime(self) -> int:
        record(call="GetSessionIdleTime")
        return int(state["idle"])

    @Slot(result=bool)
    def GetActive(self) -> bool:
        return bool(state["active"])

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        record(call="Inhibit", application=application, reason=reason)
        return 41

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        record(call="UnInhibit", cookie=cookie)


@ClassInfo({"D-Bus Interface": "org.gnome.SessionManager"})
class GnomeSession(QObject):
    @Slot(str, "uint", str, "uint", result="uint")
    def Inhibit(self, app_id: str, window: int, reason: str, flags: int) -> int:
        record(call="Inhibit", app_id=app_id, window=window, reason=reason, flags=flags)
        return 7

    @Slot("uint")
    def Uninhibit(self, cookie: int) -> None:
        record(call="Uninhibit", cookie=cookie)


@ClassInfo({"D-Bus Interface": "org.freedesktop.PowerManagement.Inhibit"})
class PowerManagement(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        record(call="Inhibit", application=application, reason=reason)
        return 23

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        record(call="UnInhibit", cookie=cookie)


@ClassInfo({"D-Bus Interface": "org.gnome.Mutter.IdleMonitor"})
class Mutter(QObject):
    @Slot(result="qulonglong")
    def GetIdletime(self) -> int:
        return int(state["idle"])


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Notifications(QObject):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self, actions: bool):
        super().__init__()
        self.actions = actions
        self.last = 0

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["actions", "body", "persistence"] if self.actions else ["body"]

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout) -> int:
        number = replaces or self.last + 1
        self.last = max(self.last, number)
        record(
            call="Notify",
            id=number,
            app=app,
            replaces=replaces,
            summary=summary,
            body=body,
            actions=actions,
            timeout=timeout,
        )
        return number

    @Slot("uint")
    def CloseNotification(self, number: int) -> None:
        record(call="CloseNotification", id=number)
        self.NotificationClosed.emit(number, 3)


@ClassInfo({"D-Bus Interface": "org.easeback.Test"})
class Control(QObject):
    def __init__(self, notifications: Notifications | None):
        super().__init__()
        self.notifications = notifications

    @Slot(str, str)
    def Set(self, key: str, value: str) -> None:
        state[key] = value == "1" if key == "active" else int(value)

    @Slot(int, str)
    def Invoke(self, number: int, key: str) -> None:
        assert self.notifications is not None
        self.notifications.ActionInvoked.emit(number, key)

    @Slot(result=str)
    def Log(self) -> str:
        return "\n".join(state["log"])


def main(services: list[str]) -> None:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    keep: list[QObject] = []

    def serve(name: str, path: str, obj: QObject) -> None:
        keep.append(obj)
        if not bus.registerObject(path, obj, EXPORT) or not bus.registerService(name):
            raise SystemExit(f"could not register {name}")

    notifications = None
    for service in services:
        if service == "screensaver":
            serve("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", ScreenSaver())
        elif service == "mutter":
            serve("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", Mutter())
        elif service == "gnome-session":
            serve("org.gnome.SessionManager", "/org/gnome/SessionManager", GnomeSession())
        elif service == "power-management":
            path = "/org/freedesktop/PowerManagement/Inhibit"
            serve("org.freedesktop.PowerManagement", path, PowerManagement())
        elif service.startswith("notifications"):
            notifications = Notifications(actions=service == "notifications")
            serve("org.freedesktop.Notifications", "/org/freedesktop/Notifications", notifications)
    control = Control(notifications)
    keep.append(control)
    bus.registerObject("/test", control, EXPORT)
    bus.registerService("org.easeback.Test")
    print(os.environ["DBUS_SESSION_BUS_ADDRESS"], flush=True)

    def wait_for_stdin() -> None:
        sys.stdin.read()
        os._exit(0)  # the test is done with this bus

    threading.Thread(target=wait_for_stdin, daemon=True).start()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1:])
