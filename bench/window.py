"""Window benchmark: what a user sees, against a bare PySide6 window in the same run.

    uv run python bench/window.py              # 10 rounds, its own Xvfb
    uv run python bench/window.py --rounds 20 --idle 10

Every figure is watched from outside the process, on a real X server (Xvfb,
started here, black root), through Xlib: the clock starts just before the
process is started and stops when the X server has what the figure names.

  first paint    a window is mapped and a strip across its middle is drawn (no
                 longer the black root, and more than one colour)
  interactive    after the first paint, the app answers a request on its
                 single-instance socket: its event loop is free for the user
  session        ``easeback run desk-break``: the window's title counts the
                 session ("0:10 · Get ready · …") and the window is drawn
  ... cpu        the CPU time all the process's threads had used at that moment
                 (/proc/PID/task/*/schedstat): what the start costs, whatever else
                 the machine is doing; wall times grow with the machine's load
  idle           context switches per second of all the process's threads,
                 over --idle seconds with the library open (from /proc)

Kinds, interleaved in each round so a slow spell of the machine hits all alike:
bare (QApplication + QMainWindow + QLabel, shown, exec), library cold (a fresh
EASEBACK_HOME: no settings, history or speech cache), library warm (the home of
an earlier start), run cold and run warm. A ratio is the median, over rounds, of
the figure divided by the same round's bare first paint.
Goals: session <= 1.5x and library interactive <= 1.3x a bare window's first paint.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xvfb import start_xvfb  # bench/xvfb.py, beside this script

GOALS = {"library interactive": 1.3, "session": 1.5}
SESSION_TITLE = re.compile(r"^(?:Paused · )?\d+:\d\d · .+ · Easeback$")
TIMEOUT = 60.0
BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("A bare PySide6 window"))
window.resize(1120, 760)
window.show()
app.exec()
"""


# --------------------------------------------------------------------------- Xlib


class XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    ]


IS_VIEWABLE = 2
Z_PIXMAP = 2


