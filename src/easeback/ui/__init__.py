"""The Qt window."""

import builtins
import os

# Qt's raster engine hands any fill of more than about a hundred spans to a pool of
# threads. This window repaints a few small areas a second (the countdown, the tip of
# the ring), where waking those threads costs far more than it saves: some 100 context
# switches a second during a hold. Qt reads the variable once, at its first such fill,
# and this package is imported before the application is made.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def load_qt() -> None:
    """Load PySide6, then put back the import statement it wraps.

    PySide6 wraps ``import`` so that a module can ask for ``from __feature__ import
    snake_case``; to know which modules might, it reads the source of every module
    imported after it. Easeback asks for no such feature, and reading its hundred
    modules cost about 20 ms of each start. The window's start calls this first.
    """
    import PySide6  # noqa: F401

    builtins.__import__ = getattr(builtins, "__orig_import__", builtins.__import__)
