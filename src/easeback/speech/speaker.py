"""The speaker: phrases rendered ahead into a cache, played at their moment by a worker thread.

The caller (the window's thread) only puts commands on a queue: ``say()``,
``prepare()``, ``stop()``, ``set_muted()`` never block and never raise. One
worker thread owns the engine and the player. It

- starts the engine (the first thing it does, so creating a speaker is quick),
  falling back to a beep per cue when no engine starts, with a status saying
  what to install;
- renders the phrases given to ``prepare()`` while it has nothing else to do,
  so a ``say()`` finds its file ready (an unprepared phrase is rendered on the
  spot, ~15 ms);
- plays each phrase when it is due; a phrase that could only start more than
  ``stale_after`` seconds after its due moment is dropped, never played stale.
  A new phrase stops the one still playing.

The worker logs errors (once per kind) and carries on: speech problems never
reach the session's timer.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from easeback.core.cues import DEFAULT_RATE
from easeback.core.session import STALE_AFTER
from easeback.speech.cache import PhraseCache, usable
from easeback.speech.engine import EngineUnavailable, RenderError, start_engine
from easeback.speech.player import Player
from easeback.speech.wavfile import tone, write_clip

log = logging.getLogger(__name__)

RENDER_MARGIN = 0.05  # no render-ahead when a phrase is due sooner than this
REAP_INTERVAL = 0.25  # how often a playing child process is checked on

#: What a render is expected to fail with (a killed renderer, a full disk): logged
#: as a line, since a traceback would only point at the code that reported it.
RENDER_FAULTS: tuple[type[Exception], ...] = (RenderError, OSError)

#: "beeped": the phrase could not be rendered, so the fallback beep played in its place.
Result = Literal["played", "beeped", "stale", "stopped", "muted", "silent", "failed"]


@dataclass
class _Work:
    """The worker's own state: phrases to render ahead, phrases waiting for their
    moment (a heap of due, order, text, generation), and ``wait_idle`` callers."""

    pending: deque[str] = field(default_factory=deque)
    scheduled: list[tuple[float, int, str, int]] = field(default_factory=list)
    flushes: list[threading.Event] = field(default_factory=list)
    rendering: bool = False  # a phrase is being rendered ahead on the render thread

    def release_flushes(self) -> None:
        for done in self.flushes:
            done.set()
        self.flushes.clear()


@dataclass(frozen=True)
class Outcome:
    """What became of one ``say()``: reported on the speech thread to ``on_outcome``."""

    text: str
    due: float | None
    at: float  # monotonic moment: for "played", when the audio was handed to the player
    result: Result

    @property
    def late(self) -> float | None:
        return None if self.due is None else self.at - self.due


class Source(Protocol):
    """Where the worker gets a playable file for a phrase."""

    def start(self) -> str:
        """Get ready (on the worker thread); returns a description, or raises EngineUnavailable."""

    def has(self, text: str) -> bool: ...

    def path(self, text: str) -> Path:
        """A WAV file to play for ``text`` (rendered now if needed)."""

    def close(self) -> None: ...


class VoiceSource:
    """Speech from the TTS engine through the phrase cache."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        voice: str | None = None,
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        start_engine: Callable[[str | None, int], Any] | None = None,
    ):
        self.cache_dir = cache_dir
        self.voice, self.rate, self.volume = voice, rate, volume
        self._start_engine = start_engine
        self.engine: Any = None
        self.cache: PhraseCache | None = None
        self.problem: str | None = None  # e.g. the chosen voice is not installed
        self.parallel = False  # the engine may render on another thread than the worker's
        #: told when the cache folder turns out unwritable (set by the speaker)
        self.on_problem: Callable[[str], None] | None = None

    def start(self) -> str:
        engine = (self._start_engine or start_engine)(self.voice, self.rate)
        self.engine = engine
        self.problem = getattr(engine, "voice_problem", None)
        self.parallel = bool(getattr(engine, "thread_safe", False))
        voice_key = f"{getattr(engine, 'driver', 'engine')}:{engine.voice_in_use()}:{self.rate}"
        self.cache = PhraseCache(
            self.cache_dir,
            engine,
            voice_key=voice_key,
            volume=self.volume,
            on_problem=lambda message: self.on_problem and self.on_problem(message),
        )
        return str(engine.describe())

    def has(self, text: str) -> bool:
        return self.cache is not None and self.cache.has(text)

    def path(self, text: str) -> Path:
        assert self.cache is not None, "start() first"
        return self.cache.clip_path(text)

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
        if self.engine is not None and hasattr(self.engine, "close"):
            self.engine.close()