class Screen:
    """The X server as a watcher sees it: top-level windows, their titles and pixels."""

    def __init__(self, display: str):
        x = self.x = ctypes.CDLL("libX11.so.6")
        ptr, ulong, cint = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int
        signatures: dict[str, tuple[Any, list[Any]]] = {
            "XOpenDisplay": (ptr, [ctypes.c_char_p]),
            "XDefaultRootWindow": (ulong, [ptr]),
            "XQueryTree": (cint, [ptr, ulong, ptr, ptr, ptr, ptr]),
            "XGetWindowAttributes": (cint, [ptr, ulong, ptr]),
            "XGetImage": (ptr, [ptr, ulong, cint, cint, ctypes.c_uint, ctypes.c_uint, ulong, cint]),
            "XGetPixel": (ulong, [ptr, cint, cint]),
            "XDestroyImage": (cint, [ptr]),
            "XFree": (cint, [ptr]),
            "XInternAtom": (ulong, [ptr, ctypes.c_char_p, cint]),
            "XGetWindowProperty": (
                cint,
                [ptr, ulong, ulong, ctypes.c_long, ctypes.c_long, cint, ulong, *[ptr] * 5],
            ),
        }
        for name, (result, arguments) in signatures.items():
            function = getattr(x, name)
            function.restype, function.argtypes = result, arguments
        # a window may go away between two calls: errors are expected, not fatal
        handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._handler = handler(lambda _d, _e: 0)
        x.XSetErrorHandler(self._handler)
        self.display = x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open display {display}")
        self.root = x.XDefaultRootWindow(self.display)
        self.net_wm_name = x.XInternAtom(self.display, b"_NET_WM_NAME", 0)

    def windows(self) -> list[tuple[int, XWindowAttributes]]:
        """The mapped top-level windows (children of the root) and their attributes."""
        x = self.x
        root_ret, parent, count = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_uint()
        children = ctypes.POINTER(ctypes.c_ulong)()
        if not x.XQueryTree(
            self.display,
            self.root,
            ctypes.byref(root_ret),
            ctypes.byref(parent),
            ctypes.byref(children),
            ctypes.byref(count),
        ):
            return []
        found = []
        for i in range(count.value):
            attrs = XWindowAttributes()
            if (
                x.XGetWindowAttributes(self.display, children[i], ctypes.byref(attrs))
                and attrs.map_state == IS_VIEWABLE
                and attrs.width > 200
            ):
                found.append((children[i], attrs))
        if children:
            x.XFree(children)
        return found

    def drawn(self, attrs: XWindowAttributes) -> bool:
        """A strip across the window's middle shows more than the black root."""
        width = attrs.width
        image = self.x.XGetImage(
            self.display, self.root, attrs.x, attrs.y + attrs.height // 2, width, 1, ~0, Z_PIXMAP
        )
        if not image:
            return False
        pixels = [self.x.XGetPixel(image, i, 0) & 0xFFFFFF for i in range(0, width, 4)]
        self.x.XDestroyImage(image)
        painted = sum(1 for p in pixels if p != 0)
        return painted >= 0.9 * len(pixels) and len(set(pixels)) > 1

    def title(self, window: int) -> str:
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        items, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.c_void_p()
        ok = self.x.XGetWindowProperty(
            self.display,
            window,
            self.net_wm_name,
            0,
            1024,
            0,
            0,  # AnyPropertyType
            ctypes.byref(kind),
            ctypes.byref(fmt),
            ctypes.byref(items),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if ok != 0 or not data.value:
            return ""
        text = ctypes.string_at(data.value, items.value).decode("utf-8", "replace")
        self.x.XFree(data)
        return text


# --------------------------------------------------------------------------- one start


def wait_for(check: Callable[[], bool], started: float, proc: subprocess.Popen[bytes]) -> float:
    """Seconds from ``started`` until ``check()`` holds (polled every millisecond)."""
    while not check():
        if proc.poll() is not None:
            raise RuntimeError(f"the process ended ({proc.returncode}) before it was seen")
        if time.monotonic() - started > TIMEOUT:
            raise RuntimeError("timed out")
        time.sleep(0.001)
    return time.monotonic() - started


def answers_on(path: str) -> bool:
    """The app's event loop answers a request on its single-instance socket."""
    with socket.socket(socket.AF_UNIX) as client:
        client.settimeout(TIMEOUT)
        try:
            client.connect(path)
        except OSError:
            return False
        client.sendall(b'{"command": "ping"}\n')
        return client.recv(100).startswith(b'{"ok": true')


def cpu_seconds(pid: int) -> float:
    """CPU time so far of all the process's threads (from /proc, in nanoseconds)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):  # a thread that just ended
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def context_switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def socket_of(home: str) -> str:
    old = os.environ.get("EASEBACK_HOME")
    os.environ["EASEBACK_HOME"] = home
    try:
        from easeback.ui.instance import socket_path

        return str(socket_path())
    finally:
        if old is None:
            del os.environ["EASEBACK_HOME"]
        else:
            os.environ["EASEBACK_HOME"] = old


def start(
    kind: str, screen: Screen, display: str, home: str, extra: list[str], idle: float
) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", EASEBACK_HOME=home)
    if kind == "bare":
        command = [sys.executable, "-c", BARE]
    elif kind == "library":
        command = [sys.executable, "-m", "easeback", *extra]
    else:
        command = [sys.executable, "-m", "easeback", "run", "desk-break", *extra]
    seen: dict[str, float] = {}
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:

        def painted() -> bool:
            return any(screen.drawn(attrs) for _, attrs in screen.windows())

        if kind == "session":

            def counting() -> bool:
                return any(
                    SESSION_TITLE.match(screen.title(w)) and screen.drawn(attrs)
                    for w, attrs in screen.windows()
                )

            seen["session"] = wait_for(counting, started, proc)
            seen["session cpu"] = cpu_seconds(proc.pid)
        else:
            seen["first paint"] = wait_for(painted, started, proc)
            seen["first paint cpu"] = cpu_seconds(proc.pid)
        if kind == "library":
            path = socket_of(home)
            seen["interactive"] = wait_for(lambda: answers_on(path), started, proc)
            seen["interactive cpu"] = cpu_seconds(proc.pid)
        if kind != "session" and idle > 0:
            time.sleep(1.0)  # let the services settle
            before = context_switches(proc.pid)
            time.sleep(idle)
            seen["idle"] = (context_switches(proc.pid) - before) / idle
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    if b"Traceback" in err:
        raise RuntimeError(err.decode())
    return seen


# --------------------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds of starts (default 10)")
    parser.add_argument(
        "--idle", type=float, default=0, help="seconds of idle library to count wake-ups over"
    )
    parser.add_argument("--no-voice", action="store_true", help="start Easeback with --no-voice")
    parser.add_argument("--json", action="store_true", help="print the samples as JSON too")
    args = parser.parse_args()
    extra = ["--no-voice"] if args.no_voice else []
    server, display = start_xvfb("1280x800x24", "-br")  # black root: nothing drawn yet
    homes = tempfile.mkdtemp(prefix="easeback-bench-")
    try:
        screen = Screen(display)
        warm = {"library": f"{homes}/warm-library", "session": f"{homes}/warm-session"}
        for kind, home in warm.items():  # a first start each: settings, bytecode, speech cache
            start(kind, screen, display, home, extra, 0)
        rounds: list[dict[str, dict[str, float]]] = []
        for number in range(args.rounds):

            def fresh(number: int = number) -> str:
                return tempfile.mkdtemp(prefix=f"cold-{number}-", dir=homes)

            rounds.append(
                {
                    "bare": start("bare", screen, display, fresh(), [], args.idle),
                    "library cold": start("library", screen, display, fresh(), extra, args.idle),
                    "library warm": start("library", screen, display, warm["library"], extra, 0),
                    "session cold": start("session", screen, display, fresh(), extra, 0),
                    "session warm": start("session", screen, display, warm["session"], extra, 0),
                }
            )
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(homes, ignore_errors=True)

    if args.json:
        print(json.dumps(rounds, indent=1))
    report(rounds, args)
    return 0 if all(ratio(rounds, *key) <= goal for key, goal in goal_keys().items()) else 1


def goal_keys() -> dict[tuple[str, str], float]:
    return {
        ("library cold", "interactive"): GOALS["library interactive"],
        ("session cold", "session"): GOALS["session"],
    }


def ratio(rounds: list[dict[str, dict[str, float]]], kind: str, figure: str) -> float:
    """The median over rounds of the figure over the bare window's first paint (its wall
    time, or for a "cpu" figure its CPU time)."""
    bare = "first paint cpu" if figure.endswith("cpu") else "first paint"
    return statistics.median(r[kind][figure] / r["bare"][bare] for r in rounds)


def report(rounds: list[dict[str, dict[str, float]]], args: argparse.Namespace) -> None:
    voice = "voice off" if args.no_voice else "voice on"
    print(f"Easeback window benchmark (Xvfb, {args.rounds} rounds, {voice})")
    print(f"{'kind':<14}{'figure':<13}{'median ms':>10}{'min ms':>8}{'ratio':>8}{'goal':>7}")
    goals = goal_keys()
    for kind in rounds[0]:
        for figure in rounds[0][kind]:
            values = [r[kind][figure] for r in rounds]
            if figure == "idle":
                print(f"{kind:<14}{figure:<13}{statistics.median(values):>10.1f}  switches/s")
                continue
            goal = goals.get((kind, figure))
            mark = ""
            if goal is not None:
                met = ratio(rounds, kind, figure) <= goal
                mark = f"{goal:>6.1f}x" + (" ok" if met else " MISSED")
            print(
                f"{kind:<14}{figure:<13}{statistics.median(values) * 1000:>10.0f}"
                f"{min(values) * 1000:>8.0f}{ratio(rounds, kind, figure):>7.2f}x" + mark
            )


if __name__ == "__main__":
    sys.exit(main())
