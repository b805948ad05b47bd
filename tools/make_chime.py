"""Write resources/sounds/chime.wav: two soft bell tones, about half a second, 16 kHz mono.

Run ``uv run python tools/make_chime.py`` to make it again; the file is small and kept
in the repository.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16000
TONES = ((659.25, 0.0), (987.77, 0.12))  # E5, then B5 a moment later
LENGTH = 0.5  # seconds
PEAK = 0.35  # of full scale: a chime, not an alarm


def samples() -> list[int]:
    out = []
    for n in range(int(RATE * LENGTH)):
        t = n / RATE
        value = 0.0
        for frequency, start in TONES:
            if t >= start:
                age = t - start
                attack = min(1.0, age / 0.005)
                value += attack * math.exp(-age * 7.0) * math.sin(2 * math.pi * frequency * age)
        fade = min(1.0, (LENGTH - t) / 0.05)
        out.append(round(max(-1.0, min(1.0, value * PEAK * fade)) * 32767))
    return out


def main() -> None:
    path = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "chime.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{int(RATE * LENGTH)}h", *samples()))
    print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
