"""The listening switch is saved, read back, off by default, and a bad value is reported."""

from __future__ import annotations

from easeback.core.settings import Settings


def test_listening_is_off_by_default_and_survives_a_round_trip():
    assert Settings().listening is False
    settings, problems = Settings.from_dict(Settings(listening=True).to_dict())
    assert settings.listening is True
    assert problems == []


def test_a_listening_value_that_is_not_true_or_false_is_named_and_left_off():
    settings, problems = Settings.from_dict({"listening": "yes"})
    assert settings.listening is False
    assert len(problems) == 1
    assert problems[0].startswith("listening:")
