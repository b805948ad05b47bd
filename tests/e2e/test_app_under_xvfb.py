"""The real app in a real X server: `easeback run` opens, counts down in the title, and draws."""

from __future__ import annotations

import re

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e

TITLE = re.compile(r"^(?:Paused · )?(\d+):(\d\d) · .+ · Easeback$")


def seconds_in(title: str) -> int:
    match = TITLE.match(title)
    assert match, title
    return int(match.group(1)) * 60 + int(match.group(2))


def test_run_opens_the_window_counts_down_in_the_title_and_draws(xserver, tmp_path, easeback_home):
    with xserver.app("run", "desk-break", "--no-voice", home=easeback_home):

        def session_title():
            return next((t for t in xserver.window_titles() if TITLE.match(t)), None)

        first = wait_until(session_title, 60, "the session window")
        assert "Get ready" in first
        later = wait_until(
            lambda: (t := session_title()) and seconds_in(t) <= seconds_in(first) - 2 and t,
            30,
            "the title to count down",
        )
        assert seconds_in(later) < seconds_in(first)
        xserver.screenshot_shows_windows(tmp_path / "session.png", "EASEBACK_E2E_SCREENSHOT")


def test_on_a_small_screen_the_first_window_fits_on_it(easeback_home):
    """1024x600 (a netbook; a 1366x768 laptop under a panel has little more room):
    with no saved size yet, the window is made to fit instead of running off the edge."""
    from tests.e2e.xserver import XServer

    small = XServer(1024, 600)
    try:
        with small.app("--no-voice", home=easeback_home):
            (window,) = wait_until(
                lambda: [w for w, title in small.windows() if title == "Easeback"],
                60,
                "the main window",
            )
            size = small.geometry(window)
            assert size["width"] <= 1024
            assert size["height"] <= 600
    finally:
        small.close()
