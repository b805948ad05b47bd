"""Every path Easeback writes to, in one place.

Linux and the BSDs use the XDG base directories, read here directly (the same
folders ``platformdirs`` gives, without its import at every start); Windows and
macOS use ``platformdirs``. Setting ``EASEBACK_HOME`` puts all of them under one
folder instead (tests, portable use).
"""

from __future__ import annotations

import os
import sys
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


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a crash leaves either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
