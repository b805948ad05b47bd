"""Real faults for tests: a folder nobody may write to, whoever runs the tests.

A ``chmod`` does not stop root (CI runs as root), so for root the folder is made
read-only the way a full or read-only file system is: a read-only bind mount of
itself, keeping what it holds. Where mounting is not allowed either, the folder
is replaced by a regular file at its place, so that creating anything in it
fails too (``NotADirectoryError``): the same ``OSError`` path in the code.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _mount_read_only(folder: Path) -> bool:
    mount = shutil.which("mount")
    if mount is None:
        return False
    bind = subprocess.run(
        [mount, "--bind", str(folder), str(folder)], capture_output=True, check=False
    )
    if bind.returncode != 0:
        return False
    ro = subprocess.run(
        [mount, "-o", "remount,bind,ro", str(folder)], capture_output=True, check=False
    )
    if ro.returncode != 0:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)
        return False
    return True


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """``folder`` (created if missing) cannot be written while inside; yields how."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield "chmod"
        finally:
            folder.chmod(mode)
        return
    if _mount_read_only(folder):
        try:
            yield "mount"
        finally:
            subprocess.run(["umount", str(folder)], capture_output=True, check=False)
        return
    aside = folder.with_name(folder.name + ".aside")
    folder.rename(aside)
    folder.write_bytes(b"")
    try:
        yield "file"
    finally:
        folder.unlink()
        aside.rename(folder)


def cannot_write(folder: Path) -> bool:
    """True when creating a file in ``folder`` fails (checks the fixture itself)."""
    try:
        (folder / ".probe").write_bytes(b"")
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False
