"""Fuzzing the inputs a user (or a broken disk) controls: nothing raises past the top level.

Hypothesis writes settings files of any JSON shape, any number (inf, nan, huge,
tiny) and any nesting, and command lines with any text where a number goes.
Bounded: the whole file runs in well under a minute.
"""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from easeback.core import defaults
from easeback.core.paths import paths
from easeback.core.settings import _CHECKS, Settings, load_settings, save_settings

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=30))
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
KNOWN = [*sorted(_CHECKS), "overrides", "version"]
SETTINGS_OBJECTS = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN), st.text(max_size=10)), JSON, max_size=12
)
OVERRIDES = st.dictionaries(
    st.sampled_from(["bridge", "clamshell", "nope"]),
    st.dictionaries(
        st.sampled_from(["reps", "hold_seconds", "sets", "rest_seconds", "first_side", "x"]),
        JSON,
        max_size=6,
    ),
    max_size=3,
)

LIMITS = {
    "rate": defaults.RATE,
    "volume": defaults.VOLUME,
    "prepare_seconds": defaults.PREPARE_SECONDS,
    "position_change_seconds": defaults.POSITION_CHANGE_SECONDS,
    "remind_every_minutes": defaults.REMIND_EVERY_MINUTES,
    "snooze_minutes": defaults.SNOOZE_MINUTES,
}


def _dump(value) -> str:
    try:
        return json.dumps(value)  # nan and inf come out as NaN and Infinity
    except ValueError:  # an int too long to print: write its digits by hand
        return "1" + "0" * 5000


def _load_text(text: str) -> tuple[Settings, str | None]:
    path = paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_settings()


def _assert_sane(loaded: Settings) -> None:
    for name, limit in LIMITS.items():
        value = getattr(loaded, name)
        assert math.isfinite(value), name
        assert limit.low <= value <= limit.high, (name, value)
    assert save_settings(loaded) is None
    again, message = load_settings()
    assert message is None  # what was loaded saves cleanly
    assert again == loaded


@FUZZ
@given(data=SETTINGS_OBJECTS, overrides=OVERRIDES)
def test_any_json_object_loads_into_sane_settings_that_save(data, overrides):
    data["overrides"] = overrides
    loaded, _ = _load_text(_dump(data))
    _assert_sane(loaded)


@FUZZ
@given(value=JSON)
def test_any_json_document_loads_or_is_moved_aside(value):
    loaded, message = _load_text(_dump(value))
    if not isinstance(value, dict):
        assert message is not None
        assert "moved to" in message
    _assert_sane(loaded)


@FUZZ
@given(depth=st.integers(min_value=1, max_value=200_000), opener=st.sampled_from(["[", '{"a":']))
def test_any_nesting_depth_loads_or_is_moved_aside(depth, opener):
    closer = "]" if opener == "[" else "}"
    loaded, _ = _load_text('{"x": ' + opener * depth + "1" + closer * depth + "}")
    _assert_sane(loaded)


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_at_all_loads_or_is_moved_aside(text):
    loaded, _ = _load_text(text)
    _assert_sane(loaded)


NUMBER_TEXT = st.one_of(
    st.text(max_size=20),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "-nan", "inf", "-inf", "1e999", "-5", "0", "1e-320", "0x10", "٣"]),
)
OPTIONS = [
    ("plan", "bridge", "--prepare"),
    ("plan", "bridge", "--hold"),
    ("plan", "bridge", "--reps"),
    ("plan", "bridge", "--sets"),
    ("plan", "bridge", "--rest"),
    ("plan", "bridge", "--rate"),
    ("history", "--days"),
    ("--remind-every",),
]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(option=st.sampled_from(OPTIONS), text=NUMBER_TEXT)
def test_any_text_in_a_numeric_option_ends_in_a_result_or_a_usage_error(option, text, capsys):
    from easeback.cli import main

    *before, name = option
    argv = [*before, f"{name}={text}"] if before else [f"{name}={text}", "list"]
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's way out: a usage error (2) or --help (0)
        code = stop.code
        if code == 2:
            assert "error:" in capsys.readouterr().err  # a message, not a traceback
    assert code in (0, 1, 2)
    capsys.readouterr()
