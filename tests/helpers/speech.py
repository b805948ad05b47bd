"""Stand-ins for the TTS engine and the sound player, so the worker runs without either."""

from __future__ import annotations

import threading
from array import array
from pathlib import Path

from easeback.speech.wavfile import Clip, silence, tone, write_clip

LEAD = 0.05  # silence the fake engine puts before the words, like espeak
TAIL = 0.30


def spoken(text: str) -> Clip:
    """What the fake engine "says": silence, a tone as long as the text suggests, silence."""
    words = tone(0.1 + 0.01 * len(text), 440.0)
    samples = array("h")
    samples.extend(silence(LEAD, words.rate).samples)
    samples.extend(words.samples)
    samples.extend(silence(TAIL, words.rate).samples)
    return Clip(words.rate, 1, samples)


class FakeEngine:
    """Renders like ``TtsEngine``; records what it rendered. ``gate`` holds each render."""

    driver = "fake"
    voice_problem: str | None = None
    thread_safe = True  # renders on the render thread, as espeak-ng per phrase does

    def __init__(self, gate: threading.Event | None = None, on_render=None):
        self.rendered: list[str] = []
        self.entered = threading.Event()  # set when a render has begun
        self.gate = gate
        self.on_render = on_render
        self.closed = False

    def voice_in_use(self) -> str:
        return "fake-voice"

    def describe(self) -> str:
        return "Fake voice (fake, 170 words/min)"

    def voices(self) -> list:
        return []

    def render(self, text: str, path: Path) -> None:
        self.entered.set()
        if self.gate is not None:
            assert self.gate.wait(10), "the test never opened the gate"
        self.rendered.append(text)
        if self.on_render is not None:
            self.on_render(text)
        write_clip(path, spoken(text))

    def close(self) -> None:
        self.closed = True


class FakePlayer:
    """Records the files it was asked to play."""

    name = "fake-player"

    def __init__(self, fail_first: int = 0):
        self.on_failure = None
        self.played: list[Path] = []
        self.stops = 0
        self.closed = False
        self._fail = fail_first

    def play(self, path: Path) -> None:
        if self._fail:
            self._fail -= 1
            raise RuntimeError("the player broke")
        self.played.append(path)

    def stop(self) -> None:
        self.stops += 1

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True
