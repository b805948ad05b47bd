"""The real app in a real tray: trayer, an XEmbed system tray, on Xvfb. Started hidden,
Easeback is only an icon there, and a click on it opens the window."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import require_tool
from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def window_info(xserver, window: str) -> dict[str, int]:
    """Where ``window`` is on the screen, its size, and whether it is shown (1) or not."""
    out = subprocess.run(
        ["xwininfo", "-id", window], env=xserver.env(), capture_output=True, text=True, check=True
    ).stdout
    number = {
        key: int(re.search(rf"{label}:\s+(-?\d+)", out).group(1))
        for key, label in (
            ("x", "Absolute upper-left X"),
            ("y", "Absolute upper-left Y"),
            ("width", "Width"),
            ("height", "Height"),
        )
    }
    number["shown"] = int("IsViewable" in out)
    return number


def easeback_windows(xserver) -> list[dict[str, int]]:
    return [window_info(xserver, w) for w, title in xserver.windows() if title == "Easeback"]


def test_started_hidden_it_is_an_icon_in_the_tray_that_opens_the_window(xserver, easeback_home):
    trayer = require_tool("trayer")
    xdotool = require_tool("xdotool")
    panel = subprocess.Popen(
        [
            trayer,
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "pixel",
            "--width",
            "100",
            "--height",
            "32",
        ],
        env=xserver.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: "panel" in xserver.window_titles(), 30, "the tray")
        with xserver.app("--start-hidden", "--no-voice", home=easeback_home):
            (icon,) = wait_until(
                lambda: [w for w in easeback_windows(xserver) if w["shown"] and w["width"] < 64],
                60,
                "the icon in the tray",
            )
            assert not any(w["shown"] and w["width"] >= 640 for w in easeback_windows(xserver))
            x, y = icon["x"] + icon["width"] // 2, icon["y"] + icon["height"] // 2
            subprocess.run(
                [xdotool, "mousemove", str(x), str(y), "click", "1"],
                env=xserver.env(),
                check=True,
            )
            wait_until(
                lambda: any(w["shown"] and w["width"] >= 640 for w in easeback_windows(xserver)),
                30,
                "the window, opened from the tray",
            )
    finally:
        panel.terminate()
        panel.wait(timeout=10)
