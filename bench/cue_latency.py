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
ALSA ``null`` device and write a phrase, the part of the way to the speaker
this benchmark cannot see without a sound card.

    uv run python bench/cue_latency.py [--cues 120] [--gap 0.25] [--player CMD]
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
import time
from pathlib import Path


def percentiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"median {statistics.median(ms):.1f} ms, p90 {cuts[89]:.1f} ms, "
        f"p99 {cuts[98]:.1f} ms, max {ms[-1]:.1f} ms"
    )


def cue_schedule(count: int, gap: float, seed: int = 7) -> list[tuple[float, str]]:
    """(seconds from the start, text): a real routine's phrases at short, varied gaps."""
    from easeback.core.catalogue import load_catalogue
    from easeback.core.plan import compile_plan

    plan = compile_plan(load_catalogue(), "full-program")
    cues = [(p.start + c.at, c.text) for p in plan.phases for c in p.cues]
    cues.sort()
    texts = [text for _, text in cues]
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
    count: int, gap: float, engine: str = "auto"
) -> tuple[list, dict[float, float], str, str]:
    from PySide6.QtCore import QCoreApplication, Qt, QTimer

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    outcomes: list = []
    said_at: dict[float, float] = {}  # due -> when the timer called say()
    schedule = cue_schedule(count, gap)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=120, help="cues to time (default 120)")
    parser.add_argument("--gap", type=float, default=0.25, help="mean seconds between cues")
    parser.add_argument("--player", help="player command line (sets EASEBACK_PLAYER)")
    parser.add_argument(
        "--compare",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="instead: ROUNDS sessions each of espeak-ng per phrase and of pyttsx3 in "
        "process, interleaved, and the two side by side",
    )
    args = parser.parse_args()
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
