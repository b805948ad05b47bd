"""The microphone: ``arecord`` (16 kHz mono, raw) read on a worker thread, fed to the recogniser.

``arecord`` comes with alsa-utils, which the voice already needs for ``aplay``,
and reaches PulseAudio and PipeWire through ALSA's default device.
``EASEBACK_MICROPHONE`` (a command line writing raw 16 kHz mono S16_LE to
stdout) overrides it. The worker reports the input level about ten times a
second, every command heard, and, once, why listening stopped. While the gate
says the app is speaking, audio is read and thrown away; a phrase said just before
is decoded as the app begins (``Recogniser.skip``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shlex
import shutil
import subprocess
import threading
import time
from array import array
from collections.abc import Callable
from typing import IO

from easeback.listen.gate import MuteGate
from easeback.listen.recogniser import (
    SAMPLE_BYTES,
    SAMPLE_RATE,
    Heard,
    Recogniser,
    RecogniserUnavailable,
)

log = logging.getLogger(__name__)

MICROPHONE_VARIABLE = "EASEBACK_MICROPHONE"
ARECORD = ("arecord", "-q", "-f", "S16_LE", "-r", str(SAMPLE_RATE), "-c", "1", "-t", "raw")
CHUNK = 960  # bytes: 30 ms, one endpointer frame
LEVEL_EVERY = 0.1  # seconds between level reports


class MicrophoneUnavailable(RuntimeError):
    """Listening cannot start: the message says what is missing and what to install."""


def record_command() -> list[str]:
    """The command line that writes the microphone's audio to stdout."""
    custom = os.environ.get(MICROPHONE_VARIABLE, "").strip()
    if custom:
        return shlex.split(custom)
    return list(ARECORD)


def check_available() -> None:
    """Raises MicrophoneUnavailable/RecogniserUnavailable with one clear message."""
    argv = record_command()
    if shutil.which(argv[0]) is None:
        if argv[0] == "arecord":
            raise MicrophoneUnavailable(
                "Listening needs arecord, which was not found: install alsa-utils "
                "(apt install alsa-utils)."
            )
        raise MicrophoneUnavailable(
            f"Listening needs {argv[0]} ({MICROPHONE_VARIABLE}), not found."
        )
    from easeback.listen.recogniser import _pocketsphinx

    _pocketsphinx()


def level_of(chunk: bytes) -> float:
    """Loudness of a chunk of 16-bit samples, 0..1 on a decibel scale (-60 dB..0 dB)."""
    samples = array("h")
    samples.frombytes(chunk[: len(chunk) - len(chunk) % SAMPLE_BYTES])
    if not samples:
        return 0.0
    power = sum(s * s for s in samples[::2]) / max(1, len(samples[::2]))
    if power <= 0:
        return 0.0
    db = 10 * math.log10(power / (32768.0 * 32768.0))
    return max(0.0, min(1.0, (db + 60.0) / 60.0))


class Listener:
    """Records, skips what the gate mutes, recognises; calls back on its own thread."""

    def __init__(
        self,
        on_heard: Callable[[Heard], None],
        *,
        on_level: Callable[[float], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
        gate: MuteGate | None = None,
        recogniser: Callable[[], Recogniser] = Recogniser,
        argv: list[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.on_heard = on_heard
        self.on_level = on_level
        self.on_problem = on_problem
        self.gate = gate or MuteGate(clock)
        self._make_recogniser = recogniser
        self.argv = argv
        self._clock = clock
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.muted_now = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start recording (raises MicrophoneUnavailable or RecogniserUnavailable)."""
        if self.running:
            return
        argv = self.argv or record_command()
        if self.argv is None:
            check_available()
        recogniser = self._make_recogniser()
        try:
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as exc:
            raise MicrophoneUnavailable(
                f"Listening could not start {argv[0]}: {exc.strerror or exc}"
            ) from exc
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, args=(self._process, recogniser), name="easeback-listen", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        if process is not None:
            _close_pipes(process)

    # ------------------------------------------------------------------ worker
    def _run(self, process: subprocess.Popen[bytes], recogniser: Recogniser) -> None:
        stdout: IO[bytes] | None = process.stdout
        assert stdout is not None
        last_level = 0.0
        try:
            while not self._stopping.is_set():
                chunk = stdout.read(CHUNK)
                if not chunk:
                    break
                now = self._clock()
                if self.on_level is not None and now - last_level >= LEVEL_EVERY:
                    last_level = now
                    self.on_level(level_of(chunk))
                self.muted_now = self.gate.muted(now)
                if self.muted_now:
                    found = recogniser.skip(len(chunk) / (SAMPLE_RATE * SAMPLE_BYTES))
                else:
                    found = recogniser.feed(chunk)
                for heard in found:
                    self.on_heard(heard)
        except (OSError, ValueError, RecogniserUnavailable) as exc:
            if not self._stopping.is_set():
                self._problem(f"Listening stopped: {exc}")
            return
        if not self._stopping.is_set():
            for heard in recogniser.finish():  # the recording ended: its last utterance
                self.on_heard(heard)
            detail = b""
            if process.stderr is not None:
                with contextlib.suppress(OSError, ValueError):
                    detail = process.stderr.read()
            code = process.wait()
            _close_pipes(process)  # ended by itself: nothing reads them any more
            reason = detail.decode(errors="replace").strip().splitlines()
            self._problem(
                "Listening stopped: the microphone could not be read"
                + (f" ({reason[-1]})" if reason else f" (exit code {code})")
                + ". Check that a microphone is connected and allowed."
            )

    def _problem(self, message: str) -> None:
        log.warning("%s", message)
        if self.on_problem is not None:
            self.on_problem(message)


def _close_pipes(process: subprocess.Popen[bytes]) -> None:
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
