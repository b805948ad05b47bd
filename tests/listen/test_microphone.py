"""The microphone thread: a real child process as the microphone, the gate, the level,
and a clear message when there is nothing to record with."""

from __future__ import annotations

import threading

import pytest

from easeback.listen.gate import LEAD, MuteGate
from easeback.listen.microphone import (
    CHUNK,
    MICROPHONE_VARIABLE,
    Listener,
    MicrophoneUnavailable,
    check_available,
    level_of,
)
from tests.helpers.clock import FakeClock

pytestmark = pytest.mark.espeak


def run_listener(raw, qtbot, gate=None, clock=None):
    """Listen to ``raw`` (a file of 16 kHz samples) through ``cat`` until it ends."""
    heard, levels, problems = [], [], []
    done = threading.Event()

    def problem(text: str) -> None:
        problems.append(text)
        done.set()

    listener = Listener(
        heard.append,
        on_level=levels.append,
        on_problem=problem,
        gate=gate,
        argv=["cat", str(raw)],
        **({"clock": clock} if clock else {}),
    )
    listener.start()
    qtbot.waitUntil(done.is_set, timeout=30000)  # cat ends: the listener says so
    listener.stop()
    return heard, levels, problems


def test_a_command_said_into_the_microphone_is_heard(speech, qtbot, tmp_path):
    stream = speech.stream([("pause", "pause"), ("how long", "time-left")])
    raw = tmp_path / "mic.raw"
    raw.write_bytes(stream.pcm.tobytes())
    heard, levels, problems = run_listener(raw, qtbot)
    assert [h.command for h in heard] == ["pause", "time-left"]
    assert levels, "the level meter is fed"
    assert all(0.0 <= level <= 1.0 for level in levels)
    assert "could not be read" in problems[0]


def test_nothing_is_heard_while_the_gate_says_the_app_is_speaking(speech, qtbot, tmp_path):
    stream = speech.stream([("pause", "pause"), ("how long", "time-left")])
    raw = tmp_path / "mic.raw"
    raw.write_bytes(stream.pcm.tobytes())
    clock = FakeClock()
    gate = MuteGate(clock)
    gate.speaking(3600.0)  # the app speaks for as long as the recording lasts
    heard, _, _ = run_listener(raw, qtbot, gate=gate, clock=clock)
    assert heard == []


class AudioClock:
    """The moment each chunk of the recording was said: 30 ms later at each read."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.reads * CHUNK / 32000


def test_a_command_said_just_before_the_app_speaks_is_heard(speech, qtbot, tmp_path):
    stream = speech.stream([("pause", "pause")], gap=1.5)
    raw = tmp_path / "mic.raw"
    raw.write_bytes(stream.pcm.tobytes())
    clock = AudioClock()
    gate = MuteGate(clock)
    _, end, _ = stream.phrases[0]
    gate.speaking(1.0, start=end + 0.25 + LEAD)  # a cue 0.25 s after the phrase: quick reps
    heard, _, _ = run_listener(raw, qtbot, gate=gate, clock=clock)
    assert [h.command for h in heard] == ["pause"]


def test_no_recorder_gives_one_message_naming_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MicrophoneUnavailable, match=r"arecord.*alsa-utils"):
        check_available()
    monkeypatch.setenv(MICROPHONE_VARIABLE, "no-such-recorder -x")
    with pytest.raises(MicrophoneUnavailable, match="no-such-recorder"):
        check_available()


def test_a_microphone_that_fails_says_why(qtbot):
    problems: list[str] = []
    done = threading.Event()
    listener = Listener(
        lambda h: None,
        on_problem=lambda t: (problems.append(t), done.set()),
        argv=["sh", "-c", "echo 'audio open error: No such device' >&2; exit 1"],
    )
    listener.start()
    qtbot.waitUntil(done.is_set, timeout=10000)
    listener.stop()
    assert problems == [
        "Listening stopped: the microphone could not be read (audio open error: No such "
        "device). Check that a microphone is connected and allowed."
    ]


def test_level_is_zero_for_silence_and_one_for_full_scale():
    assert level_of(b"\0\0" * 480) == 0.0
    assert level_of(b"\xff\x7f" * 480) == pytest.approx(1.0, abs=0.01)
    assert 0.4 < level_of(b"\x00\x04" * 480) < 0.8  # -30 dB
