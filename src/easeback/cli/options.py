"""Options shared by several commands."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

from easeback.core import defaults
from easeback.core.cues import VERBOSITIES


def bounded(limit: defaults.Limit) -> Callable[[str], float]:
    """An argparse ``type`` reading a number within ``limit``: nan, inf, a fraction where a
    whole number goes and anything out of range are refused with the range in the message."""

    def parse(text: str) -> float:
        kind = "whole number" if limit.whole else "number"
        try:
            value: float = int(text) if limit.whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind}") from None
        number, problem = limit.check(value)
        if number is None or problem is not None:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind} within {limit}")
        return int(number) if limit.whole else number

    parse.__name__ = "number"  # argparse names the type in some messages
    return parse


def positive_minutes(text: str) -> float:
    """``--remind-every``: minutes above 0 (fractions allowed, for tests), up to the
    setting's longest interval (a break 1,900 years away is no reminder)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid float value: {text!r}") from None
    longest = defaults.REMIND_EVERY_MINUTES.high
    if not math.isfinite(value) or value <= 0 or value > longest:
        raise argparse.ArgumentTypeError(
            f"{text!r}: needs a number of minutes above 0, at most {longest:g}"
        )
    return value


def add_plan_choices(parser: argparse.ArgumentParser) -> None:
    """``--reps``, ``--hold``... : choices for one run, checked against the exercise's ranges."""
    group = parser.add_argument_group("choices for one exercise (within its allowed range)")
    group.add_argument("--reps", type=bounded(defaults.REPS), help="reps per set")
    group.add_argument(
        "--hold",
        type=bounded(defaults.HOLD_SECONDS),
        metavar="SECONDS",
        help="length of each hold",
    )
    group.add_argument("--sets", type=bounded(defaults.SETS), help="sets (or rounds)")
    group.add_argument(
        "--rest",
        type=bounded(defaults.REST_SECONDS),
        metavar="SECONDS",
        help=f"rest between sets ({defaults.REST_SECONDS})",
    )
    group.add_argument("--first-side", choices=("left", "right"), help="which side goes first")
    prepare = defaults.PREPARE_SECONDS
    parser.add_argument(
        "--prepare",
        type=bounded(prepare),
        metavar="SECONDS",
        help=f"get-ready time ({prepare}, default {prepare.default:g})",
    )
    parser.add_argument("--verbosity", choices=VERBOSITIES, help="how much the voice says")
    parser.add_argument(
        "--rate",
        type=bounded(defaults.RATE),
        metavar="WPM",
        help=f"speaking rate used to time the cues ({defaults.RATE})",
    )


def _keep(sub: bool) -> dict[str, Any]:
    """A command's copy of a global option keeps a value given before the command."""
    return {"default": argparse.SUPPRESS} if sub else {}


def add_catalogue_option(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """``--catalogue FILE``, taken before or after the command (files given after it
    are kept apart, as a command's parser would replace the list; see catalogue_files)."""
    parser.add_argument(
        "--catalogue",
        action="append",
        metavar="FILE",
        dest="catalogue_after" if sub else "catalogue",
        help="add exercises and routines from FILE (may be given more than once)",
        **_keep(sub),
    )


def add_window_options(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """Options of the window, allowed before or after ``run``."""
    parser.add_argument(
        "--no-voice", action="store_true", help="do not speak (visual cues only)", **_keep(sub)
    )
    parser.add_argument(
        "--remind-every",
        type=positive_minutes,
        metavar="MINUTES",
        help="break reminder interval for this run (fractions allowed)",
        **_keep(sub),
    )
    parser.add_argument(
        "--start-hidden",
        action="store_true",
        help="start in the system tray (for login autostart)",
        **_keep(sub),
    )