class BeepSource:
    """One short tone for every phrase: the fallback when no speech engine starts."""

    def __init__(self, cache_dir: Path, *, volume: float = 1.0):
        self.file = cache_dir / f"beep-{round(volume * 100)}.wav"
        self.volume = volume
        self._temporary: Path | None = None

    def start(self) -> str:
        if not usable(self.file):
            beep = tone(0.18, 880.0, volume=0.6 * self.volume)
            try:
                write_clip(self.file, beep)
            except OSError:  # an unwritable cache: a private temporary folder will do
                self._temporary = Path(tempfile.mkdtemp(prefix="easeback-beep-"))
                self.file = self._temporary / self.file.name
                write_clip(self.file, beep)
        return "a beep at each cue"

    def has(self, text: str) -> bool:
        return True

    def path(self, text: str) -> Path:
        return self.file

    def close(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)


class SilentSpeaker:
    """Says nothing; its status tells the user why (voice off, no sound player)."""

    def __init__(self, status: str):
        self._status = status

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def say(self, text: str, *, due: float | None = None) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass

    def close(self) -> None:
        pass

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    @property
    def status(self) -> str:
        return self._status


class CachedSpeaker:
    """The real speaker: one worker thread, one engine, one player. See the module doc."""

    def __init__(
        self,
        source: Source,
        player: Player,
        *,
        fallback: Source | None = None,
        muted: bool = False,
        clock: Callable[[], float] = time.monotonic,
        stale_after: float = STALE_AFTER,
        on_status: Callable[[str], None] | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
    ):
        self._primary, self._fallback = source, fallback
        self._source: Source | None = None
        self._player = player
        self._clock = clock
        self._stale_after = stale_after
        self._on_status = on_status
        self._on_outcome = on_outcome
        self._muted = muted
        self._generation = 0
        self._closed = False
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._status = "Starting the voice..."
        self._status_base = self._status
        self._notes: dict[str, str] = {}  # problems the status names: cache, render, sound
        self._beep_ready = False
        self._logged: set[str] = set()
        self._order = itertools.count()
        player.on_failure = self._sound_failed
        self._thread = threading.Thread(target=self._run, name="easeback-speech", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ caller side
    # Never block, never raise: these run on the window's thread.

    def prepare(self, texts: Iterable[str]) -> None:
        try:
            self._queue.put(("prepare", [t for t in texts if t.strip()]))
        except Exception:
            log.exception("prepare failed")

    def say(self, text: str, *, due: float | None = None) -> None:
        try:
            if self._closed or self._muted or not text.strip():
                return
            self._queue.put(("say", text, due, self._generation))
        except Exception:
            log.exception("say failed")

    def stop(self) -> None:
        self._generation += 1
        self._queue.put(("stop",))

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if muted:
            self.stop()

    @property
    def muted(self) -> bool:
        return self._muted

    def close(self) -> None:
        """Stop playing and end the worker (waits up to a second for it)."""
        if self._closed:
            return
        self._closed = True
        self._generation += 1
        self._queue.put(("close",))
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=1.0)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every command so far is handled and prepared phrases are rendered.

        For tests, benchmarks and the command line; the window never needs it.
        """
        if not self._thread.is_alive():
            return True
        done = threading.Event()
        self._queue.put(("flush", done))
        return done.wait(timeout)

    @property
    def status(self) -> str:
        return self._status

    @property
    def source(self) -> Source | None:
        """The source in use once the worker started (None: nothing could start)."""
        return self._source

    # ------------------------------------------------------------ worker side
    # The loop is a few named steps: play what is due, release finished flushes,
    # wait for a command (or until the next thing is due), then handle it; with
    # nothing to do, render the next prepared phrase.

    def _run(self) -> None:
        self._start_source()
        work = _Work()
        while True:
            try:
                if not self._step(work):
                    break
            except Exception:
                self._log_once("worker", "the speech worker hit an error and carries on")
        work.release_flushes()
        self._shutdown()

    def _step(self, work: _Work) -> bool:
        """One turn of the loop; False when the speaker is closed."""
        if self._play_due(work):
            return True
        if not work.pending and not work.rendering:
            work.release_flushes()
        try:
            command = self._next_command(work)
        except queue.Empty:
            self._render_next(work)
            return True
        return self._handle(command, work)

    def _play_due(self, work: _Work) -> bool:
        if work.scheduled and work.scheduled[0][0] <= self._clock():
            due, _, text, generation = heapq.heappop(work.scheduled)
            self._play(text, due, generation)
            return True
        return False

    def _next_command(self, work: _Work) -> tuple[Any, ...]:
        """The next command; raises ``queue.Empty`` when it is time to render or play."""
        timeout: float | None = None
        if work.scheduled:
            timeout = max(0.0, work.scheduled[0][0] - self._clock())
        if work.pending and not work.rendering and (timeout is None or timeout > RENDER_MARGIN):
            timeout = 0.0  # something to render: only look at the queue
        if self._player.busy():
            timeout = REAP_INTERVAL if timeout is None else min(timeout, REAP_INTERVAL)
        return self._queue.get(block=timeout != 0.0, timeout=timeout or None)

    def _render_next(self, work: _Work) -> None:
        """Render the next prepared phrase, unless a phrase is due too soon for it.

        An engine that renders in a child process (``parallel``) renders on the render
        thread, so that a phrase falling due meanwhile is played at its moment; the
        render thread says when it is done with a "rendered" command.
        """
        soon = work.scheduled and work.scheduled[0][0] - self._clock() <= RENDER_MARGIN
        if not work.pending or soon or work.rendering:
            return
        text = work.pending.popleft()
        if not getattr(self._source, "parallel", False):
            self._render_ahead(text)
            return
        work.rendering = True  # one at a time; a daemon, so a hung render never holds up exit
        threading.Thread(
            target=self._render_in_background, args=(text,), name="easeback-render", daemon=True
        ).start()

    def _render_in_background(self, text: str) -> None:
        try:
            self._render_ahead(text)
        finally:
            self._queue.put(("rendered",))

    def _handle(self, command: tuple[Any, ...], work: _Work) -> bool:
        kind = command[0]
        if kind == "close":
            return False
        if kind == "say":
            _, text, due, generation = command
            if due is not None and due > self._clock() + 0.001:
                heapq.heappush(work.scheduled, (due, next(self._order), text, generation))
            else:
                self._play(text, due, generation)
        elif kind == "prepare":
            self._queue_renders(command[1], work)
        elif kind == "stop":
            work.scheduled.clear()
            self._player.stop()
        elif kind == "flush":
            work.flushes.append(command[1])
        elif kind == "rendered":
            work.rendering = False
        return True

    def _queue_renders(self, texts: list[str], work: _Work) -> None:
        if self._source is None:
            return
        known = set(work.pending)
        for text in texts:
            if text not in known and not self._source.has(text):
                work.pending.append(text)
                known.add(text)

    def _start_source(self) -> None:
        problems: list[str] = []
        for source in (self._primary, self._fallback):
            if source is None:
                continue
            try:
                description = source.start()
            except EngineUnavailable as exc:
                problems.append(str(exc))
                continue
            except Exception as exc:
                log.warning("speech source did not start", exc_info=True)
                problems.append(f"The voice could not start ({exc}).")
                continue
            self._source = source
            if source is self._primary:
                if hasattr(source, "on_problem"):
                    source.on_problem = self._cache_problem
                note = getattr(source, "problem", None)
                text = f"Voice: {description}, played with {self._player.name}."
                self._set_status(f"{note} {text}" if note else text)
            else:
                self._set_status(f"{' '.join(problems)} Until then, {description}.")
            return
        self._set_status(" ".join(problems) + " Cues are shown only.")

    def _render_ahead(self, text: str) -> None:
        if self._source is None:
            return
        try:
            self._source.path(text)
        except Exception as exc:
            self._render_failed(text, exc)
        else:
            self._render_worked()

    def _play(self, text: str, due: float | None, generation: int) -> None:
        if generation != self._generation:
            self._report(text, due, "stopped")
            return
        if self._muted:
            self._report(text, due, "muted")
            return
        if self._is_stale(due):
            self._report(text, due, "stale")
            return
        if self._source is None:
            self._report(text, due, "silent")
            return
        path, result = self._playable(text)
        if path is None:
            self._report(text, due, "failed")
            return
        if generation != self._generation or self._muted:
            self._report(text, due, "stopped")  # stopped or muted while it rendered
            return
        if self._is_stale(due):
            self._report(text, due, "stale")
            return
        self._player.play(path)
        self._report(text, due, result)

    def _playable(self, text: str) -> tuple[Path | None, Result]:
        """The file to play for ``text``: its speech, else a beep (a failed render)."""
        assert self._source is not None
        try:
            path = self._source.path(text)
        except Exception as exc:
            self._render_failed(text, exc)
        else:
            self._render_worked()
            return path, "played"
        beep = self._fallback
        if beep is None or beep is self._source:
            return None, "failed"
        try:
            if not self._beep_ready:
                beep.start()
                self._beep_ready = True
            return beep.path(text), "beeped"
        except Exception:
            self._log_once("beep", "the beep that stands in for a phrase could not be made")
            return None, "failed"

    def _render_failed(self, text: str, exc: Exception) -> None:
        """Log why ``text`` has no speech; a traceback only for what no render should raise."""
        message = f"could not render {text!r}: {exc}"
        expected = isinstance(exc, RENDER_FAULTS)
        self._log_once(f"render:{type(exc).__name__}", message, trace=not expected)
        if "render" not in self._notes:  # the first reason stands until a render works again
            reason = str(exc).strip() or type(exc).__name__
            self._note("render", f"A phrase could not be rendered, so a beep stands in: {reason}.")

    def _render_worked(self) -> None:
        if "render" in self._notes:
            log.info("speech renders again")
            self._note("render", None)

    def _cache_problem(self, message: str) -> None:
        self._note("cache", message)

    def _is_stale(self, due: float | None) -> bool:
        return due is not None and self._clock() - due > self._stale_after

    def _report(self, text: str, due: float | None, result: Result) -> None:
        if result == "stale":
            log.info("dropped a stale cue %r (%.2f s late)", text, self._clock() - (due or 0.0))
        if self._on_outcome is not None:
            try:
                self._on_outcome(Outcome(text, due, self._clock(), result))
            except Exception:
                self._log_once("on_outcome", "the outcome listener failed")

    def _sound_failed(self, message: str) -> None:
        self._note("sound", f"Sound output failed ({message}): cues are shown only.")

    def _note(self, key: str, text: str | None) -> None:
        """Add (or, with None, clear) a problem the status names after the voice."""
        if text is None:
            self._notes.pop(key, None)
        else:
            self._notes[key] = text
        self._set_status(self._status_base)

    def _set_status(self, text: str) -> None:
        self._status_base = text
        notes = [self._notes[k] for k in ("cache", "render", "sound") if k in self._notes]
        text = " ".join([text, *notes])
        if text == self._status:
            return
        self._status = text
        log.info("speech: %s", text)
        if self._on_status is not None:
            try:
                self._on_status(text)
            except Exception:
                self._log_once("on_status", "the status listener failed")

    def _log_once(self, key: str, message: str, *, trace: bool = True) -> None:
        """Warn once per kind of problem; a traceback comes with it when one is being handled."""
        trace = trace and sys.exc_info()[0] is not None
        if key in self._logged:
            log.debug(message, exc_info=trace)
            return
        self._logged.add(key)
        log.warning("%s (not repeated)", message, exc_info=trace)

    def _shutdown(self) -> None:
        for step in (self._player.close, *(s.close for s in (self._primary, self._fallback) if s)):
            try:
                step()
            except Exception:
                log.debug("closing speech failed", exc_info=True)
