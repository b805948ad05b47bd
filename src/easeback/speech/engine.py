"""The speech engine, used for one thing only: rendering a phrase to a WAV file.

Where the ``espeak-ng`` program is installed (Linux, the BSDs, and macOS with
Homebrew) each phrase is rendered by a child process, ``espeak-ng -w FILE``
(``EspeakProcess``): a full disk, a killed or hung render or missing
``espeak-ng-data`` then fails that one phrase (or the start, with a message),
and the next phrase starts afresh. Elsewhere (Windows' SAPI5, macOS speech) the
pyttsx3 engine renders in process (``TtsEngine``); on Linux it is first tried in
a child process, because libespeak-ng calls ``exit()`` when its data is missing.
``start_engine`` picks one.

About pyttsx3:

pyttsx3 2.99's live ``say()`` is unreliable on Linux (only the last ``say()``
before ``runAndWait()`` is spoken, ``say()`` after ``save_to_file()``
misbehaves), so Easeback never speaks through it: it renders each phrase with
``save_to_file`` and plays the file itself. Two more facts shape this module:

- with espeak-ng, ``runAndWait()`` may return before the file is written (the
  synthesis runs on espeak's own thread, which writes the file and then sends
  ``finished-utterance``), so a render waits for that notification;
- ``pyttsx3.init()`` hands out one engine per driver for the whole process,
  so every use goes through one lock.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from easeback.core.cues import DEFAULT_RATE
from easeback.speech.wavfile import WavError, read_clip, sound_bounds

log = logging.getLogger(__name__)

#: pyttsx3 engines are process-wide; one render (or property change) at a time.
ENGINE_LOCK = threading.RLock()
RENDER_TIMEOUT = 10.0  # seconds to wait for espeak's finished notification
RENDER_ATTEMPTS = 3


class EngineUnavailable(RuntimeError):
    """No speech engine could start; ``str()`` is the message for the user."""


class RenderError(RuntimeError):
    """A phrase could not be rendered to a usable WAV file."""


def install_hint() -> str:
    """What to install (or check) so the voice works on this platform."""
    if sys.platform == "win32":
        return (
            "Windows speech (SAPI5) could not start: check that a voice is installed "
            "in Settings > Time & language > Speech, then restart Easeback."
        )
    if sys.platform == "darwin":
        return (
            "macOS speech could not start: check System Settings > Accessibility > "
            "Spoken Content, or install espeak-ng (brew install espeak-ng), then restart Easeback."
        )
    return (
        "Install espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng; "
        "Fedora: sudo dnf install espeak-ng; Arch: sudo pacman -S espeak-ng), "
        "then restart Easeback."
    )


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()


def find_voice(voices: list[VoiceInfo], wanted: str) -> VoiceInfo | None:
    """The voice whose id or name is ``wanted`` (case-insensitive), or whose id ends with it."""
    key = wanted.strip().lower()
    for found in (
        [v for v in voices if v.id.lower() == key],
        [v for v in voices if v.name.lower() == key],
        [v for v in voices if v.id.lower().rsplit("/", 1)[-1] == key],
    ):
        if found:
            return found[0]
    return None


#: The voices the engine listed when it last started (filled on the speech thread, so the
#: settings dialog need not touch the engine from the GUI thread).
known_voices: list[VoiceInfo] = []


def _quiet_driver_prints() -> None:
    """pyttsx3's espeak driver prints "Audio saved to ..." on stdout for every file."""
    module = sys.modules.get("pyttsx3.drivers.espeak")
    if module is not None and not hasattr(module, "_easeback_quiet"):
        module.print = lambda *args, **_kw: log.debug("pyttsx3: %s", " ".join(map(str, args)))  # type: ignore[attr-defined]
        module._easeback_quiet = True  # type: ignore[attr-defined]


ESPEAK_PROGRAMS = ("espeak-ng", "espeak")
PROBE_TIMEOUT = 20.0  # seconds for a child process to list the voices or start pyttsx3


def start_engine(voice: str | None = None, rate: int = DEFAULT_RATE) -> Engine:
    """The engine for this platform, started. Raises ``EngineUnavailable`` with a message."""
    program = next(filter(None, map(shutil.which, ESPEAK_PROGRAMS)), None)
    if program is not None:
        return EspeakProcess.start(voice, rate, program=program)
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        _probe_pyttsx3()
    return TtsEngine.start(voice, rate)


