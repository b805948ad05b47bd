"""A private PulseAudio server with a null sink: audio in and out without a sound card.

Whatever is played to the sink (``paplay``, or ``aplay`` through ALSA's pulse plugin)
can be recorded from its monitor, which is the default source, so ``arecord`` or
``parec`` hears it as a microphone would hear the room. Used by the benchmarks and
by the tests (``tests/listen/pulse.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

SINK = "easeback_test"
ASOUNDRC = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


def pulse_environment(home: Path) -> dict[str, str]:
    """The variables that send a process's sound to a server of its own: a new runtime
    folder (XDG_RUNTIME_DIR, a short path: a Unix socket path fits in 108 bytes, removed
    by ``stop_pulse``), and ``home`` holding an ALSA setup whose default device is the
    pulse plugin."""
    runtime = Path(tempfile.mkdtemp(prefix="eb-run-"))
    runtime.chmod(0o700)
    (home / ".asoundrc").write_text(ASOUNDRC)
    return {
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(home),
        "PULSE_SOURCE": f"{SINK}.monitor",
        "PULSE_SINK": SINK,
    }


def start_pulse(env: dict[str, str]) -> None:
    """Start the server for ``env`` (which holds ``pulse_environment``) and make the null
    sink and its monitor the defaults; returns once it answers."""

    def run(*argv: str) -> None:
        subprocess.run(argv, env=env, check=True, timeout=30, capture_output=True)

    run(
        "pulseaudio",
        "--daemonize=yes",
        "--no-cpu-limit",
        "-n",
        "--exit-idle-time=-1",
        "--disallow-exit",
        "--log-target=stderr",
        f"--load=module-null-sink sink_name={SINK}",
        "--load=module-native-protocol-unix",
    )
    run("pactl", "info")
    run("pactl", "set-default-sink", SINK)
    run("pactl", "set-default-source", f"{SINK}.monitor")


def stop_pulse(env: dict[str, str]) -> None:
    """Stop the server and remove its runtime folder."""
    subprocess.run(["pulseaudio", "--kill"], env=env, check=False, timeout=30)
    shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)
