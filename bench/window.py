"""Window benchmark: Easeback against a bare PySide6 window, measured in the same run.

    uv run python bench/window.py                # 15 start-ups each, then 60 s of a hold
    uv run python bench/window.py --runs 25 --hold 0

Figures (median of the runs). The two kinds run in pairs, one right after the other,
and a ratio is the median of the pairs' ratios: a slow spell of the machine (they
come and go on shared build machines) then slows both sides of a pair alike.
  start-up   process start -> first paint of the main window (the library, ready to read).
             As on a user's machine, one start has come before (the warm-up run): it
             left compiled bytecode and the snapshot of the first frame
             (easeback.ui.first_frame) that later starts draw from; the benchmark
             counts the starts that did, and the warm-up's own start-up is shown too.
  ready      process start -> the session side, history, reminders, tray and voice are
             up (MainWindow.ready, right after the first paint); no goal, shown for honesty
  memory     resident set size (VmRSS) once the window is shown and settled
  idle CPU   process CPU time over --hold seconds while a 2-minute hold runs
             (for the bare window: the same seconds doing nothing)
Goals: start-up <= 1.3x bare, memory <= 1.5x bare, idle CPU <= 1 % of one core.
Uses the offscreen platform unless DISPLAY is set (then xcb: run it under xvfb-run -a).
Bytecode caching is on for both, as on a user's machine (PYTHONDONTWRITEBYTECODE is dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"startup": 1.3, "rss": 1.5, "cpu_percent": 1.0}
HOLD_STARTS = 10.5  # seconds from start to the hold of seated-leg-to-chest (10 s get ready)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, hold: float) -> None:
    t0 = float(os.environ["BENCH_T0"])
    if kind == "app":
        # the order of the `easeback` command: read the command line, then bring up Qt
        # (see easeback.cli.main)
        from easeback.cli import parse_args

        args = parse_args([])
        from easeback.ui.app import launch
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    result: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "startup" not in result:
                result["startup"] = time.monotonic() - t0
                # drawn from the snapshot: the catalogue and plan modules are not loaded yet
                result["snapshot"] = float("easeback.core.plan" not in sys.modules)
                QTimer.singleShot(300, settle)
            return False

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.setCentralWidget(QLabel("A bare PySide6 window"))
        window.resize(1120, 760)
        begin = None
    else:
        # the real start-up path of `easeback`: settings, catalogue, voice, history,
        # reminders, tray and window
        app, window = launch(args)
        window.ready.connect(lambda: result.setdefault("ready", time.monotonic() - t0))

        def begin() -> None:
            # As a user would: the get-ready phase (where the voice renders the
            # session's phrases) plays out, and the measurement starts with the hold.
            window.start("seated-leg-to-chest")

    painter = FirstPaint()
    window.installEventFilter(painter)  # before the event loop: the first paint is still to come
    window.show()

    def settle() -> None:
        result["rss"] = rss_mb()
        if hold <= 0:
            finish()
            return
        if begin is not None:
            begin()
            QTimer.singleShot(round(HOLD_STARTS * 1000), measure)
        else:
            measure()

    def measure() -> None:
        start_cpu, start_wall = time.process_time(), time.monotonic()
        controller = window.controller if kind == "app" else None
        wakeups = controller.driver.wakeups if controller else 0

        def measured() -> None:
            wall = time.monotonic() - start_wall
            result["cpu_percent"] = 100 * (time.process_time() - start_cpu) / wall
            if controller:
                result["wakeups_per_s"] = (controller.driver.wakeups - wakeups) / wall
            finish()

        QTimer.singleShot(round(hold * 1000), measured)

    def finish() -> None:
        print(json.dumps(result), flush=True)
        app.quit()

    app.exec()


def run(kind: str, hold: float, home: str) -> dict[str, float]:
    env = dict(os.environ, EASEBACK_HOME=home)
    # Measure Python as users run it, with compiled bytecode cached on disk (the
    # warm-up run writes it); some build machines switch that cache off.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["BENCH_T0"] = repr(time.monotonic())
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--hold", str(hold)],
        env=env,
        capture_output=True,
        text=True,
        timeout=hold + 120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="start-ups of each kind (default 15)")
    parser.add_argument(
        "--hold", type=float, default=60, help="seconds of hold to measure CPU over"
    )
    parser.add_argument("--child", choices=("bare", "app"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.hold)
        return 0

    home = tempfile.mkdtemp(prefix="easeback-bench-")
    samples: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
    first = run("app", 0, home)  # a first start: writes bytecode, settings and the snapshot
    for _ in range(args.runs):
        for kind in ("bare", "app"):
            samples[kind].append(run(kind, 0, home))
    held = {kind: run(kind, args.hold, home) for kind in ("bare", "app")} if args.hold > 0 else {}

    def median(kind: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[kind])

    platform = "xcb" if os.environ.get("DISPLAY") else "offscreen"
    print(
        f"Easeback window benchmark ({platform}, {args.runs} start-ups each, {args.hold:g} s hold)"
    )
    print(f"{'figure':<22}{'bare window':>14}{'Easeback':>12}{'ratio':>9}{'goal':>10}  result")
    rows = [
        ("start-up (s)", median("bare", "startup"), median("app", "startup"), "startup"),
        ("memory RSS (MB)", median("bare", "rss"), median("app", "rss"), "rss"),
    ]
    ok = True
    for name, bare, app, key in rows:
        ratio = statistics.median(
            a[key] / b[key] for b, a in zip(samples["bare"], samples["app"], strict=True)
        )
        good = ratio <= GOALS[key]
        ok &= good
        verdict = "ok" if good else "MISSED"
        print(f"{name:<22}{bare:>14.3f}{app:>12.3f}{ratio:>8.2f}x{GOALS[key]:>9.1f}x  {verdict}")
        print(f"{'':<22}{'':>14}{'':>12}{app / bare:>8.2f}x  (the ratio of the two medians)")
    ready = median("app", "ready")
    print(f"{'ready (s)':<22}{'':>14}{ready:>12.3f}{ready / median('bare', 'startup'):>8.2f}x")
    print(f"{'first start (s)':<22}{'':>14}{first['startup']:>12.3f}   (the warm-up, no snapshot)")
    drawn = sum(int(s["snapshot"]) for s in samples["app"])
    print(f"start-ups drawn from the snapshot: {drawn} of {args.runs}")
    if args.hold <= 0:
        return 0 if ok else 1
    cpu = held["app"]["cpu_percent"]
    good = cpu <= GOALS["cpu_percent"]
    ok &= good
    print(
        f"{'idle CPU in a hold (%)':<22}{held['bare']['cpu_percent']:>14.3f}{cpu:>12.3f}{'':>9}"
        f"{GOALS['cpu_percent']:>9.1f}%  {'ok' if good else 'MISSED'}"
    )
    print(f"timer wake-ups per second during the hold: {held['app']['wakeups_per_s']:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