#: Easeback's own hidden argument that only starts pyttsx3 (see ``easeback.__main__``):
#: in a bundle, ``sys.executable`` is Easeback itself and takes no ``-c``.
PROBE_ARGUMENT = "--probe-speech-engine"


def probe_speech_engine() -> None:
    """What the child of ``_probe_pyttsx3`` runs."""
    import pyttsx3

    pyttsx3.init()


def probe_command() -> list[str]:
    """The child's command line: this Python running ``probe_speech_engine``."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [sys.executable, PROBE_ARGUMENT]
    return [sys.executable, "-c", "import easeback.speech.engine as e; e.probe_speech_engine()"]


def _probe_pyttsx3() -> None:
    """Start pyttsx3 in a child process first: libespeak-ng ends the whole process with
    ``exit()`` when its data is missing, which in process would take the app with it."""
    try:
        proc = subprocess.run(
            probe_command(),
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineUnavailable(f"No speech engine ({exc}). {install_hint()}") from exc
    if proc.returncode != 0:
        raise EngineUnavailable(f"No speech engine ({_last_line(proc.stderr)}). {install_hint()}")


def _last_line(err: bytes, empty: str = "no output") -> str:
    lines = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1][:300] if lines else empty


def _exit_problem(program: str, text: str, returncode: int, err: bytes) -> str:
    """Why a render process ended badly, for the log and the status line.

    A negative returncode means a signal ended it (``kill -9``, the OOM killer):
    that is something done to the program, not an error it reported, and says so.
    """
    if returncode < 0:
        return f"{program} was killed (signal {-returncode}) while rendering {text!r}"
    problem = f"{program} exited with status {returncode} while rendering {text!r}"
    detail = _last_line(err, empty="")
    return f"{problem}: {detail}" if detail else problem


def _wrote_nothing(path: Path) -> bool:
    """espeak-ng exits 0 even when it could not open the file it was to write."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False  # reading it says what is wrong
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


class Engine(Protocol):
    """What the speaker, the cache and the commands need of an engine."""

    driver: str
    rate: int
    voice_problem: str | None
    thread_safe: bool  # may render on a thread other than the one that started it

    def voices(self) -> list[VoiceInfo]: ...

    def voice_in_use(self) -> str | None: ...

    def describe(self) -> str: ...

    def render(self, text: str, path: Path) -> None: ...

    def close(self) -> None: ...


