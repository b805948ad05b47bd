"""The controller replaces the speaker when the voice changes, and keeps it otherwise."""

from __future__ import annotations

from dataclasses import replace

from easeback.core.catalogue import load_catalogue
from easeback.core.settings import Settings
from easeback.ui.controller import SessionController
from easeback.ui.timer import Driver
from tests.helpers.speaker import RecordingSpeaker
from tests.helpers.timers import ManualTimer


def test_a_new_voice_rate_or_volume_gets_a_new_speaker_and_mute_does_not(qtbot, fake_clock):
    made: list[tuple[Settings, RecordingSpeaker]] = []

    def factory(settings: Settings) -> RecordingSpeaker:
        speaker = RecordingSpeaker()
        made.append((settings, speaker))
        return speaker

    first = RecordingSpeaker()
    controller = SessionController(
        load_catalogue(),
        Settings(),
        first,
        Driver(fake_clock, ManualTimer),
        wall_clock=None,
        speaker_factory=factory,
    )
    plan = controller.start("knee-to-chest")
    controller.apply_settings(replace(controller.settings, muted=True))
    assert controller.speaker is first
    assert first.muted
    controller.apply_settings(replace(controller.settings, rate=140))
    assert first.closed
    ((settings, second),) = made
    assert settings.rate == 140
    assert controller.speaker is second
    assert second.muted, "mute carries over to the new voice"
    assert set(second.prepared) == set(plan.texts()), "the running session's phrases are rendered"
    controller.apply_settings(replace(controller.settings, volume=0.5))
    assert len(made) == 2


def test_a_plan_compiled_with_command_line_choices_is_run_as_given(qtbot, fake_clock):
    from easeback.core.plan import ExerciseOverride, PlanOptions, compile_plan

    catalogue = load_catalogue()
    controller = SessionController(
        catalogue, Settings(), RecordingSpeaker(), Driver(fake_clock, ManualTimer), wall_clock=None
    )
    options = PlanOptions(overrides={"bridge": ExerciseOverride(reps=8)})
    chosen = compile_plan(catalogue, "bridge", options)
    assert controller.start("bridge", chosen) is chosen
    assert controller.plan.phases[1].reps == 8


def test_after_first_paint_runs_once_the_window_is_drawn(qtbot):
    from PySide6.QtWidgets import QWidget

    from easeback.ui.app import after_first_paint

    calls: list[str] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    after_first_paint(widget, lambda: calls.append("voice"))
    assert calls == [], "not before the first paint"
    qtbot.waitUntil(lambda: calls == ["voice"])
    widget.update()
    qtbot.waitExposed(widget)
    assert calls == ["voice"], "only once"


def test_a_replaced_speaker_keeps_mute_and_prepares_the_running_session(qtbot, fake_clock):
    first, second = RecordingSpeaker(), RecordingSpeaker()
    controller = SessionController(
        load_catalogue(), Settings(), first, Driver(fake_clock, ManualTimer), wall_clock=None
    )
    plan = controller.start("bridge")
    controller.set_muted(True)
    controller.replace_speaker(second)
    assert first.closed
    assert second.muted
    assert set(second.prepared) == set(plan.texts())
    assert controller.speaker is second


def test_start_up_problems_are_grouped_per_file_and_shortened():
    from easeback.core.catalogue import Problem
    from easeback.ui.app import startup_problems

    problems = [Problem("mine.json", f"$.exercises[{i}]", "'name' is missing") for i in range(8)]
    problems.append(Problem("other.json", "line 1 column 2", "not valid JSON"))
    text = startup_problems("Settings file s.json could not be read.", problems)
    assert text[0] == "Settings file s.json could not be read."
    assert text[1].startswith("The catalogue mine.json was skipped (8 problems)")
    assert "$.exercises[5]: 'name' is missing" in text[1]
    assert "$.exercises[6]" not in text[1]
    assert text[1].endswith("… and 2 more: easeback validate mine.json")
    assert text[2].startswith("The catalogue other.json was skipped (1 problem)")
    assert startup_problems(None, []) == []
