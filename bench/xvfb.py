"""A private Xvfb server for a benchmark or a test, on the first free display
(Xvfb -displayfd)."""

from __future__ import annotations

import os
import subprocess


def start_xvfb(screen: str, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb with one ``screen`` ("1280x800x24") and ``options``; return the server
    and its DISPLAY (":N").

    ``-noreset``: by default Xvfb resets each time its last client leaves, and a client
    that connects during the reset is refused ("could not connect to display"). A watcher
    polling with ``xwininfo`` while the app starts is such a last client, often."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            screen,
            *options,
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        server.wait()
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"
