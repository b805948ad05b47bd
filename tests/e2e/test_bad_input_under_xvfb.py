"""Bad input never stops the app: a broken catalogue and a corrupt settings file at start."""

from __future__ import annotations

import pytest

from tests.e2e.xserver import wait_until

pytestmark = pytest.mark.e2e


def test_the_app_starts_and_says_what_is_wrong_with_a_broken_catalogue_and_settings(
    xserver, tmp_path, easeback_home
):
    settings = easeback_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{ not json", encoding="utf-8")
    broken = tmp_path / "mine.json"
    broken.write_text('{"version": 1, "exercises": [{"id": "x"}]}', encoding="utf-8")

    with xserver.app("--catalogue", str(broken), "--no-voice", home=easeback_home):
        # the main window and the message box that names both problems
        wait_until(lambda: xserver.window_titles().count("Easeback") >= 2, 60, "the warning")
        (backup,) = settings.parent.glob("settings.json.bak-*")
        assert backup.read_text(encoding="utf-8") == "{ not json"
        xserver.screenshot_shows_windows(tmp_path / "warning.png", "EASEBACK_E2E_BAD_SCREENSHOT")
