"""Soak: simulated working hours, run as fast as the CPU allows; memory, files and threads.

Each simulated hour runs one full-program session end to end and then desk time
with break reminders (every ``--remind-every`` minutes, answered in turn by
taking the desk break, snoozing, and skipping). Everything is the production
code on a fake clock: the core session, the real speaker (espeak-ng renders each
phrase, the sound player is started for every cue: ``aplay -D null`` where
there is aplay), the SQLite history and the reminder scheduler. Only time is
fake; each cue is handed to the speaker at its simulated moment and the speaker
is let to finish with it before time moves on.

At the end of every simulated hour it reports the process's resident memory
(VmRSS), open file descriptors, threads and child processes. The goal is flat:
no growth after the first hour (which renders the phrases into the cache).
Each hour's figures are taken at rest, once the players of its last cues ended.

    uv run python bench/soak.py [--hours 8] [--remind-every 5] [--player CMD]

``--real MINUTES`` instead runs the app itself in real time (``easeback run
full-program``, voice on, the player as above) on the X display in force, e.g.
under ``xvfb-run -a``, and samples the same figures from outside every minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


class FakeClock:
    """Monotonic seconds that move only when the soak says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def at_rest() -> dict[str, int]:
    """``proc_status()`` once the last cues' players have ended (up to 5 s of real time):
    a player still sounding at the hour's last second is not a leak."""
    pause = threading.Event()
    deadline = time.monotonic() + 5.0
    status = proc_status()
    while status["children"] and time.monotonic() < deadline:
        pause.wait(0.05)
        status = proc_status()
    return status


def proc_status(pid: int | None = None) -> dict[str, int]:
    """RSS (KiB), open descriptors, threads and children of a process (Linux /proc)."""
    where = Path("/proc", str(pid) if pid else "self")
    fields = {}
    for line in (where / "status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "Threads"):
            fields[key] = int(value.split()[0])
    own = str(pid or os.getpid())
    children = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == own:
                children += 1
    return {
        "rss_kib": fields["VmRSS"],
        "fds": len(os.listdir(where / "fd")),
        "threads": fields["Threads"],
        "children": children,
    }


class Day:
    """The production pieces on one fake clock."""

    def __init__(self, remind_minutes: float) -> None:
        from easeback.core.catalogue import load_catalogue
        from easeback.core.history import History, HistoryRecorder
        from easeback.core.paths import paths
        from easeback.core.reminders import ReminderScheduler
        from easeback.core.settings import Settings
        from easeback.speech.player import choose_player
        from easeback.speech.speaker import BeepSource, CachedSpeaker, VoiceSource

        self.clock = FakeClock()
        self.start_wall = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday, 09:00
        self.catalogue = load_catalogue()
        self.settings = Settings()
        player = choose_player()
        if player is None:
            raise SystemExit("no sound player: install alsa-utils, or pass --player true")
        cache = paths().speech_cache
        self.speaker = CachedSpeaker(
            VoiceSource(cache, voice=self.settings.voice, rate=self.settings.rate),
            player,
            fallback=BeepSource(cache),
            clock=self.clock,
        )
        self.history = History(paths().history_db, now=self.local_now)
        self.recorder = HistoryRecorder(self.history)
        self.reminders = ReminderScheduler(
            self.clock, self.local_now, remind_minutes * 60, snooze_s=2 * 60
        )
        self.cues = 0
        self.sessions = 0
        self.breaks = 0
        self._answers = 0

    def local_now(self) -> datetime:
        return self.start_wall + timedelta(seconds=self.clock.now - 1000.0)

    def wall(self) -> float:
        return self.local_now().timestamp()

    def run_session(self, item_id: str) -> None:
        """One session from start to end, every event at its moment."""
        from easeback.core.plan import compile_plan
        from easeback.core.session import CueDue, Session

        plan = compile_plan(self.catalogue, item_id, self.settings.plan_options())
        session = Session(plan, self.clock, wall_clock=self.wall)
        self.speaker.prepare(plan.texts())
        self.reminders.session_started(self.clock.now)
        self.recorder.begin(plan)
        session.start(self.clock.now)
        while True:
            for event in session.poll(self.clock.now):
                self.recorder.feed(event)
                if isinstance(event, CueDue) and not event.stale:
                    self.speaker.say(event.cue.text, due=self.clock.now - event.late)
                    self.cues += 1
            self.speaker.wait_idle(30)  # the speaker is done with this moment's cues
            wake = session.next_wakeup(self.clock.now)
            if wake is None:
                break
            self.clock.now = max(self.clock.now, wake)
        self.reminders.session_ended(self.clock.now)
        self.sessions += 1

    def desk_time(self, until: float) -> None:
        """Sit at the desk until ``until`` (clock time), answering each break reminder."""
        from easeback.core.reminders import BreakDue

        while self.clock.now < until:
            due = self.reminders.next_due()
            self.clock.now = min(until, due if due is not None else until)
            for event in self.reminders.poll(self.clock.now):
                if isinstance(event, BreakDue):
                    self._answer()
            if due is None:
                self.clock.now = until

    def _answer(self) -> None:
        self._answers += 1
        choice = self._answers % 3
        if choice == 1:
            self.reminders.accept(self.clock.now)
            self.run_session(self.settings.break_routine)
            self.breaks += 1
        elif choice == 2:
            self.reminders.snooze(self.clock.now)
        else:
            self.reminders.skip(self.clock.now)

    def close(self) -> None:
        self.speaker.close()
        self.history.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=8, help="simulated hours (default 8)")
    parser.add_argument(
        "--remind-every", type=float, default=5.0, help="break reminder minutes (default 5)"
    )
    parser.add_argument(
        "--player",
        help="player command line (default: aplay -q -D null, else what the app would use)",
    )
    parser.add_argument(
        "--real", type=int, metavar="MINUTES", help="run the app for real instead (see above)"
    )
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        parser.error("reads /proc: Linux only")
    if args.player:
        os.environ["EASEBACK_PLAYER"] = args.player
    elif shutil.which("aplay"):
        os.environ["EASEBACK_PLAYER"] = "aplay -q -D null"
    with tempfile.TemporaryDirectory() as home:
        os.environ["EASEBACK_HOME"] = home
        if args.real:
            return real_time(args.real)
        return soak(args.hours, args.remind_every)


