"""A real PulseAudio server with a null sink for a test (bench/pulse.py starts it)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import bench_script, require_tool

_server = bench_script("pulse")
SINK = _server.SINK


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
    home = tmp_path / "pulse-home"
    home.mkdir()
    # its runtime folder also holds the app's single-instance socket
    for key, value in _server.pulse_environment(home).items():
        monkeypatch.setenv(key, value)
    env = dict(os.environ)
    _server.start_pulse(env)  # returns once the server is up
    try:
        yield Pulse(env)
    finally:
        _server.stop_pulse(env)
