"""Audio in, commands out: PocketSphinx's endpointer cuts the stream into utterances,
each is decoded against the command grammar, and only a whole phrase counts.

Feed it 16-bit mono PCM at 16 kHz in chunks of any size (``feed``); it returns
a ``Heard`` for every utterance that was exactly one phrase. Each utterance is
decoded whole once it ends: the decoder then normalises the utterance's own
loudness and spectrum (cepstral mean), which a short phrase needs far more than
the few milliseconds decoding it as it arrives would save.
"""

from __future__ import annotations

import os
import tempfile
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from easeback.listen.grammar import Command, command_for, write_grammar

SAMPLE_RATE = 16000
SAMPLE_BYTES = 2


class RecogniserUnavailable(RuntimeError):
    """The speech recogniser cannot run here (pocketsphinx or its model is missing)."""


@dataclass(frozen=True)
class Tuning:
    """The knobs the benchmark turns (``bench/voice_commands.py``)."""

    garbage_weight: float = 1e-3  # grammar weight of the phone loop against one phrase
    word_penalty: float = 1e-2  # word insertion penalty: each phone of the loop pays it
    window: float = 0.3  # endpointer: seconds of audio each speech/silence decision looks at
    ratio: float = 0.9  # endpointer: share of the window that must agree
    vad_mode: int = 0  # endpointer: aggressiveness 0..3 (0: running speech stays one
    # utterance, too long to be a command; stricter modes cut it into word-sized pieces)
    shortest: float = 0.15  # seconds: shorter utterances are clicks
    longest: float = 2.5  # seconds: longer ones are sentences, not commands


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Heard:
    at: float  # seconds into the stream where the utterance ended
    command: Command
    heard: str  # the phrase as decoded
    start: float = 0.0  # seconds into the stream where the utterance began

    def to_json(self) -> dict[str, Any]:
        return {"at": round(self.at, 2), "command": self.command, "heard": self.heard}


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise RecogniserUnavailable(
            f"Spoken commands need the pocketsphinx package ({exc}); reinstall Easeback to get it."
        ) from exc
    model = Path(pocketsphinx.get_model_path("en-us/en-us"))
    if not (model / "mdef").exists():
        raise RecogniserUnavailable(
            f"Spoken commands need the US English speech model, which is missing from {model}; "
            "reinstall the pocketsphinx package."
        )
    return pocketsphinx


class Recogniser:
    """A stream of PCM in, ``Heard`` commands out. Not thread-safe: one thread feeds it."""

    def __init__(self, tuning: Tuning = DEFAULT_TUNING):
        ps = _pocketsphinx()
        self.tuning = tuning
        with tempfile.TemporaryDirectory(prefix="easeback-grammar-") as folder:
            dictionary, grammar = write_grammar(Path(folder), tuning.garbage_weight)
            try:
                self._decoder = ps.Decoder(
                    jsgf=str(grammar),
                    dict=str(dictionary),
                    samprate=SAMPLE_RATE,
                    wip=tuning.word_penalty,
                    logfn=os.devnull,
                )
            except (RuntimeError, ValueError) as exc:
                raise RecogniserUnavailable(f"The speech recogniser did not start: {exc}") from exc
        self._endpointer_class = ps.Endpointer
        self._pending = bytearray()
        self._offset = 0.0  # stream seconds where the current endpointer began
        self._fed = 0  # bytes given to the current endpointer
        self._in_utterance = False
        self._utterance = bytearray()
        self._new_endpointer()
        self.decode_seconds = 0.0  # CPU time spent decoding, for the benchmark

    def _new_endpointer(self) -> None:
        t = self.tuning
        self._endpointer = self._endpointer_class(
            window=t.window, ratio=t.ratio, vad_mode=t.vad_mode, sample_rate=SAMPLE_RATE
        )
        self.frame_bytes: int = self._endpointer.frame_bytes

    @property
    def position(self) -> float:
        """Seconds of audio taken in so far (skipped audio included)."""
        return self._offset + self._fed / (SAMPLE_RATE * SAMPLE_BYTES)

    @property
    def in_speech(self) -> bool:
        return self._in_utterance

    def feed(self, pcm: bytes) -> list[Heard]:
        """Take more audio; returns the commands of the utterances it completed."""
        self._pending += pcm
        heard: list[Heard] = []
        size = self.frame_bytes
        while len(self._pending) >= size:
            frame = bytes(self._pending[:size])
            del self._pending[:size]
            self._fed += size
            result = self._frame(frame)
            if result is not None:
                heard.append(result)
        return heard

    def skip(self, seconds: float) -> None:
        """Let ``seconds`` of audio pass unheard (the app was speaking): drops a half-heard
        utterance and starts the endpointer afresh."""
        self._in_utterance = False
        self._offset = self.position + seconds
        self._fed = 0
        self._pending.clear()
        self._new_endpointer()

    def finish(self) -> list[Heard]:
        """The end of the stream: completes an utterance still open."""
        heard: list[Heard] = []
        ep = self._endpointer
        tail = bytes(self._pending)
        self._pending.clear()
        speech = ep.end_stream(tail) if tail or self._in_utterance else None
        self._fed += len(tail)
        if speech is not None and self._in_utterance:
            self._utterance += speech
        if self._in_utterance:
            result = self._end(ep.speech_start, ep.speech_end)
            if result is not None:
                heard.append(result)
        return heard

    # ------------------------------------------------------------------ inside
    def _frame(self, frame: bytes) -> Heard | None:
        ep = self._endpointer
        speech = ep.process(frame)
        if speech is None:
            return None
        if not self._in_utterance:
            self._utterance.clear()
            self._in_utterance = True
        self._utterance += speech
        if ep.in_speech:
            return None
        return self._end(ep.speech_start, ep.speech_end)

    def _end(self, start: float, end: float) -> Heard | None:
        self._in_utterance = False
        length = end - start
        if not (self.tuning.shortest <= length <= self.tuning.longest):
            return None
        started = time.perf_counter()
        self._decoder.start_utt()
        self._decoder.process_raw(bytes(self._utterance), full_utt=True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        self.decode_seconds += time.perf_counter() - started
        if hyp is None:
            return None
        command = command_for(hyp.hypstr)
        if command is None:
            return None
        return Heard(
            at=self._offset + end, command=command, heard=hyp.hypstr, start=self._offset + start
        )


def read_wav(path: Path) -> bytes:
    """The PCM of a 16 kHz mono 16-bit WAV file (raises ValueError saying what is wrong)."""
    try:
        with wave.open(str(path), "rb") as w:
            shape = (w.getframerate(), w.getnchannels(), w.getsampwidth())
            if shape != (SAMPLE_RATE, 1, SAMPLE_BYTES):
                raise ValueError(
                    f"{path}: {shape[0]} Hz, {shape[1]} channel(s), {8 * shape[2]}-bit; "
                    "spoken commands need 16000 Hz mono 16-bit "
                    "(convert with: sox IN.wav -r 16000 -c 1 -b 16 OUT.wav)"
                )
            return w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"{path}: not a WAV file ({exc})") from exc


def recognise(
    pcm: bytes, recogniser: Recogniser | None = None, chunk: int = 3200
) -> Iterator[Heard]:
    """Every command in ``pcm``, fed in chunks as a microphone would deliver them."""
    rec = recogniser or Recogniser()
    for i in range(0, len(pcm), chunk):
        yield from rec.feed(pcm[i : i + chunk])
    yield from rec.finish()
