"""What each spoken command does to the session, and the two-step stop."""

from __future__ import annotations

import pytest

from easeback.listen.commands import CONFIRM_STOP, VoiceCommands
from easeback.listen.grammar import PHRASES, command_for, dictionary_text, jsgf_text


class FakeSession:
    def __init__(self, state: str = "running"):
        self.state = state
        self.calls: list[str] = []
        self.said: list[str] = []

    def _do(self, name: str, then: str | None = None) -> bool:
        self.calls.append(name)
        if then:
            self.state = then
        return True

    def pause(self) -> bool:
        return self._do("pause", "paused")

    def resume(self) -> bool:
        return self._do("resume", "running")

    def skip(self) -> bool:
        return self._do("skip")

    def back(self) -> bool:
        return self._do("back")

    def stop(self) -> bool:
        return self._do("stop", "finished")

    def repeat(self) -> bool:
        return self._do("repeat")

    def time_left(self) -> bool:
        return self._do("time_left")

    def say(self, text: str) -> None:
        self.said.append(text)


@pytest.mark.parametrize(
    ("command", "call"),
    [
        ("pause", "pause"),
        ("next", "skip"),
        ("back", "back"),
        ("repeat", "repeat"),
        ("time-left", "time_left"),
    ],
)
def test_each_command_calls_its_action(command, call):
    session = FakeSession()
    VoiceCommands(session).handle(command)
    assert session.calls == [call]


def test_go_on_resumes_a_paused_session():
    session = FakeSession("paused")
    assert VoiceCommands(session).handle("resume") == "Going on"
    assert session.state == "running"


def test_stop_pauses_and_asks_and_a_second_stop_ends():
    session = FakeSession()
    commands = VoiceCommands(session)
    commands.handle("stop")
    assert session.state == "paused"
    assert session.said == [CONFIRM_STOP]
    commands.handle("stop")
    assert session.state == "finished"


def test_after_stop_anything_else_resumes_instead_of_doing_it():
    session = FakeSession()
    commands = VoiceCommands(session)
    commands.handle("stop")
    commands.handle("next")
    assert session.calls == ["pause", "resume"]
    assert session.state == "running"
    commands.handle("stop")
    assert session.state == "paused", "the question is asked afresh"


def test_a_stop_question_lapses_when_the_session_is_resumed_another_way():
    session = FakeSession()
    commands = VoiceCommands(session)
    commands.handle("stop")  # paused, and asked to say stop again
    session.state = "running"  # then resumed by a key or a headset button
    assert commands.handle("pause") == "Paused", "a pause now is a pause"
    session.state = "running"
    commands.handle("stop")
    assert session.state == "paused", "one stop later asks again, it does not end"


def test_nothing_happens_without_a_session():
    session = FakeSession("idle")
    commands = VoiceCommands(session)
    for command in PHRASES:
        assert commands.handle(command) is None
    assert session.calls == []
    assert session.said == []


def test_every_phrase_maps_to_its_command_and_nothing_else_does():
    for command, phrases in PHRASES.items():
        for phrase in phrases:
            assert command_for(phrase) == command
    assert command_for("go") is None
    assert command_for("_p _ao _z") is None
    assert command_for("") is None


def test_the_grammar_and_dictionary_cover_every_word_of_every_phrase():
    words = {line.split()[0].split("(")[0] for line in dictionary_text().splitlines()}
    grammar = jsgf_text(0.5)
    for phrases in PHRASES.values():
        for phrase in phrases:
            assert phrase in grammar
            assert set(phrase.split()) <= words
    assert "/0.5/ <garbage>" in grammar
