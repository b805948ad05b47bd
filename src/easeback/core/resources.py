"""Where the built-in catalogue, its schema and the illustrations live.

One module knows the three layouts: an installed wheel (files under
``easeback/data``), a source checkout (the repository root) and a PyInstaller
bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def data_dir() -> Path:
    """The folder holding ``exercises.json``, ``exercises.schema.json`` and ``resources/``."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "easeback" / "data")
    candidates.append(_PACKAGE_DIR / "data")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent.parent)  # source checkout: src/easeback -> root
    for candidate in candidates:
        if (candidate / "exercises.json").is_file():
            return candidate
    raise FileNotFoundError(
        "The built-in exercises.json was not found in: " + ", ".join(str(c) for c in candidates)
    )


def catalogue_path() -> Path:
    return data_dir() / "exercises.json"


def schema_path() -> Path:
    return data_dir() / "exercises.schema.json"


def resources_dir() -> Path:
    return data_dir() / "resources"


def resource(relative: str) -> Path:
    """A file under ``resources/`` by its relative path (for example an illustration)."""
    return resources_dir() / relative
