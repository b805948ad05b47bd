"""The spoken phrases, the command each gives, and the grammar PocketSphinx decodes against.

An utterance is either exactly one phrase or "garbage": a loop of single
phones. Anything that is not a phrase (a cough, "banana", a sentence) fits the
phone loop better than any phrase and is thrown away. Each phone of the loop
costs a word insertion penalty, which is what keeps short phrases from being
eaten by the loop; both knobs live in ``Tuning`` and are set by the benchmark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Command = Literal["pause", "resume", "next", "back", "repeat", "time-left", "stop"]

#: Each command and the phrases that give it.
PHRASES: dict[Command, tuple[str, ...]] = {
    "pause": ("pause", "wait"),
    "resume": ("resume", "go on", "continue"),
    "next": ("next", "skip"),
    "back": ("go back",),
    "repeat": ("repeat", "say again"),
    "time-left": ("how long",),
    "stop": ("stop",),
}

#: Pronunciations (CMU phones) of every word of the phrases: a dictionary of a few
#: words loads in milliseconds, where the model's full dictionary takes a second.
PRONUNCIATIONS: dict[str, tuple[str, ...]] = {
    "pause": ("P AO Z",),
    "wait": ("W EY T",),
    "resume": ("R IH Z UW M", "R IY Z UW M"),
    "go": ("G OW",),
    "on": ("AA N", "AO N"),
    "continue": ("K AH N T IH N Y UW",),
    "next": ("N EH K S T", "N EH K S"),
    "skip": ("S K IH P",),
    # "B AA K": the open "a" of British English; without it, "go back" is now and then heard
    # as "go on"
    "back": ("B AE K", "B AA K"),
    "repeat": ("R IH P IY T", "R IY P IY T"),
    "say": ("S EY",),
    "again": ("AH G EH N", "AH G EY N"),
    "how": ("HH AW",),
    "long": ("L AO NG",),
    "stop": ("S T AA P",),
}

#: The context-independent phones of the US English model (the garbage loop's words).
PHONES = (
    "AA",
    "AE",
    "AH",
    "AO",
    "AW",
    "AY",
    "B",
    "CH",
    "D",
    "DH",
    "EH",
    "ER",
    "EY",
    "F",
    "G",
    "HH",
    "IH",
    "IY",
    "JH",
    "K",
    "L",
    "M",
    "N",
    "NG",
    "OW",
    "OY",
    "P",
    "R",
    "S",
    "SH",
    "T",
    "TH",
    "UH",
    "UW",
    "V",
    "W",
    "Y",
    "Z",
    "ZH",
)

GARBAGE_PREFIX = "_"  # a phone word is the phone in lower case after this mark


def command_for(heard: str) -> Command | None:
    """The command ``heard`` (a decoded phrase) gives, or None (garbage, silence)."""
    text = " ".join(heard.split())
    for command, phrases in PHRASES.items():
        if text in phrases:
            return command
    return None


def all_phrases() -> list[tuple[str, Command]]:
    return [(phrase, command) for command, phrases in PHRASES.items() for phrase in phrases]


def dictionary_text() -> str:
    lines = []
    for word, prons in PRONUNCIATIONS.items():
        for i, pron in enumerate(prons):
            lines.append(f"{word}{'' if i == 0 else f'({i + 1})'} {pron}")
    lines += [f"{GARBAGE_PREFIX}{p.lower()} {p}" for p in PHONES]
    return "\n".join(lines) + "\n"


def jsgf_text(garbage_weight: float) -> str:
    """The grammar: one phrase, or the phone loop weighted ``garbage_weight`` against it."""
    phrases = " | ".join(phrase for phrase, _ in all_phrases())
    phones = " | ".join(f"{GARBAGE_PREFIX}{p.lower()}" for p in PHONES)
    return (
        "#JSGF V1.0;\n"
        "grammar easeback;\n"
        f"public <utterance> = /1/ <phrase> | /{garbage_weight:g}/ <garbage>;\n"
        f"<phrase> = {phrases};\n"
        "<garbage> = <phone>+;\n"
        f"<phone> = {phones};\n"
    )


def write_grammar(folder: Path, garbage_weight: float) -> tuple[Path, Path]:
    """Write the dictionary and grammar files into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    dictionary = folder / "commands.dict"
    grammar = folder / "commands.jsgf"
    dictionary.write_text(dictionary_text(), encoding="utf-8")
    grammar.write_text(jsgf_text(garbage_weight), encoding="utf-8")
    return dictionary, grammar
