"""Pick the best speaker that works here: the cached pyttsx3 voice, else beeps, else silence."""

from __future__ import annotations

import logging
from collections.abc import Callable

from easeback.core.paths import paths
from easeback.core.settings import Settings
from easeback.speech.player import choose_player, no_player_message
from easeback.speech.protocol import Speaker
from easeback.speech.speaker import BeepSource, CachedSpeaker, Outcome, SilentSpeaker, VoiceSource

log = logging.getLogger(__name__)

VOICE_OFF = "Voice off (--no-voice): cues are shown only."


def create_speaker(
    settings: Settings,
    *,
    enabled: bool = True,
    on_status: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Speaker:
    """A speaker for ``settings`` (voice, rate, volume, muted); returns at once.

    The engine starts on the speaker's own thread; until it has, ``status`` says
    "Starting the voice...". ``on_status`` is called (on that thread) whenever
    the status changes, e.g. when the engine turns out to be missing.
    """
    if not enabled:
        return SilentSpeaker(VOICE_OFF)
    player = choose_player()
    if player is None:
        message = no_player_message()
        log.warning("%s", message)
        return SilentSpeaker(message)
    cache_dir = paths().speech_cache
    source = VoiceSource(
        cache_dir, voice=settings.voice, rate=settings.rate, volume=settings.volume
    )
    return CachedSpeaker(
        source,
        player,
        fallback=BeepSource(cache_dir, volume=settings.volume),
        muted=settings.muted,
        on_status=on_status,
        on_outcome=on_outcome,
    )


def list_voices() -> list[tuple[str, str]]:
    """``(id, name)`` of every voice the engine offers, for the settings dialog.

    Uses the list the speaker's thread read when it started the engine; starts
    the engine here only if no speaker has yet. Empty when there is no engine.
    """
    from easeback.speech.engine import EngineUnavailable, known_voices, start_engine

    if not known_voices:
        try:
            start_engine().close()
        except EngineUnavailable:
            return []
    return [(v.id, v.name) for v in known_voices]
