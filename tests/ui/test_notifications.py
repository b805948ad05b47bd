"""Reminders as desktop notifications: a fake notification service on a real session bus
(dbus-run-session), the window on a fake clock."""

from __future__ import annotations

import filecmp

import pytest

from easeback.core import resources
from easeback.core.settings import Settings
from easeback.ui.notifications import CHIME, create_notifier
from tests.ui.desktop_bus import fake_desktop

MIN = 60.0


def fire_break(h):
    timer = h.reminder_timer
    assert timer.due is not None, "the reminder timer is not armed"
    h.clock.set(timer.due)
    timer.fire()


def notified(desk, qtbot, count: int) -> list[dict]:
    """The Notify calls, once ``count`` of them have arrived."""
    qtbot.waitUntil(lambda: len([e for e in desk.log() if e["call"] == "Notify"]) >= count)
    return [e for e in desk.log() if e["call"] == "Notify"]


@pytest.fixture
def desk_h(make_harness):
    with fake_desktop("notifications") as desk:
        h = make_harness(reminders=True)
        notifier = create_notifier(desk.bus, desk.calls())
        assert notifier is not None, "the service has the actions capability"
        h.window.breaks.attach_notifier(notifier)
        yield desk, h
        h.window.quit_app()


def test_a_break_is_a_notification_with_start_snooze_and_skip(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (shown,) = notified(desk, qtbot, 1)
    assert shown["summary"] == "Time for a stretch break"
    assert "Desk break" in shown["body"]
    keys = shown["actions"][::2]
    labels = shown["actions"][1::2]
    assert keys == ["default", "start", "snooze", "skip"]  # "default": a click on it
    assert labels[1:] == ["Start the break", "Snooze 5 min", "Skip"]
    assert shown["timeout"] == 0, "it stays until answered"
    assert h.window.breaks.reminder_window is None, "no window of our own"


def test_snooze_from_the_notification_says_until_when_in_its_place(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)  # 10:50 on the harness's local clock
    (shown,) = notified(desk, qtbot, 1)
    desk.invoke(shown["id"], "snooze")
    qtbot.waitUntil(lambda: h.reminders.status().state == "snoozed")
    assert h.reminder_timer.delay == pytest.approx(5 * MIN)
    said = "Snoozed: the reminder comes again at 10:55 (in 5 min)"
    assert h.window.statusBar().currentMessage() == said
    told = notified(desk, qtbot, 2)[1]
    assert told["replaces"] == shown["id"], "the reminder is replaced, not stacked"
    assert told["body"] == said
    assert told["actions"] == []


def test_start_and_skip_from_the_notification(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (shown,) = notified(desk, qtbot, 1)
    desk.invoke(shown["id"], "skip")
    qtbot.waitUntil(lambda: not h.reminders.due)
    assert h.window.statusBar().currentMessage() == (
        "Break skipped; next break at 11:40 (in 50 min)"
    )
    fire_break(h)
    shown = notified(desk, qtbot, 3)[2]
    desk.invoke(shown["id"], "start")
    qtbot.waitUntil(lambda: h.controller.plan is not None)
    assert h.controller.plan.id == "desk-break"


def test_an_action_on_an_old_or_foreign_notification_is_ignored(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (shown,) = notified(desk, qtbot, 1)
    desk.invoke(shown["id"] + 7, "skip")
    desk.invoke(shown["id"], "snooze")  # the real one, after: both signals have arrived then
    qtbot.waitUntil(lambda: h.reminders.status().state == "snoozed")
    assert h.reminders.status().snoozes == 1


def test_a_break_answered_in_the_window_takes_the_notification_away(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (shown,) = notified(desk, qtbot, 1)
    h.window.start("knee-to-chest")  # a session answers the waiting break
    qtbot.waitUntil(lambda: any(e["call"] == "CloseNotification" for e in desk.log()))
    assert [e["id"] for e in desk.log() if e["call"] == "CloseNotification"] == [shown["id"]]


def test_without_the_actions_capability_the_reminder_stays_a_window(qapp):
    with fake_desktop("notifications-plain") as desk:
        assert create_notifier(desk.bus, desk.calls()) is None
    with fake_desktop() as desk:
        assert create_notifier(desk.bus, desk.calls()) is None, "no service at all"


def test_the_chime_plays_through_the_sound_player_before_the_spoken_reminder(
    make_harness, qtbot, tmp_path, monkeypatch
):
    played = tmp_path / "played"
    played.mkdir()
    monkeypatch.setenv("EASEBACK_PLAYER", f"cp -t {played}")  # the file is appended
    h = make_harness(Settings(chime=True), reminders=True)
    fire_break(h)
    chime = resources.resource(CHIME)
    copy = played / chime.name
    qtbot.waitUntil(lambda: copy.is_file() and copy.stat().st_size == chime.stat().st_size)
    assert filecmp.cmp(copy, chime, shallow=False)
    ((text, due),) = h.speaker.said
    assert text == "Time for a stretch break"
    assert due is not None, "spoken after the chime, not over it"


def test_the_chime_is_a_short_small_sound():
    import wave

    with wave.open(str(resources.resource(CHIME))) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 0.2 <= seconds <= 1.0
    assert resources.resource(CHIME).stat().st_size < 40_000


def test_a_reminder_asked_again_replaces_the_one_shown(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (first,) = notified(desk, qtbot, 1)
    fire_break(h)  # nobody answered: asked again a snooze later
    again = notified(desk, qtbot, 2)[1]
    assert again["replaces"] == first["id"]
    assert again["body"].startswith("Still waiting.")


def test_a_pause_chosen_with_the_window_out_of_sight_is_told_in_a_notification(desk_h, qtbot):
    desk, h = desk_h
    h.window.hide()  # in the tray: the status bar is out of sight
    h.window.breaks.actions.pause_hour.trigger()
    (told,) = notified(desk, qtbot, 1)
    assert told["body"] == "Break reminders paused until 11:00"
    assert told["actions"] == []


def test_clicking_the_notification_itself_opens_the_reminder_window(desk_h, qtbot):
    desk, h = desk_h
    fire_break(h)
    (shown,) = notified(desk, qtbot, 1)
    desk.invoke(shown["id"], "default")
    qtbot.waitUntil(lambda: h.window.breaks.reminder_window is not None)
    assert h.window.breaks.reminder_window.isVisible()
    assert h.reminders.due, "still waiting for Start, Snooze or Skip"
