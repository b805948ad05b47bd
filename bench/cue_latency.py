"""Cue latency: from a cue's scheduled moment to its audio handed to the sound player.

Runs the real speaker (``create_speaker``: espeak-ng through pyttsx3, the phrase
cache, the platform's player) inside a Qt event loop that behaves like the
window: one precise single-shot timer armed for the next cue, which calls
``speaker.say(text, due=moment)`` when it fires, while a 60 Hz "repaint" timer
keeps the GUI thread busy for a quarter of the time. The speech cache starts
empty, as on a first session: ``prepare()`` is called as the first cue is due.

"Handed to the output" is the moment the player has the file: the ``aplay``
(``afplay``, ``pw-play``...) process is spawned, or ``winsound.PlaySound``
returned. On Linux it also measures how long ``aplay`` itself takes to open the
ALSA ``null`` device and write a phrase.

``--sound-server`` follows the voice the rest of the way, to where a user hears
it: a private PulseAudio server (``bench/pulse.py``) with a null sink takes the
app's ``aplay`` through ALSA's pulse plugin, and ``parec`` records the sink's
monitor. A cue's sound is the first moment its phrase is heard after silence at
its scheduled moment; the cues are short phrases a few seconds apart, so one
has ended before the next is due.

    uv run python bench/cue_latency.py [--cues N] [--gap SECONDS] [--player CMD]
    uv run python bench/cue_latency.py --sound-server [--cues N] [--gap SECONDS]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from array import array
from pathlib import Path

# (cues, mean seconds between them): many close together; for --sound-server, short
# phrases far enough apart that each is heard on its own
DEFAULTS = {"player": (120, 0.25), "sound server": (40, 4.0)}


def percentiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"median {statistics.median(ms):.1f} ms, p90 {cuts[89]:.1f} ms, "
        f"p99 {cuts[98]:.1f} ms, max {ms[-1]:.1f} ms"
    )


def cue_schedule(
    count: int, gap: float, seed: int = 7, most_words: int = 0
) -> list[tuple[float, str]]:
    """(seconds from the start, text): a real routine's phrases at short, varied gaps
    (only those of at most ``most_words`` words, if given)."""
    from easeback.core.catalogue import load_catalogue
    from easeback.core.plan import compile_plan

    plan = compile_plan(load_catalogue(), "full-program")
    cues = [(p.start + c.at, c.text) for p in plan.phases for c in p.cues]
    cues.sort()
    texts = [text for _, text in cues if not most_words or len(text.split()) <= most_words]
    rng = random.Random(seed)
    at, schedule = 0.0, []
    for i in range(count):
        schedule.append((at, texts[i % len(texts)]))
        at += gap * rng.uniform(0.6, 1.4)
    return schedule


def make_speaker(engine: str, on_outcome):
    """The speaker ``create_speaker`` builds, with the engine named: ``auto`` (what the app
    uses), or ``pyttsx3`` (rendering in process, the way before espeak-ng ran per phrase)."""
    from easeback.core.paths import paths
    from easeback.core.settings import Settings
    from easeback.speech.engine import TtsEngine
    from easeback.speech.factory import create_speaker
    from easeback.speech.player import choose_player
    from easeback.speech.speaker import BeepSource, CachedSpeaker, VoiceSource

    if engine == "auto":
        return create_speaker(Settings(), on_outcome=on_outcome)
    player = choose_player()
    assert player is not None, "no sound player"
    cache = paths().speech_cache
    source = VoiceSource(cache, start_engine=TtsEngine.start)
    return CachedSpeaker(source, player, fallback=BeepSource(cache), on_outcome=on_outcome)


def run_session(
    count: int, gap: float, engine: str = "auto", most_words: int = 0
) -> tuple[list, dict[float, float], str, str]:
    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    outcomes: list = []
    said_at: dict[float, float] = {}  # due -> when the timer called say()
    schedule = cue_schedule(count, gap, most_words=most_words)
    speaker = make_speaker(engine, outcomes.append)
    speaker.wait_idle(30)  # the engine has started, as it has long before a session
    player = speaker.status

    def busy_paint() -> None:  # ~4 ms of Python work every 16 ms on the GUI thread
        end = time.perf_counter() + 0.004
        while time.perf_counter() < end:
            sum(range(200))

    paint = QTimer()
    paint.setTimerType(Qt.TimerType.PreciseTimer)
    paint.timeout.connect(busy_paint)
    paint.start(16)

    cue_timer = QTimer()  # one single-shot precise timer, re-armed for each next cue
    cue_timer.setSingleShot(True)
    cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
    origin = time.monotonic() + 0.5
    index = 0
    # a safety net: never hang if something above goes wrong (stopped at the end, so
    # that it cannot end the next session of a comparison)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(app.quit)
    safety.start(round((schedule[-1][0] + 30) * 1000))

    def arm() -> None:
        nonlocal index
        if index >= len(schedule):
            QTimer.singleShot(1500, app.quit)
            return
        due = origin + schedule[index][0]
        wait_ms = max(0, math.ceil((due - time.monotonic()) * 1000))
        cue_timer.start(wait_ms)

    def fire() -> None:
        nonlocal index
        at, text = schedule[index]
        if index == 0:
            speaker.prepare(dict.fromkeys(t for _, t in schedule))  # session start
        said_at[origin + at] = time.monotonic()
        speaker.say(text, due=origin + at)
        index += 1
        arm()

    cue_timer.timeout.connect(fire)
    QTimer.singleShot(0, arm)
    app.exec()
    safety.stop()
    paint.stop()
    speaker.wait_idle(10)
    status = speaker.status
    speaker.close()
    return outcomes, said_at, player, status


def aplay_startup(runs: int = 30) -> list[float] | None:
    """Seconds for aplay to start, open ALSA's null device and write a short phrase."""
    aplay = shutil.which("aplay")
    if not aplay or not sys.platform.startswith("linux"):
        return None
    from easeback.speech.wavfile import tone, write_clip

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "beep.wav"
        write_clip(wav, tone(0.5))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.run(
                [aplay, "-q", "-D", "null", str(wav)], capture_output=True, check=False
            )
            if proc.returncode != 0:
                return None
            times.append(time.perf_counter() - start)
        return times


