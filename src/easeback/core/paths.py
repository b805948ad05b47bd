"""Every path Easeback writes to, in one place.

Linux and the BSDs use the XDG base directories, read here directly (the same
folders ``platformdirs`` gives, without its import at every start); Windows and
macOS use ``platformdirs``. Setting ``EASEBACK_HOME`` puts all of them under one
folder instead (tests, portable use).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from easeback import APP_NAME

HOME_VARIABLE = "EASEBACK_HOME"


class Paths(NamedTuple):
    """The three folders (a named tuple: the window's first frame needs them, and a
    dataclass would load the dataclasses module for it)."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def user_catalogue(self) -> Path:
        """The user's own exercises and routines (same shape as the built-in file)."""
        return self.data_dir / "exercises.json"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def speech_cache(self) -> Path:
        return self.cache_dir / "speech"


def paths() -> Paths:
    """The folders in force now (reads ``EASEBACK_HOME`` on every call)."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        base = Path(home)
        return Paths(base / "config", base / "data", base / "cache")
    if sys.platform in ("win32", "darwin"):
        import platformdirs

        return Paths(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )
    return Paths(
        _xdg("XDG_CONFIG_HOME", ".config") / APP_NAME,
        _xdg("XDG_DATA_HOME", ".local/share") / APP_NAME,
        _xdg("XDG_CACHE_HOME", ".cache") / APP_NAME,
    )


def _xdg(variable: str, default: str) -> Path:
    """An XDG base directory; an unset, empty or relative value means the default."""
    value = os.environ.get(variable, "").strip()
    return Path(value) if os.path.isabs(value) else Path.home() / default


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old file or the new one, never half.

    The temporary-file-and-rename only serves a regular file this user owns (or a
    new one). A symlink is followed and its target written the same way, so the
    link stays a link; a device, a pipe or someone else's file is written in
    place (``-o /dev/null`` stays the device it is). A failed write leaves no
    temporary file behind. Raises ``OSError``.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and (
        not stat.S_ISREG(info.st_mode) or info.st_uid != _euid() or info.st_nlink > 1
    ):
        _write_in_place(target, raw)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _write_in_place(target: Path, raw: bytes) -> None:
    with open(target, "wb") as handle:
        handle.write(raw)
        handle.flush()
        with contextlib.suppress(OSError):  # devices and pipes may not sync
            os.fsync(handle.fileno())


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def move_aside(path: Path, label: str) -> Path:
    """Move a damaged ``path`` out of the way, beside itself as ``NAME.LABEL-TIME``, never
    over one moved aside before; returns where it went. Raises OSError."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists() or target.is_symlink():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    path.replace(target)
    return target
