"""A session controller for tests: the built-in catalogue, default settings, a recording
speaker, time from a fake clock and a timer fired by hand."""

from __future__ import annotations

from typing import Any

from easeback.core.catalogue import load_catalogue
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.timer import Driver
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker
from tests.helpers.timers import ManualTimer


def fake_controller(
    clock: FakeClock, speaker: RecordingSpeaker | None = None, **options: Any
) -> SessionController:
    """``options`` go to SessionController as they are (``speaker_factory``...)."""
    return SessionController(
        load_catalogue(),
        Settings(),
        speaker if speaker is not None else RecordingSpeaker(),
        Driver(clock, ManualTimer),
        wall_clock=None,
        **options,
    )