RATE = 16000  # samples a second recorded from the sink's monitor (mono, 16-bit)
BLOCK = 80  # samples: the 5 ms steps in which the recording is read for sound
LOUD = 100  # RMS of a block that is sound: the null sink is exact zeros in silence
SHORT = 6  # words: the phrases a sound-server session says, each over before the next


class MonitorRecording:
    """``parec`` recording the null sink's monitor, each sample's moment on the monotonic
    clock: the earliest (arrival - audio before it) of all reads, as no read comes
    before its audio was played."""

    def __init__(self, sink: str):
        command = ["parec", f"--device={sink}.monitor", "--raw", "--format=s16le"]
        command += [f"--rate={RATE}", "--channels=1", "--latency-msec=10"]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE)
        self.data = bytearray()
        self.start = math.inf  # monotonic moment of the first sample
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while chunk := os.read(fd, 640):
            now = time.monotonic()
            self.data += chunk
            self.start = min(self.start, now - len(self.data) / (2 * RATE))

    def stop(self) -> array:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._thread.join(timeout=10)
        samples = array("h")
        samples.frombytes(bytes(self.data[: len(self.data) // 2 * 2]))
        return samples


def loud_blocks(samples: array, block: int = BLOCK) -> list[bool]:
    """For each block of ``block`` samples, whether it holds sound."""
    loud = []
    for i in range(0, len(samples) - block + 1, block):
        part = samples[i : i + block]
        loud.append(math.sqrt(sum(v * v for v in part) / block) > LOUD)
    return loud


def heard_at(loud: list[bool], start: float, due: float, within: float = 1.0) -> float | None:
    """The moment sound begins after ``due``, if the sink was silent from just before
    ``due`` until then; None if a phrase was still sounding (nothing to measure)."""
    first = max(0, int((due - 0.02 - start) * RATE / BLOCK))
    last = min(len(loud), int((due + within - start) * RATE / BLOCK))
    for i in range(first, last):
        if loud[i]:
            return None if i == first else start + i * BLOCK / RATE
    return None


def clip_onsets(folder: Path) -> list[float]:
    """Seconds from each cached phrase's start to its first sound block: how late the
    block detector itself hears a phrase that starts softly."""
    onsets = []
    for path in folder.rglob("*.wav"):
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth()) != (1, 2):
                continue
            rate = w.getframerate()
            samples = array("h")
            samples.frombytes(w.readframes(w.getnframes()))
        block = rate * BLOCK // RATE  # 5 ms at the clip's own rate
        loud = loud_blocks(samples, block)
        if True in loud:
            onsets.append(loud.index(True) * block / rate)
    return onsets


def sound_server(cues: int, gap: float) -> int:
    """The session's cues followed to a real sound server's output."""
    from pulse import SINK, pulse_environment, start_pulse, stop_pulse

    from easeback.core.paths import paths

    if not all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec", "aplay")):
        print("needs pulseaudio, pulseaudio-utils and alsa-utils (and libasound2-plugins)")
        return 2
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(pulse_environment(Path(home)))
        os.environ["EASEBACK_HOME"] = home
        os.environ.pop("EASEBACK_PLAYER", None)  # aplay, through ALSA's pulse plugin
        env = dict(os.environ)
        start_pulse(env)
        try:
            recording = MonitorRecording(SINK)
            time.sleep(0.5)  # parec is reading
            outcomes, _, started, _ = run_session(cues, gap, most_words=SHORT)
            time.sleep(1.0)  # the last phrase has sounded
            samples = recording.stop()
            onsets = clip_onsets(paths().speech_cache)
        finally:
            stop_pulse(env)
    played = [o for o in outcomes if o.result == "played"]
    loud = loud_blocks(samples)
    heard = [(o, heard_at(loud, recording.start, o.due)) for o in played]
    measured = [(o, at) for o, at in heard if at is not None]
    print(f"Speaker: {started}; sound server: PulseAudio, null sink, recorded with parec")
    print(f"{len(outcomes)} cues of at most {SHORT} words, {gap:g} s apart on average")
    if len(measured) < 2:
        print("fewer than two cues heard: nothing to measure")
        return 1
    lates = [at - o.due for o, at in measured]
    print(f"  scheduled moment -> sound out of the sound server: {percentiles(lates)}")
    print(f"    of which handed to the player: {percentiles([o.late for o, _ in measured])}")
    print(
        f"    and player -> sound (aplay, ALSA, PulseAudio): "
        f"{percentiles([at - o.at for o, at in measured])}"
    )
    if len(onsets) > 1:
        print(
            f"  the detector's own lag into a phrase (from the cached clips): {percentiles(onsets)}"
        )
    print(
        f"  heard: {len(measured)} of {len(played)} played "
        f"(the rest began while the sink still sounded); within 100 ms: "
        f"{sum(v <= 0.1 for v in lates)}/{len(lates)}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    (cues, gap), (server_cues, server_gap) = DEFAULTS["player"], DEFAULTS["sound server"]
    parser.add_argument(
        "--cues", type=int, help=f"cues to time (default {cues}; {server_cues} to a server)"
    )
    parser.add_argument(
        "--gap", type=float, help=f"mean seconds between cues ({gap:g}; {server_gap:g})"
    )
    parser.add_argument("--player", help="player command line (sets EASEBACK_PLAYER)")
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="instead: ROUNDS sessions each of espeak-ng per phrase and of pyttsx3 in "
        "process, interleaved, and the two side by side",
    )
    parser.add_argument(
        "--sound-server",
        action="store_true",
        help="instead: follow the cues to a private PulseAudio server's output",
    )
    args = parser.parse_args()
    cues, gap = DEFAULTS["sound server" if args.sound_server else "player"]
    args.cues = args.cues or cues
    args.gap = args.gap or gap
    if args.sound_server:
        return sound_server(args.cues, args.gap)
    if args.cues < 100:
        parser.error("time at least 100 cues")
    if args.player:
        os.environ["EASEBACK_PLAYER"] = args.player
    if args.compare:
        return compare(args.cues, args.gap, args.compare)
    with tempfile.TemporaryDirectory() as home:
        os.environ["EASEBACK_HOME"] = home  # an empty speech cache, the user's left alone
        outcomes, said_at, started, status = run_session(args.cues, args.gap)

    played = [o for o in outcomes if o.result == "played"]
    other = len(outcomes) - len(played)
    print(f"Speaker: {started}")
    if status != started:
        print(f"  later: {status}")
    print(f"{len(outcomes)} cues, {args.gap:g} s apart on average, GUI thread busy 25% of the time")
    if len(played) < 2:
        print("fewer than two cues played: nothing to measure")
        return 1
    lates = [o.late for o in played]
    print(f"  scheduled moment -> audio handed to the player: {percentiles(lates)}")
    timer = [said_at[o.due] - o.due for o in played]
    worker = [o.at - said_at[o.due] for o in played]
    print(f"    of which the Qt timer firing late: {percentiles(timer)}")
    print(f"    and say() -> player (speech thread): {percentiles(worker)}")
    print(f"  within 100 ms: {sum(v <= 0.1 for v in lates)}/{len(lates)}; not played: {other}")
    first = played[0].late
    print(f"  first cue (rendered on demand, cache empty): {first * 1000:.1f} ms")
    startup = aplay_startup()
    if startup:
        print(f"aplay start-up to ALSA (null device), {len(startup)} runs: {percentiles(startup)}")
    ok = statistics.median(lates) < 0.05 and max(lates) < 0.1
    print("OK: median < 50 ms and every cue < 100 ms" if ok else "NOT OK")
    return 0 if ok else 1


def compare(cues: int, gap: float, rounds: int) -> int:
    """Both engines under the same load: sessions interleaved, each from an empty cache."""
    lates: dict[str, list[float]] = {"auto": [], "pyttsx3": []}
    firsts: dict[str, list[float]] = {"auto": [], "pyttsx3": []}
    for _ in range(rounds):
        for engine in lates:
            with tempfile.TemporaryDirectory() as home:
                os.environ["EASEBACK_HOME"] = home
                outcomes = run_session(cues, gap, engine)[0]
            played = [o.late for o in outcomes if o.result == "played"]
            lates[engine] += played
            firsts[engine].append(played[0])
    for engine, label in (("pyttsx3", "pyttsx3 in process"), ("auto", "espeak-ng per phrase")):
        first = statistics.median(firsts[engine]) * 1000
        print(f"{label:>22}: {percentiles(lates[engine])}; first cue (median) {first:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
