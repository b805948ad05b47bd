"""Small WAV helpers on the standard library: read, write, trim, scale, tone, mix, energy.

Everything here is 16-bit PCM mono or stereo held in an ``array('h')`` of
interleaved samples; that is what espeak-ng and SAPI5 write.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from easeback.core.paths import write_atomically

#: A sample counts as sound above this magnitude (about -40 dBFS).
SILENCE_THRESHOLD = 330
#: Kept before the first and after the last sound so onsets and tails are not clipped.
LEAD_KEEP = 0.003
TAIL_KEEP = 0.030


class WavError(ValueError):
    """The file is not a 16-bit PCM WAV file we can work with."""


@dataclass
class Clip:
    rate: int
    channels: int
    samples: array  # type: ignore[type-arg]  # array('h'), interleaved

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def read_clip(path: Path) -> Clip:
    try:
        with wave.open(str(path), "rb") as handle:
            if handle.getsampwidth() != 2:
                raise WavError(f"{path}: {8 * handle.getsampwidth()}-bit audio, expected 16-bit")
            raw = handle.readframes(handle.getnframes())
            rate, channels = handle.getframerate(), handle.getnchannels()
    except (wave.Error, EOFError) as exc:
        raise WavError(f"{path}: not a PCM WAV file ({exc})") from exc
    samples = array("h")
    samples.frombytes(raw[: len(raw) - len(raw) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return Clip(rate, channels, samples)


def write_clip(path: Path, clip: Clip) -> None:
    """Write ``clip`` to ``path``: a new or own regular file is replaced whole, so readers
    never see half a file; a device, a pipe or a symlink's target is written through."""
    write_atomically(path, wav_bytes(clip))


def wav_bytes(clip: Clip) -> bytes:
    """``clip`` as the bytes of a WAV file (16-bit PCM)."""
    data = clip.samples
    if sys.byteorder == "big":
        data = array("h", data)
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(clip.channels)
        handle.setsampwidth(2)
        handle.setframerate(clip.rate)
        handle.writeframes(data.tobytes())
    return buffer.getvalue()


def sound_bounds(clip: Clip, threshold: int = SILENCE_THRESHOLD) -> tuple[int, int] | None:
    """First and one-past-last frame holding sound, or None when the clip is silent."""
    s = clip.samples
    first = next((i for i, v in enumerate(s) if v > threshold or v < -threshold), None)
    if first is None:
        return None
    last = next(
        i for i in range(len(s) - 1, first - 1, -1) if s[i] > threshold or s[i] < -threshold
    )
    return first // clip.channels, last // clip.channels + 1


def trim(clip: Clip) -> Clip:
    """The clip without the silence an engine puts before and after the words."""
    bounds = sound_bounds(clip)
    if bounds is None:
        return Clip(clip.rate, clip.channels, array("h"))
    start = max(0, bounds[0] - round(LEAD_KEEP * clip.rate))
    end = min(clip.frames, bounds[1] + round(TAIL_KEEP * clip.rate))
    c = clip.channels
    return Clip(clip.rate, c, clip.samples[start * c : end * c])


def scale(clip: Clip, volume: float) -> Clip:
    """The clip at ``volume`` (0..1) of its loudness."""
    volume = min(max(volume, 0.0), 1.0)
    if volume >= 0.999:
        return clip
    return Clip(clip.rate, clip.channels, array("h", (int(v * volume) for v in clip.samples)))


def tone(
    seconds: float = 0.18,
    frequency: float = 880.0,
    *,
    rate: int = 22050,
    volume: float = 0.5,
    fade: float = 0.01,
) -> Clip:
    """A sine beep with short fades (no clicks)."""
    n = round(seconds * rate)
    ramp = max(1, round(fade * rate))
    peak = 32767 * min(max(volume, 0.0), 1.0)
    samples = array("h")
    for i in range(n):
        envelope = min(1.0, i / ramp, (n - 1 - i) / ramp)
        samples.append(int(peak * envelope * math.sin(2 * math.pi * frequency * i / rate)))
    return Clip(rate, 1, samples)


def silence(seconds: float, rate: int, channels: int = 1) -> Clip:
    return Clip(rate, channels, array("h", bytes(2 * round(seconds * rate) * channels)))


def mix_into(track: Clip, clip: Clip, at_frame: int) -> bool:
    """Add ``clip`` into ``track`` from ``at_frame`` (cut at the track's end).

    Copies where the track is silent and sums (clipped) where something is
    already there. Returns True when it had to sum, i.e. two phrases overlapped.
    """
    if clip.rate != track.rate or clip.channels != track.channels:
        raise WavError(
            f"cannot mix {clip.rate} Hz x{clip.channels} into {track.rate} Hz x{track.channels}"
        )
    c = track.channels
    start = max(0, at_frame) * c
    end = min(len(track.samples), start + len(clip.samples))
    if end <= start:
        return False
    part = clip.samples[: end - start]
    existing = track.samples[start:end]
    if not any(existing):
        track.samples[start:end] = part
        return False
    track.samples[start:end] = array(
        "h", (max(-32768, min(32767, a + b)) for a, b in zip(existing, part, strict=True))
    )
    return True


def rms(clip: Clip, start: float, seconds: float) -> float:
    """Root-mean-square level of the clip between ``start`` and ``start + seconds``."""
    c = clip.channels
    a = max(0, round(start * clip.rate)) * c
    b = min(len(clip.samples), round((start + seconds) * clip.rate) * c)
    if b <= a:
        return 0.0
    window = clip.samples[a:b]
    return math.sqrt(sum(v * v for v in window) / len(window))
