"""Playing a WAV file without waiting for it: one small player per platform.

- Linux: the first of ``aplay`` (alsa-utils), ``pw-play`` (PipeWire), ``paplay``
  (PulseAudio) found on PATH, started as a child process per phrase;
- macOS: ``afplay``, which ships with the system;
- Windows: ``winsound.PlaySound(path, SND_FILENAME | SND_ASYNC)`` from the
  standard library.
``EASEBACK_PLAYER`` (a command line, the file is appended) overrides the choice.

A new phrase stops the one still playing. A player that fails (no sound card,
no sound server) is reported once through ``on_failure``, never raised.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

PLAYER_VARIABLE = "EASEBACK_PLAYER"

#: Linux players in order of preference, with the options that keep them quiet.
LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (
    ("aplay", "-q"),
    ("pw-play",),
    ("paplay",),
)


FailureHandler = Callable[[str], None]


class Player(Protocol):
    name: str
    on_failure: FailureHandler | None

    def play(self, path: Path) -> None:
        """Start playing ``path`` and return at once; stops what was playing."""

    def stop(self) -> None: ...

    def busy(self) -> bool:
        """True while a phrase may still be playing (and finished ones are collected)."""

    def close(self) -> None: ...


class CommandPlayer:
    """Plays each file with a child process (``aplay FILE``); the previous one is stopped."""

    def __init__(self, argv: Sequence[str], on_failure: FailureHandler | None = None):
        self.argv = list(argv)
        self.name = os.path.basename(self.argv[0])
        self.on_failure = on_failure
        self._current: subprocess.Popen[bytes] | None = None
        self._stopped: list[subprocess.Popen[bytes]] = []
        self._failing = False

    def play(self, path: Path) -> None:
        self.stop()
        try:
            self._current = subprocess.Popen(
                [*self.argv, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as exc:
            self._failed(f"{self.name} could not start: {exc.strerror or exc}")

    def stop(self) -> None:
        self.reap()
        proc, self._current = self._current, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.terminate()
            self._stopped.append(proc)
        elif proc is not None:
            self._finished(proc, stopped=False)

    def reap(self) -> None:
        """Collect finished children (and notice a player that fails)."""
        for proc in list(self._stopped):
            if proc.poll() is not None:
                self._stopped.remove(proc)
                self._finished(proc, stopped=True)
        if self._current is not None and self._current.poll() is not None:
            proc, self._current = self._current, None
            self._finished(proc, stopped=False)

    def busy(self) -> bool:
        """True while a phrase plays or a stopped player has yet to end (so that the
        worker keeps collecting them: no process is left over once all is quiet)."""
        self.reap()
        return self._current is not None or bool(self._stopped)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the phrase playing now to end (tests and the command line)."""
        if self._current is not None:
            self._current.wait(timeout)
        self.reap()

    def close(self) -> None:
        self.stop()
        for proc in self._stopped:
            try:
                proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self._finished(proc, stopped=True)
        self._stopped.clear()

    def _finished(self, proc: subprocess.Popen[bytes], *, stopped: bool) -> None:
        _, err = proc.communicate()
        if stopped or proc.returncode == 0:
            if proc.returncode == 0 and self._failing:
                log.info("%s plays again", self.name)
                self._failing = False
            return
        lines = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
        detail = lines[-1] if lines else f"exit status {proc.returncode}"
        # "aplay: main:831: audio open error: ..." -> "audio open error: ..."
        detail = re.sub(r"^[\w.-]+:\s*(\w+:\d+:\s*)?", "", detail) or detail
        self._failed(f"{self.name}: {detail}")

    def _failed(self, message: str) -> None:
        if self._failing:
            return
        self._failing = True
        log.warning("sound output: %s (not repeated)", message)
        if self.on_failure is not None:
            self.on_failure(message)


class WinsoundPlayer:
    """Windows: ``winsound.PlaySound`` with ``SND_ASYNC`` (returns at once; stops the last)."""

    name = "winsound"

    def __init__(self, on_failure: FailureHandler | None = None):
        import winsound

        self._winsound: Any = winsound
        self.on_failure = on_failure
        self._failing = False

    def play(self, path: Path) -> None:
        ws = self._winsound
        try:
            ws.PlaySound(str(path), ws.SND_FILENAME | ws.SND_ASYNC | ws.SND_NODEFAULT)
            self._failing = False
        except RuntimeError as exc:
            if not self._failing:
                self._failing = True
                log.warning("sound output: winsound failed: %s (not repeated)", exc)
                if self.on_failure is not None:
                    self.on_failure(f"winsound failed: {exc}")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._winsound.PlaySound(None, 0)

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        self.stop()


def player_command() -> list[str] | None:
    """The command line that plays a file here, or None (Windows uses winsound)."""
    override = os.environ.get(PLAYER_VARIABLE, "").strip()
    if override:
        return shlex.split(override)
    if sys.platform == "win32":
        return None
    if sys.platform == "darwin":
        return ["afplay"]
    for argv in LINUX_PLAYERS:
        found = shutil.which(argv[0])
        if found:
            return [found, *argv[1:]]
    return None


def choose_player(
    on_failure: FailureHandler | None = None,
) -> CommandPlayer | WinsoundPlayer | None:
    """The player for this platform, or None when there is no way to play sound."""
    command = player_command()
    if command is not None:
        if shutil.which(command[0]) is None:
            log.warning("sound player %r not found", command[0])
            return None
        return CommandPlayer(command, on_failure)
    if sys.platform == "win32":
        try:
            return WinsoundPlayer(on_failure)
        except ImportError:
            return None
    return None


def no_player_message() -> str:
    if sys.platform.startswith("linux"):
        return (
            "No sound player found: install alsa-utils (aplay) "
            "(Debian/Ubuntu: sudo apt install alsa-utils). Cues are shown, not heard."
        )
    return "No sound player found. Cues are shown, not heard."
