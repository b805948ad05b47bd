"""Options shared by several commands."""

from __future__ import annotations

import argparse
from typing import Any

from easeback.core.cues import VERBOSITIES


def add_plan_choices(parser: argparse.ArgumentParser) -> None:
    """``--reps``, ``--hold``... : choices for one run, checked against the exercise's ranges."""
    group = parser.add_argument_group("choices for one exercise (within its allowed range)")
    group.add_argument("--reps", type=int, help="reps per set")
    group.add_argument("--hold", type=float, metavar="SECONDS", help="length of each hold")
    group.add_argument("--sets", type=int, help="sets (or rounds)")
    group.add_argument("--rest", type=float, metavar="SECONDS", help="rest between sets")
    group.add_argument("--first-side", choices=("left", "right"), help="which side goes first")
    parser.add_argument(
        "--prepare", type=float, metavar="SECONDS", help="get-ready time (default 10)"
    )
    parser.add_argument("--verbosity", choices=VERBOSITIES, help="how much the voice says")
    parser.add_argument(
        "--rate", type=int, metavar="WPM", help="speaking rate used to time the cues"
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
        type=float,
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
