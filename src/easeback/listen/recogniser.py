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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from easeback.listen.grammar import Command, command_for, write_grammar

SAMPLE_RATE = 16000
SAMPLE_BYTES = 2
SILENT_SAMPLE = bytes(SAMPLE_BYTES)
CHUNK_BYTES = 3200  # 0.1 s: what a microphone delivers at a time, and what a file is read in
ENDED = 0.03  # seconds of silence that show a phrase was over when the app began to speak


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
        self._vad = ps.Vad(tuning.vad_mode, SAMPLE_RATE)
        self._quiet = 0.0  # seconds of silence at the end of what was fed
        self._pending = bytearray()
        self._offset = 0.0  # stream seconds where the current endpointer began
        self._fed = 0  # bytes given to the current endpointer
        self._in_utterance = False
        self._utterance = bytearray()
        self._utterance_cap = int((tuning.longest + 1.0) * SAMPLE_RATE) * SAMPLE_BYTES
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

    def skip(self, seconds: float) -> list[Heard]:
        """Let ``seconds`` of audio pass unheard (the app is speaking), then start the
        endpointer afresh. An utterance still open when the app began to speak is ended
        there and decoded if it had fallen silent (``ENDED``): a command said just before
        a cue counts, though the endpointer had not yet heard the whole silence after it.
        Speech cut off mid-word is dropped: its pieces can sound like a command. The
        commands it held are returned."""
        heard = self.finish() if self._quiet >= ENDED else []
        self._quiet = 0.0
        self._in_utterance = False
        self._offset = self.position + seconds
        self._fed = 0
        self._pending.clear()
        self._new_endpointer()
        return heard

    def finish(self) -> list[Heard]:
        """The end of the stream: completes an utterance still open.

        The endpointer's ``end_stream`` fails on an empty buffer, which is what a stream of
        whole frames that ends mid-utterance leaves; one sample of silence (1/16000 s)
        stands in for it."""
        heard: list[Heard] = []
        ep = self._endpointer
        tail = bytes(self._pending)
        self._pending.clear()
        speech = ep.end_stream(tail or SILENT_SAMPLE) if tail or self._in_utterance else None
        self._fed += len(tail)
        if speech is not None and self._in_utterance:
            self._keep(speech)
        if self._in_utterance:
            result = self._end(ep.speech_start, ep.speech_end)
            if result is not None:
                heard.append(result)
        return heard

    # ------------------------------------------------------------------ inside
    def _frame(self, frame: bytes) -> Heard | None:
        ep = self._endpointer
        self._quiet = 0.0 if self._vad.is_speech(frame) else self._quiet + ep.frame_length
        speech = ep.process(frame)
        if speech is None:
            return None
        if not self._in_utterance:
            self._utterance.clear()
            self._in_utterance = True
        self._keep(speech)
        if ep.in_speech:
            return None
        return self._end(ep.speech_start, ep.speech_end)

    def _keep(self, speech: bytes) -> None:
        """Adds ``speech`` to the open utterance, up to a second more than the longest command.

        Running speech or steady noise can hold an utterance open for as long as the stream
        lasts, and its audio would grow with it. An utterance cut short at the cap already
        lasts longer than ``longest`` by the endpointer's own clock, so ``_end`` refuses it
        before its audio is looked at."""
        if len(self._utterance) < self._utterance_cap:
            self._utterance += speech

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


def read_wav(path: Path) -> Iterator[bytes]:
    """The PCM of a 16 kHz mono 16-bit WAV file, a chunk (``CHUNK_BYTES``) at a time.

    A recording can be hours long, so it is never held whole: memory stays that of one
    chunk. The file is opened and checked here, before the first chunk, so a file that is
    not usable raises ValueError (saying what is wrong) or OSError before any command is
    heard; the file is closed when the chunks run out."""
    w = _open_wav(path)
    return _wav_chunks(w, CHUNK_BYTES // SAMPLE_BYTES)


def _open_wav(path: Path) -> wave.Wave_read:
    """``path`` opened as a WAV of the shape the recogniser takes, or ValueError saying why not."""
    try:
        w = wave.open(str(path), "rb")  # noqa: SIM115 - the chunks close it as they end
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"{path}: not a WAV file ({_why_not_wav(path, exc)})") from exc
    shape = (w.getframerate(), w.getnchannels(), w.getsampwidth())
    if shape != (SAMPLE_RATE, 1, SAMPLE_BYTES):
        w.close()
        raise ValueError(
            f"{path}: {shape[0]} Hz, {shape[1]} channel(s), {8 * shape[2]}-bit; "
            "spoken commands need 16000 Hz mono 16-bit "
            "(convert with: sox IN.wav -r 16000 -c 1 -b 16 OUT.wav)"
        )
    return w


def _why_not_wav(path: Path, exc: Exception) -> str:
    """The reason ``wave`` gave, or one it leaves out: it raises a bare EOFError when the
    file ends before its header does, which says nothing to the person who chose it."""
    if str(exc):
        return str(exc)
    try:
        empty = path.stat().st_size == 0
    except OSError:
        empty = False
    return "it is empty" if empty else "it ends partway through its header"


def _wav_chunks(w: wave.Wave_read, frames: int) -> Iterator[bytes]:
    """The frames of an open WAV, ``frames`` at a time; closes it when they run out.

    Never more than the header's count of frames, as reading them all at once did: a
    data chunk of odd length keeps its last, half-frame byte out of the stream."""
    with w:
        left = w.getnframes()
        while left > 0:
            pcm = w.readframes(min(frames, left))
            if not pcm:
                return
            left -= frames
            yield pcm


def _slices(pcm: bytes, chunk: int) -> Iterator[bytes]:
    """``pcm`` in pieces of ``chunk`` bytes, the way a microphone hands audio over."""
    for i in range(0, len(pcm), chunk):
        yield pcm[i : i + chunk]


def recognise(
    audio: bytes | Iterable[bytes], recogniser: Recogniser | None = None, chunk: int = CHUNK_BYTES
) -> Iterator[Heard]:
    """Every command in ``audio``, fed in chunks as a microphone would deliver them.

    ``audio`` is PCM, or PCM already in chunks (``read_wav``); either way one chunk is
    taken at a time, so a stream of any length is heard in the memory of one chunk."""
    rec = recogniser or Recogniser()
    chunks = _slices(audio, chunk) if isinstance(audio, bytes | bytearray) else audio
    for piece in chunks:
        yield from rec.feed(piece)
    yield from rec.finish()
