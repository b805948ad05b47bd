"""A real PulseAudio server with a null sink, for audio in and out without a sound card.

Whatever is played to the sink (``paplay``, or the app's ``aplay`` through ALSA's
pulse plugin) can be recorded from its monitor, which is the default source, so
``arecord`` hears it as a microphone would hear the room.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_tool

SINK = "easeback_test"
ASOUNDRC = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


class Pulse:
    def __init__(self, env: dict[str, str]):
        self.env = env

    def run(self, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv, env=self.env, capture_output=True, text=True, check=True, timeout=timeout
        )

    def play(self, wav: Path) -> None:
        """Play ``wav`` into the sink and wait until it has been played."""
        self.run("paplay", f"--device={SINK}", str(wav))


@pytest.fixture
def pulse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pulse]:
    """Starts a private PulseAudio server; this process and its children use it."""
    for tool in ("pulseaudio", "pactl", "paplay", "arecord", "aplay"):
        require_tool(tool)
    # short: the sockets made in it (PulseAudio's, the app's single-instance one) must
    # fit the 108 bytes a Unix socket path may have
    runtime = Path(tempfile.mkdtemp(prefix="eb-run-"))
    runtime.chmod(0o700)
    home = tmp_path / "pulse-home"
    home.mkdir()
    (home / ".asoundrc").write_text(ASOUNDRC)  # ALSA's default device is the pulse plugin
    for key, value in {
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(home),
        "PULSE_SOURCE": f"{SINK}.monitor",
        "PULSE_SINK": SINK,
    }.items():
        monkeypatch.setenv(key, value)
    env = dict(os.environ)
    subprocess.run(
        [
            "pulseaudio",
            "--daemonize=yes",
            "--no-cpu-limit",
            "-n",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--log-target=stderr",
            f"--load=module-null-sink sink_name={SINK}",
            "--load=module-native-protocol-unix",
        ],
        env=env,
        check=True,
        timeout=30,
        capture_output=True,
    )
    pulse = Pulse(env)  # --daemonize returns once the server is up
    pulse.run("pactl", "info")
    pulse.run("pactl", "set-default-sink", SINK)
    pulse.run("pactl", "set-default-source", f"{SINK}.monitor")
    try:
        yield pulse
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, check=False, timeout=30)
        shutil.rmtree(runtime, ignore_errors=True)
