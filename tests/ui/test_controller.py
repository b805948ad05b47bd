"""The controller: the voice it speaks with, the plan it runs, and the session's actions
going through the driver's methods."""

from __future__ import annotations

from dataclasses import replace

import pytest

from easeback.core.settings import Settings
from tests.helpers.controller import fake_controller
from tests.helpers.speaker import RecordingSpeaker


def test_a_new_voice_rate_or_volume_gets_a_new_speaker_and_mute_does_not(qtbot, fake_clock):
    made: list[tuple[Settings, RecordingSpeaker]] = []

    def factory(settings: Settings) -> RecordingSpeaker:
        speaker = RecordingSpeaker()
        made.append((settings, speaker))
        return speaker

    first = RecordingSpeaker()
    controller = fake_controller(fake_clock, first, speaker_factory=factory)
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

    controller = fake_controller(fake_clock)
    options = PlanOptions(overrides={"glute-med-side-lying": ExerciseOverride(reps=8)})
    chosen = compile_plan(controller.catalogue, "glute-med-side-lying", options)
    assert controller.start("glute-med-side-lying", chosen) is chosen
    assert controller.plan.phases[1].reps == 8


def test_after_first_paint_runs_once_the_window_is_drawn(qtbot):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from easeback.ui.app import after_first_paint

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    calls: list[str] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    paints = Paints(widget)
    widget.installEventFilter(paints)
    widget.show()
    after_first_paint(widget, lambda: calls.append("voice"))
    assert calls == [], "not before the first paint"
    qtbot.waitUntil(lambda: calls == ["voice"])
    drawn = paints.count
    widget.repaint()  # a second paint, at once
    QApplication.processEvents()
    assert paints.count > drawn, "the widget was painted again"
    assert calls == ["voice"], "only once"


def test_a_replaced_speaker_keeps_mute_and_prepares_the_running_session(qtbot, fake_clock):
    first, second = RecordingSpeaker(), RecordingSpeaker()
    controller = fake_controller(fake_clock, first)
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


def test_the_controllers_actions_reach_the_session_through_the_driver(qtbot, fake_clock):
    speaker = RecordingSpeaker()
    controller = fake_controller(fake_clock, speaker)
    seen: list[str] = []
    controller.driver.events.connect(lambda events: seen.extend(type(e).__name__ for e in events))
    plan = controller.start("knee-to-chest")
    assert seen[:2] == ["Started", "PhaseStarted"]
    fake_clock.advance(3)
    assert controller.pause()
    assert controller.state == "paused"
    assert not controller.pause(), "not allowed twice: a no-op"
    assert controller.resume()
    assert controller.state == "running"
    assert controller.toggle()
    assert controller.state == "paused"
    assert controller.toggle()
    assert controller.skip()
    assert controller.snapshot().phase.index == 1
    assert controller.back()
    assert controller.snapshot().phase.index == 0, "within two seconds: the phase before"
    assert controller.stop()
    assert controller.state == "finished"
    assert seen[-1] == "Finished"
    assert controller.snapshot().spent == pytest.approx(3)
    assert plan is controller.plan