class EspeakProcess:
    """espeak-ng run once per phrase (``espeak-ng -w FILE``): nothing outlives a phrase."""

    thread_safe = True  # each render is its own process: any thread may render

    def __init__(self, program: str, voices: list[VoiceInfo], voice: str | None, rate: int):
        self.program = program
        self.driver = os.path.basename(program)
        self._voices = voices
        self.voice = voice
        self.rate = rate
        self.voice_problem: str | None = None

    @classmethod
    def start(
        cls, voice: str | None = None, rate: int = DEFAULT_RATE, *, program: str
    ) -> EspeakProcess:
        """List the voices (which also checks espeak-ng finds its data)."""
        name = os.path.basename(program)
        try:
            proc = subprocess.run(
                [program, "--voices"], capture_output=True, timeout=PROBE_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineUnavailable(f"{name} could not start ({exc}). {install_hint()}") from exc
        listed = _parse_voices(proc.stdout.decode("utf-8", "replace"))
        if proc.returncode != 0 or not listed:
            raise EngineUnavailable(
                f"{name} could not start ({_last_line(proc.stderr)}). Its voice data may be "
                "missing: reinstall it (Debian/Ubuntu: sudo apt install --reinstall "
                "espeak-ng-data), then restart Easeback."
            )
        known_voices[:] = listed
        engine = cls(program, listed, None, rate)
        if voice:
            found = find_voice(listed, voice)
            if found is None:
                engine.voice_problem = f"Voice {voice!r} is not installed; using the default voice."
            else:
                engine.voice = found.id
        return engine

    def voices(self) -> list[VoiceInfo]:
        return list(self._voices)

    def voice_in_use(self) -> str | None:
        if self.voice:
            return self.voice
        default = find_voice(self._voices, "en")  # espeak-ng's own default
        return default.id if default else None

    def describe(self) -> str:
        voice = self.voice_in_use()
        names = {v.id: v.name for v in self._voices}
        label = names.get(voice or "", voice or "default voice")
        return f"{label} ({self.driver}, {self.rate} words/min)"

    def render(self, text: str, path: Path) -> None:
        """Write ``text`` spoken to ``path``. Raises ``RenderError``; nothing is left running."""
        if not text.strip():
            raise RenderError("nothing to say")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RenderError(f"cannot write to {path.parent}: {exc.strerror or exc}") from exc
        argv = [self.program, "-s", str(self.rate), "-w", str(path), "--stdin"]
        if self.voice:
            argv[1:1] = ["-v", self.voice]
        try:
            proc = subprocess.run(
                argv,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"{self.driver} did not finish {text!r} in time") from exc
        except OSError as exc:
            raise RenderError(f"{self.driver} could not start: {exc.strerror or exc}") from exc
        if proc.returncode != 0:
            raise RenderError(_exit_problem(self.driver, text, proc.returncode, proc.stderr))
        if _wrote_nothing(path):
            raise RenderError(f"{self.driver} failed on {text!r}: {_last_line(proc.stderr)}")
        try:
            clip = read_clip(path)
        except (WavError, OSError) as exc:  # e.g. the disk filled up under it
            raise RenderError(f"{self.driver} wrote a damaged file for {text!r}: {exc}") from exc
        if sound_bounds(clip) is None:
            raise RenderError(f"{self.driver} wrote silence for {text!r} (is the disk full?)")

    def close(self) -> None:
        pass


def _parse_voices(listing: str) -> list[VoiceInfo]:
    """``espeak-ng --voices``: Pty, Language, Age/Gender, VoiceName, File, other languages."""
    out = []
    for line in listing.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and parts[0].isdigit():
            name = parts[3].replace("_", " ")
            out.append(VoiceInfo(parts[4], name, (parts[1],)))
    return out


class TtsEngine:
    """A started pyttsx3 engine with a chosen voice and rate. Use from one thread at a time."""

    thread_safe = False  # SAPI5 is COM: keep to the thread that started it

    def __init__(self, engine: Any, voice: str | None, rate: int, voice_problem: str | None):
        self._engine = engine
        self.driver: str = str(getattr(engine, "driver_name", "pyttsx3"))
        self.voice = voice  # the engine's voice id in use; None = its default
        self.rate = rate
        self.voice_problem = voice_problem  # why the chosen voice is not in use, if it is not
        self._waiting: tuple[threading.Event, list[bool]] | None = None
        self._token = engine.connect("finished-utterance", self._on_finished)
        self._applied: tuple[str | None, int] | None = None

    # ----------------------------------------------------------------- start
    @classmethod
    def start(
        cls,
        voice: str | None = None,
        rate: int = DEFAULT_RATE,
        *,
        init: Callable[[], Any] | None = None,
    ) -> TtsEngine:
        """Start the platform's engine. Raises ``EngineUnavailable`` with a message to show."""
        with ENGINE_LOCK:
            try:
                if init is None:
                    import pyttsx3

                    init = pyttsx3.init
                _prepare_thread()
                engine = init()
                _quiet_driver_prints()
            except Exception as exc:
                reason = str(exc).strip() or type(exc).__name__
                log.warning("speech engine did not start: %s", reason, exc_info=True)
                raise EngineUnavailable(f"No speech engine ({reason}). {install_hint()}") from exc
            problem = None
            try:
                known_voices[:] = _voices(engine)
            except Exception:
                log.warning("could not list the voices", exc_info=True)
            if voice:
                found = find_voice(known_voices, voice)
                if found is None:
                    problem = f"Voice {voice!r} is not installed; using the default voice."
                    voice = None
                else:
                    voice = found.id
            return cls(engine, voice, rate, problem)

    def close(self) -> None:
        with ENGINE_LOCK:
            try:
                self._engine.disconnect(self._token)
            except Exception:
                log.debug("disconnect failed", exc_info=True)

    # ----------------------------------------------------------------- voices
    def voices(self) -> list[VoiceInfo]:
        with ENGINE_LOCK:
            return _voices(self._engine)

    def voice_in_use(self) -> str | None:
        """The voice id that renders: the chosen one, else the engine's default."""
        if self.voice:
            return self.voice
        with ENGINE_LOCK:
            try:
                current = self._engine.getProperty("voice")
            except Exception:
                return None
            return str(current) if current else None

    def describe(self) -> str:
        voice = self.voice_in_use()
        names = {v.id: v.name for v in known_voices}
        label = names.get(voice or "", voice or "default voice")
        return f"{label} ({self.driver}, {self.rate} words/min)"

    # ----------------------------------------------------------------- render
    def render(self, text: str, path: Path) -> None:
        """Write ``text`` spoken to ``path`` (a WAV file). Raises ``RenderError``."""
        if not text.strip():
            raise RenderError("nothing to say")
        path.parent.mkdir(parents=True, exist_ok=True)
        problem = "no audio"
        for attempt in range(1, RENDER_ATTEMPTS + 1):
            path.unlink(missing_ok=True)
            try:
                self._render_once(text, path, fresh=attempt > 1)
                _ensure_wav(path)
                clip = read_clip(path)
                if sound_bounds(clip) is not None:
                    return
                problem = "the engine wrote silence"
            except (WavError, OSError, RuntimeError) as exc:
                problem = str(exc)
            log.info("render attempt %d of %r failed: %s", attempt, text, problem)
        raise RenderError(f"could not render {text!r}: {problem}")

    def _render_once(self, text: str, path: Path, *, fresh: bool) -> None:
        with ENGINE_LOCK:
            _espeak_idle()
            wanted = (self.voice, self.rate)
            if fresh or self._applied != wanted:
                if self.voice:
                    self._engine.setProperty("voice", self.voice)
                self._engine.setProperty("rate", self.rate)
                self._engine.setProperty("volume", 1.0)  # volume is applied to the samples
                self._applied = wanted
                _espeak_idle()  # let espeak take them before the text (see _espeak_idle)
            # pyttsx3 reports name=None for these (its end-of-loop command resets the
            # name), so the notification cannot be matched by name: under the lock
            # there is only ever one render in flight, and it is the one waiting.
            done, completed = threading.Event(), [False]
            self._waiting = (done, completed)
            try:
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
                if self.driver == "espeak":
                    if not done.wait(RENDER_TIMEOUT):
                        raise RenderError(f"espeak did not finish {text!r} in time")
                    if not completed[0]:
                        raise RenderError("espeak cancelled the phrase")
            finally:
                self._waiting = None

    def _on_finished(self, completed: bool = True, **_kw: Any) -> None:
        # Called on espeak's own thread.
        waiting = self._waiting
        if waiting is not None:
            waiting[1][0] = bool(completed)
            waiting[0].set()


def _voices(engine: Any) -> list[VoiceInfo]:
    out = []
    for v in engine.getProperty("voices") or ():
        languages = tuple(
            lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
            for lang in (getattr(v, "languages", None) or ())
        )
        out.append(VoiceInfo(str(v.id), str(getattr(v, "name", "") or v.id), languages))
    return out


def _espeak_idle() -> None:
    """Wait until espeak's own thread has no command left (a phrase, a new rate).

    espeak runs phrases and property changes on its own thread. If it is still
    busy when a render starts, pyttsx3 takes it for "playing" and cancels it,
    which also drops a rate queued just before: the phrase then comes out at the
    old rate. ``espeak_Synchronize`` returns at once when it is idle.
    """
    synchronize = getattr(sys.modules.get("pyttsx3.drivers._espeak"), "Synchronize", None)
    if synchronize is not None:
        synchronize()


def _prepare_thread() -> None:
    """SAPI5 is COM: every thread that uses it must initialise COM first."""
    if sys.platform == "win32":
        try:
            import comtypes  # type: ignore[import-not-found, unused-ignore]

            comtypes.CoInitialize()
        except Exception:
            log.debug("CoInitialize failed", exc_info=True)


def _ensure_wav(path: Path) -> None:
    """macOS's engine writes AIFF whatever the name says; convert it with afconvert."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head == b"RIFF":
        return
    if head == b"FORM" and shutil.which("afconvert"):
        tmp = path.with_name(path.name + ".wav")
        subprocess.run(
            ["afconvert", "-f", "WAVE", "-d", "LEI16", str(path), str(tmp)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        tmp.replace(path)
        return
    raise RenderError(f"{path.name}: the engine wrote a file that is not WAV")
