"""The first frame without the core: a snapshot of what the window showed last time.

Drawing the library takes the catalogue, the settings and a plan for every card
(its length): most of the work of a start, and the same at every start. So each
run keeps a small snapshot of what the first frame shows (the cards, the safety
notice, the window's place), stamped with the size and modification time of
every file it came from: the built-in and the user's catalogue, any
``--catalogue`` file and the settings. When none of them has changed, the next
start draws the window from the snapshot and loads the core right after the
first paint; ``MainWindow.adopt`` then checks the cards against the real data
and redraws them if anything differs, so a stale snapshot costs a redraw, never
a wrong library. A missing, unreadable or stale snapshot means the usual start.

Only the window's own start uses it: ``easeback run ID`` and ``--start-hidden``
load everything before they show anything.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, get_type_hints

from easeback import __version__
from easeback.core import resources
from easeback.core.paths import Paths, write_atomically
from easeback.ui.library_page import Entry

if TYPE_CHECKING:
    from easeback.core.catalogue import Catalogue
    from easeback.core.settings import Settings

FORMAT = 1  # raise when Frame or Entry change shape
# what each of Entry's fields must hold in the file, read from Entry itself (JSON may
# write a whole float as an int)
_ENTRY_TYPES = tuple((int, float) if t is float else t for t in get_type_hints(Entry).values())


class Frame(NamedTuple):
    """What the first paint shows, and nothing else."""

    entries: tuple[Entry, ...]
    cautions: tuple[str, ...]
    show_cautions: bool  # the first-start notice, until dismissed
    geometry: str  # the window's saved place and size ("" for the default)


def frame_of(
    catalogue: Catalogue, settings: Settings, entries: Sequence[Entry] | None = None
) -> Frame:
    """What ``catalogue`` and ``settings`` show (``entries``: the cards, if at hand)."""
    if entries is None:
        from easeback.ui.library_page import entries_for

        entries = entries_for(catalogue, settings)
    return Frame(
        tuple(entries),
        tuple(catalogue.cautions),
        not settings.cautions_seen and bool(catalogue.cautions),
        settings.window_geometry,
    )


class Snapshot:
    """The snapshot file of one set of sources (see the module's docstring)."""

    def __init__(self, where: Paths, catalogues: Iterable[str | Path] = ()):
        self.file = where.cache_dir / "first-frame.json"
        self.sources = [
            resources.catalogue_path(),
            where.user_catalogue,
            *(Path(c) for c in catalogues),
            where.settings_file,
        ]

    def _stamps(self) -> list[list[Any]]:
        stamps: list[list[Any]] = []
        for source in self.sources:
            try:
                info = os.stat(source)
            except OSError:  # a missing file counts too: creating it changes the stamp
                stamps.append([str(source), None, None])
            else:
                stamps.append([str(source), info.st_mtime_ns, info.st_size])
        return stamps

    def read(self) -> Frame | None:
        """The frame, if the snapshot exists, is whole and all its sources are unchanged."""
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if (
                data["format"] != FORMAT
                or data["version"] != __version__
                or data["sources"] != self._stamps()
            ):
                return None
            cautions, geometry = data["cautions"], data["geometry"]
            if not all(isinstance(text, str) for text in [*cautions, geometry]):
                return None
            return Frame(
                tuple(_entry(row) for row in data["entries"]),
                tuple(cautions),
                data["show_cautions"] is True,
                geometry,
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def write(self, frame: Frame) -> None:
        """Keep ``frame`` for the next start, stamped with the sources as they are now."""
        data = {
            "format": FORMAT,
            "version": __version__,
            "sources": self._stamps(),
            "entries": [list(entry) for entry in frame.entries],
            "cautions": list(frame.cautions),
            "show_cautions": frame.show_cautions,
            "geometry": frame.geometry,
        }
        with contextlib.suppress(OSError):  # then only the next start is slower
            write_atomically(self.file, json.dumps(data, ensure_ascii=False))


def _entry(row: Sequence[Any]) -> Entry:
    if len(row) != len(_ENTRY_TYPES) or not all(
        isinstance(value, kind) for value, kind in zip(row, _ENTRY_TYPES, strict=True)
    ):
        raise TypeError("not a library entry")
    return Entry(*row)
