"""The phrase cache: each phrase rendered once to a trimmed WAV file, reused across runs.

A file's name is a hash of everything that changes its sound (engine, voice,
rate, volume, text), so a new voice or rate simply renders new files and the
old ones stay valid for when the user switches back.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
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
    ):
        self.directory = directory
        self.renderer = renderer
        self.voice_key = voice_key  # engine + voice + rate: what the renderer sounds like
        self.volume = min(max(volume, 0.0), 1.0)
        self.on_render = on_render
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def path_for(self, text: str) -> Path:
        key = f"{FORMAT}\0{self.voice_key}\0{self.volume:.2f}\0{text}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.directory / f"{digest}.wav"

    def has(self, text: str) -> bool:
        return text in self._ready or self.path_for(text).is_file()

    def clip_path(self, text: str) -> Path:
        """The WAV file for ``text``, rendered first if it is not cached yet."""
        path = self.path_for(text)
        if text in self._ready:
            return path
        with self._lock:
            if not path.is_file():
                self._render(text, path)
            self._ready.add(text)
        return path

    def clip(self, text: str) -> Clip:
        return read_clip(self.clip_path(text))

    def _render(self, text: str, path: Path) -> None:
        raw = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.raw.wav")
        try:
            self.renderer.render(text, raw)
            clip = scale(trim(read_clip(raw)), self.volume)
            write_clip(path, clip)
        finally:
            raw.unlink(missing_ok=True)
        if self.on_render is not None:
            self.on_render(text)
        log.debug("rendered %r (%.2f s) to %s", text, clip.seconds, path.name)
