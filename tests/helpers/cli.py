"""The command line, run as a user runs it: ``python -m easeback ARGS`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def easeback(
    *args: str, home: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the command (in ``home`` as EASEBACK_HOME if given, else the test's own); it
    never prints a traceback, and with ``check`` it must exit 0."""
    env = {**os.environ, **({"EASEBACK_HOME": str(home)} if home is not None else {})}
    result = subprocess.run(
        [sys.executable, "-m", "easeback", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result
