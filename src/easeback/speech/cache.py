"""The phrase cache: each phrase rendered once to a trimmed WAV file, reused across runs.

A file's name is a hash of everything that changes its sound (engine, voice,
rate, volume, text), so a new voice or rate simply renders new files and the
old ones stay valid for when the user switches back.

Every file is checked before it is handed out (a cheap look at its header and
size): a damaged one is rendered again, never played as noise. When the cache
folder cannot be written (read-only, full, not a folder), phrases are rendered
to a private temporary folder for the rest of the run instead, and ``problem``
(reported once through ``on_problem``) says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from easeback.speech.wavfile import Clip, read_clip, scale, trim, write_clip

log = logging.getLogger(__name__)

#: Bump when the processing below changes, so old files are not reused.
FORMAT = 2


class Renderer(Protocol):
    """Something that writes a phrase to a WAV file (the TTS engine, or a fake in tests)."""

    def render(self, text: str, path: Path) -> None: ...


class PhraseCache:
    """Rendered, trimmed and volume-scaled phrases in ``directory``."""

    def __init__(
        self,
        directory: Path,
        renderer: Renderer,
        *,
        voice_key: str,
        volume: float = 1.0,
        on_render: Callable[[str], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
    ):
        self.directory = directory
        self.wanted_directory = directory  # where the cache belongs, even while in a temp folder
        self.renderer = renderer
        self.voice_key = voice_key  # engine + voice + rate: what the renderer sounds like
        self.volume = min(max(volume, 0.0), 1.0)
        self.on_render = on_render
        self.on_problem = on_problem
        self.problem: str | None = None
        self._temporary: Path | None = None
        self._lock = threading.Lock()  # guards the two below
        self._rendering: dict[str, threading.Lock] = {}  # one lock per phrase being rendered

    def path_for(self, text: str) -> Path:
        key = f"{FORMAT}\0{self.voice_key}\0{self.volume:.2f}\0{text}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.directory / f"{digest}.wav"

    def has(self, text: str) -> bool:
        return self.path_for(text).is_file()

    def clip_path(self, text: str) -> Path:
        """A checked WAV file for ``text``, rendered first if missing or damaged.

        Raises ``OSError`` or the renderer's error when no file can be made.
        """
        path = self.path_for(text)
        if usable(path):  # the usual case, without waiting for a render in progress
            return path
        with self._lock:
            phrase_lock = self._rendering.setdefault(text, threading.Lock())
        with phrase_lock:  # another phrase may render meanwhile, on another thread
            path = self.path_for(text)
            if path.is_file():
                if usable(path):
                    return path
                log.warning("damaged speech cache file %s for %r: rendering it again", path, text)
                with contextlib.suppress(OSError):
                    path.unlink()
            try:
                self._render(text, path)
            except OSError as exc:
                with self._lock:
                    if self._temporary is None:
                        self._move_to_temporary(exc)
                    elif path.parent == self._temporary:
                        raise
                path = self.path_for(text)
                self._render(text, path)
            return path

    def clip(self, text: str) -> Clip:
        return read_clip(self.clip_path(text))

    def close(self) -> None:
        """Remove the temporary folder, if the run needed one."""
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def _move_to_temporary(self, exc: OSError) -> None:
        self._temporary = Path(tempfile.mkdtemp(prefix="easeback-speech-"))
        self.directory = self._temporary
        reason = exc.strerror or str(exc)
        self.problem = (
            f"The speech cache {self.wanted_directory} cannot be written ({reason}); "
            "phrases are rendered anew for this run."
        )
        log.warning("%s", self.problem)
        if self.on_problem is not None:
            self.on_problem(self.problem)

    def _render(self, text: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.raw.wav")
        try:
            self.renderer.render(text, raw)
            clip = scale(trim(read_clip(raw)), self.volume)
            write_clip(path, clip)
        finally:
            with contextlib.suppress(OSError):
                raw.unlink()
        if self.on_render is not None:
            self.on_render(text)
        log.debug("rendered %r (%.2f s) to %s", text, clip.seconds, path.name)


def usable(path: Path) -> bool:
    """A quick check that ``path`` is a whole 16-bit PCM WAV file of plausible shape.

    Reads the header only; a file cut short, or anything that is not such a WAV
    file (random bytes, another format), is not usable.
    """
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as handle:
            channels, width = handle.getnchannels(), handle.getsampwidth()
            rate, frames = handle.getframerate(), handle.getnframes()
    except (OSError, EOFError, wave.Error, ValueError):
        return False
    return (
        width == 2
        and channels in (1, 2)
        and 8000 <= rate <= 192_000
        and frames > 0
        and size >= 44 + frames * channels * width
    )
