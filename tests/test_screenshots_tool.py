"""The screenshot script (the README's pictures) keeps working as the window changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "first-start",
    "library",
    "session-hold",
    "session-reps",
    "session-end-hold",
    "session-rest",
    "session-switch",
    "history",
    "finished-offer",
    "reminder",
}


def test_screenshots_script_saves_every_view_at_the_size_asked_for(tmp_path, qapp):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "screenshots.py"),
            "-o",
            str(tmp_path),
            "--size",
            "800x600",
            "--dark",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = {p.name.removesuffix("-800x600-dark.png") for p in tmp_path.glob("*.png")}
    assert saved == EXPECTED
    library = QImage(str(tmp_path / "library-800x600-dark.png"))
    assert (library.width(), library.height()) == (800, 600)
    # dark palette: the window background is dark, not an empty (black or white) grab
    corner = library.pixelColor(400, 590)
    assert 0 < corner.lightness() < 128
