"""A timer tests fire by hand, in place of the Qt timer (see easeback.ui.timer)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject


class ManualTimer:
    """A timer tests fire by hand: records the delay it was armed with."""

    def __init__(self, callback: Callable[[], None], parent: QObject | None = None):
        self.callback = callback
        self.delay: float | None = None

    def arm(self, delay: float) -> None:
        self.delay = delay

    def cancel(self) -> None:
        self.delay = None

    def fire(self) -> None:
        self.delay = None
        self.callback()