def real_time(minutes: int) -> int:
    """The app itself, a full program in real time, sampled once a minute from outside."""
    import subprocess

    if not os.environ.get("DISPLAY"):
        raise SystemExit("--real needs an X display: run under xvfb-run -a")
    app = subprocess.Popen(
        [sys.executable, "-m", "easeback", "run", "full-program"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    pause = threading.Event()
    rows = []
    try:
        for minute in range(minutes + 1):
            if minute:
                pause.wait(60)
            if app.poll() is not None:
                break
            rows.append((minute, proc_status(app.pid)))
    finally:
        app.terminate()
        _, err = app.communicate(timeout=30)
    print(f"Player: {os.environ.get('EASEBACK_PLAYER', 'the platform default')}")
    print(f"{'minute':>6} {'RSS MiB':>8} {'fds':>4} {'threads':>7} {'children':>8}")
    for minute, st in rows:
        print(
            f"{minute:>6} {st['rss_kib'] / 1024:>8.1f} {st['fds']:>4} {st['threads']:>7}"
            f" {st['children']:>8}"
        )
    if "Traceback" in err:
        print(err, file=sys.stderr)
        return 1
    first, last = rows[1][1], rows[-1][1]
    print(
        f"after the first minute: RSS {(last['rss_kib'] - first['rss_kib']) / 1024:+.1f} MiB, "
        f"fds {last['fds'] - first['fds']:+d}, threads {last['threads'] - first['threads']:+d}"
    )
    return 0


def soak(hours: int, remind_minutes: float) -> int:
    day = Day(remind_minutes)
    assert day.speaker.wait_idle(30)
    print(f"Speaker: {day.speaker.status}")
    print(f"Player: {os.environ.get('EASEBACK_PLAYER', 'the platform default')}")
    rows = [("start", 0, 0, 0, 0.0, at_rest())]
    began = time.perf_counter()
    for hour in range(1, hours + 1):
        end = 1000.0 + hour * 3600
        day.run_session("full-program")
        day.desk_time(end)
        rows.append(
            (
                f"{hour} h",
                day.sessions,
                day.breaks,
                day.cues,
                time.perf_counter() - began,
                at_rest(),
            )
        )
    day.close()
    took = time.perf_counter() - began
    print(f"{hours} simulated hours in {took:.0f} s of real time ({hours * 3600 / took:.0f}x)")
    print(
        f"{'hour':>6} {'sessions':>8} {'breaks':>6} {'cues':>6} {'real s':>7}"
        f" {'RSS MiB':>8} {'fds':>4} {'threads':>7} {'children':>8}"
    )
    for label, sessions, breaks, cues, real, st in rows:
        print(
            f"{label:>6} {sessions:>8} {breaks:>6} {cues:>6} {real:>7.1f}"
            f" {st['rss_kib'] / 1024:>8.1f} {st['fds']:>4} {st['threads']:>7} {st['children']:>8}"
        )
    first, last = rows[1][5], rows[-1][5]
    growth = (last["rss_kib"] - first["rss_kib"]) / 1024
    print(
        f"after the first hour: RSS {growth:+.1f} MiB, fds {last['fds'] - first['fds']:+d}, "
        f"threads {last['threads'] - first['threads']:+d}, "
        f"children {last['children'] - first['children']:+d}"
    )
    flat = growth < 5 and last["fds"] <= first["fds"] and last["threads"] <= first["threads"]
    print("FLAT" if flat else "NOT FLAT")
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
