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
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def full_disk(folder: Path) -> Iterator[Callable[[], None]]:
    """``folder`` on a tiny file system filled to the brim; yields ``free()`` to make room.

    Needs root and mount (a tmpfs); skips the test otherwise.
    """
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("a full file system needs root and mount (a small tmpfs)")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    filler = folder / "filler"
    try:
        with open(filler, "wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 512)
        yield lambda: filler.unlink(missing_ok=True)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
