"""A real X server (Xvfb) for end-to-end tests, and ways to look at what it shows."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from easeback.ui.mpris import PATH, PLAYER, SERVICE
from tests.conftest import bench_script, require_tool

T = TypeVar("T")


def wait_until(check: Callable[[], T], timeout: float, what: str) -> T:
    """Poll ``check`` until it returns something truthy; waiting on another process, not timing."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        pause.wait(0.1)


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a helper process to end; kill it if it has not within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class XServer:
    def __init__(self, width: int = 1280, height: int = 800):
        self.width, self.height = width, height
        self.proc, self.display = bench_script("xvfb").start_xvfb(f"{width}x{height}x24")

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env

    def windows(self) -> list[tuple[str, str]]:
        """(id, title) of the windows on the screen (mapped or not); Qt's helper windows
        (1x1, 3x3) are not windows a user sees."""
        # each line: 0x200007 "Title": ("class" "Class")  1120x760+0+0  +0+0
        found = re.findall(
            r'^\s+(0x[0-9a-f]+) "([^"]*)":.*?\s(\d+)x(\d+)[+-]', self.tree(), flags=re.MULTILINE
        )
        return [(wid, title) for wid, title, w, h in found if int(w) > 10 and int(h) > 10]

    def tree(self) -> str:
        """``xwininfo -root -tree``: every window, a line each. xwininfo walks the tree one
        window at a time and stops at one that closes under it, with half a list: such a
        walk is taken again."""
        for _ in range(20):
            done = subprocess.run(
                ["xwininfo", "-root", "-tree"],
                env=self.env(),
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode == 0:
                break
        else:
            raise RuntimeError(f"xwininfo -root -tree kept failing: {done.stderr}")
        return done.stdout

    def window_titles(self) -> list[str]:
        """The titles of the windows on the screen (mapped or not)."""
        return [title for _, title in self.windows()]

    def geometry(self, window: str) -> dict[str, int] | None:
        """Where ``window`` is on the screen, its size, and whether it is shown (1) or not;
        None if it has closed since it was listed."""
        done = subprocess.run(
            ["xwininfo", "-id", window], env=self.env(), capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            if "No such window" in done.stderr:
                return None
            raise RuntimeError(f"xwininfo -id {window}: {done.stderr}")
        out = done.stdout
        found = {
            key: int(re.search(rf"{label}:\s+(-?\d+)", out).group(1))
            for key, label in (
                ("x", "Absolute upper-left X"),
                ("y", "Absolute upper-left Y"),
                ("width", "Width"),
                ("height", "Height"),
            )
        }
        found["shown"] = int("IsViewable" in out)
        return found

    def placed(self, title: Callable[[str], bool]) -> list[tuple[str, dict[str, int]]]:
        """(id, geometry) of the windows whose title passes ``title``. Windows come and go
        while a test watches (a tray message, a closing dialog): one that closes between
        the listing and the look is left out."""
        found = [(w, self.geometry(w)) for w, name in self.windows() if title(name)]
        return [(w, where) for w, where in found if where is not None]

    def root_windows(self, name: str) -> list[int]:
        """A window list that the window manager keeps on the root window (``xprop``)."""
        out = subprocess.run(
            ["xprop", "-root", name], env=self.env(), capture_output=True, text=True, check=True
        ).stdout
        return [int(w, 16) for w in re.findall(r"0x[0-9a-f]+", out)]

    @contextlib.contextmanager
    def window_manager(self) -> Iterator[None]:
        """Openbox managing this display's windows (stacking, minimizing, focus)."""
        require_tool("xprop")
        manager = subprocess.Popen(
            [require_tool("openbox"), "--sm-disable"],
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(lambda: self.root_windows("_NET_SUPPORTING_WM_CHECK"), 30, "Openbox")
            yield
        finally:
            stop(manager)

    def screenshot(self, path: Path) -> None:
        """Grab the whole screen through Qt's xcb platform in a separate process."""
        code = (
            "import sys\n"
            "from PySide6.QtGui import QGuiApplication\n"
            "app = QGuiApplication(sys.argv[:1])\n"
            "ok = app.primaryScreen().grabWindow(0).save(sys.argv[1])\n"
            "sys.exit(0 if ok else 1)\n"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(path)], env=self.env(), check=True, timeout=60
        )

    @contextlib.contextmanager
    def app(self, *args: str, home: Path) -> Iterator[subprocess.Popen[str]]:
        """The real app (``python -m easeback ARGS``) on this display; on leaving it is
        stopped, and nothing it printed may be a traceback."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "easeback", *args],
            env=self.env(EASEBACK_HOME=str(home)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            yield proc
            assert proc.poll() is None, "the app is still running"
        finally:
            proc.terminate()
            try:
                _, err = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
        assert "Traceback" not in err, err

    def media_key(self, method: str) -> None:
        """A media key (``Pause``, ``Play``) for the running app, through its MPRIS
        player on the session bus the app was started with."""
        call = [require_tool("dbus-send"), "--session", "--print-reply", f"--dest={SERVICE}"]
        subprocess.run(
            [*call, PATH, f"{PLAYER}.{method}"],
            env=self.env(),
            check=True,
            capture_output=True,
        )

    def easeback(
        self, *args: str, home: Path, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """``python -m easeback ARGS`` on this display, run to its end (a second launch,
        ``status``)."""
        return subprocess.run(
            [sys.executable, "-m", "easeback", *args],
            env=self.env(EASEBACK_HOME=str(home)),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def screenshot_shows_windows(self, path: Path, keep_variable: str) -> None:
        """Grab the screen to ``path``, check it shows drawn windows, not a blank screen,
        and copy it where ``keep_variable`` (an environment variable) says, if set."""
        self.screenshot(path)
        from PySide6.QtGui import QImage

        image = QImage(str(path))
        assert (image.width(), image.height()) == (self.width, self.height)
        colours = {
            image.pixel(x, y) for x in range(0, self.width, 37) for y in range(0, self.height, 29)
        }
        assert len(colours) > 20, "the screen shows drawn windows, not a blank screen"
        keep = os.environ.get(keep_variable)
        if keep:
            shutil.copy(path, keep)

    def close(self) -> None:
        stop(self.proc)
