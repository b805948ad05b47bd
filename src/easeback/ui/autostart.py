"""Start Easeback at login, hidden in the tray, so break reminders run all day.

Linux and the BSDs (freedesktop.org desktops): an XDG autostart entry,
``$XDG_CONFIG_HOME/autostart/io.github.easeback.Easeback.desktop`` (by default
under ``~/.config``), the same file ``packaging/linux/install.sh --autostart``
writes, running ``easeback --start-hidden``. ``Exec`` names the running
``easeback`` by its full path when it can be found (the desktop session's PATH
often lacks ``~/.local/bin``), else plain ``easeback``.

Windows and macOS get nothing yet: ``supported()`` is False there and the
settings checkbox is disabled with a note. (Windows would need a shortcut in
the Startup folder or a ``Run`` registry value; macOS a LaunchAgent plist or a
login item.)
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from easeback import APP_ID, APP_NAME
from easeback.core.paths import write_atomically

UNSUPPORTED = "Starting at login is not available on this system yet"


def supported() -> bool:
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly"))


def autostart_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or ""
    base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
    return base / "autostart" / f"{APP_ID}.desktop"


def is_enabled() -> bool:
    return supported() and autostart_file().is_file()


def command() -> str:
    """The executable the entry runs: the bundle, the ``easeback`` on PATH, or ``easeback``."""
    if getattr(sys, "frozen", False):
        return sys.executable
    found = shutil.which("easeback")
    return str(Path(found).resolve()) if found else "easeback"


def _quote(arg: str) -> str:
    """An argument as the Desktop Entry spec wants it in ``Exec``."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(executable: str | None = None) -> str:
    executable = executable or command()
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "GenericName=Stretch Coach\n"
        "Comment=Break reminders for stretch breaks, from the system tray\n"
        f"Icon={APP_ID}\n"
        f"Exec={_quote(executable)} --start-hidden\n"
        f"TryExec={executable}\n"
        "Terminal=false\n"
        "Categories=Utility;Qt;\n"
        "StartupWMClass=Easeback\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def enable(executable: str | None = None) -> Path:
    path = autostart_file()
    write_atomically(path, desktop_entry(executable))
    return path


def disable() -> None:
    autostart_file().unlink(missing_ok=True)


def set_enabled(wanted: bool) -> str | None:
    """Write or remove the entry; returns what went wrong, for the status bar, or None."""
    if not supported():
        return UNSUPPORTED if wanted else None
    try:
        if wanted:
            enable()
        else:
            disable()
    except OSError as exc:
        where = autostart_file()
        return f"Could not {'write' if wanted else 'remove'} {where}: {exc.strerror or exc}"
    return None
