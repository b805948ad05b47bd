"""Spoken test material: phrases said by espeak-ng, made the way the benchmark makes its corpus.

The recogniser tests use voices the benchmark does not tune on (``HELD_OUT``).
"""

from __future__ import annotations

import random
import wave
from array import array
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import bench_script, require_tool
from tests.listen.pulse import pulse  # noqa: F401  (a fixture for the tests here)

HELD_OUT = ("en-us-nyc", "en-gb-x-gbclan")
PLUMBING = "en-us"  # the voice of tests about the plumbing, not about accuracy
RATE = 160
QUIET_ROOM = (35.0, 40.0)  # dB SNR; the benchmark's harder 10-20 dB has its figures in the docs


@pytest.fixture(scope="session")
def bench() -> ModuleType:
    return bench_script("voice_commands")


class Speech:
    """Renders phrases to 16 kHz mono WAV files (cached for the session)."""

    def __init__(self, folder: Path, bench: ModuleType):
        self.folder = folder
        self.bench = bench

    def samples(self, text: str, voice: str = PLUMBING, rate: int = RATE) -> array:
        return self.bench.render(text, voice, rate, self.folder)

    def stream(self, items, voice: str = PLUMBING, seed: int = 3, gap: float = 1.2, snr=QUIET_ROOM):
        """(text, command or None) items in one recording with pink noise: the bench's Stream."""
        rng = random.Random(seed)
        return self.bench.build_stream(
            voice, [(self.samples(t, voice), c) for t, c in items], rng, gap=gap, snr=snr
        )

    def wav(self, name: str, samples: array) -> Path:
        path = self.folder / f"{name}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes(samples.tobytes())
        return path


@pytest.fixture(scope="session")
def speech(tmp_path_factory, bench) -> Speech:
    require_tool("espeak-ng")
    require_tool("sox")
    return Speech(tmp_path_factory.mktemp("speech"), bench)
