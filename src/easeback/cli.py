"""Command line: argument parsing and dispatch.

``easeback`` alone opens the window; the sub-commands work without Qt
(easeback.commands). Reading the arguments is on the window's start-up path, so
this module loads nothing of the core, and the commands' parsers are built only
when the command line may name one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from easeback import APP_NAME, __version__

WINDOW = "window"  # the command of `easeback` alone and of `easeback run ID`


# --------------------------------------------------------------------------- parsing


def _add_plan_choices(parser: argparse.ArgumentParser) -> None:
    from easeback.core.cues import VERBOSITIES

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


def _add_window_options(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """Options allowed before or after a command; a command's copy keeps the earlier value."""
    keep: dict[str, Any] = {"default": argparse.SUPPRESS} if sub else {}
    parser.add_argument(
        "--catalogue",
        action="append",
        metavar="FILE",
        help="add exercises and routines from FILE (may be given more than once)",
        **keep,
    )
    parser.add_argument(
        "--no-voice", action="store_true", help="do not speak (visual cues only)", **keep
    )
    parser.add_argument(
        "--remind-every",
        type=float,
        metavar="MINUTES",
        help="break reminder interval for this run (fractions allowed)",
        **keep,
    )
    parser.add_argument(
        "--start-hidden",
        action="store_true",
        help="start in the system tray (for login autostart)",
        **keep,
    )


def _window_parser(**kwargs: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="easeback",
        description="Hands-free coach for back-pain stretches and glute exercises. "
        "Without a command it opens the window.",
        **kwargs,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_window_options(parser)
    parser.set_defaults(command=WINDOW, id=None)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Every command and option (``easeback --help`` shows them)."""
    parser = _window_parser()
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("list", help="list exercises and routines with their length")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(command="list")

    p = sub.add_parser("plan", help="show the timed plan of an exercise or routine")
    p.add_argument("id", help="exercise or routine id (see: easeback list)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--cues", action="store_true", help="also list every spoken cue with its time")
    _add_plan_choices(p)
    p.set_defaults(command="plan")

    p = sub.add_parser("validate", help="check a catalogue file and report every problem")
    p.add_argument("file", help="a JSON catalogue file")
    p.set_defaults(command="validate")

    p = sub.add_parser("run", help="open the window and start an exercise or routine at once")
    p.add_argument("id", help="exercise or routine id")
    _add_plan_choices(p)
    _add_window_options(p, sub=True)
    p.set_defaults(command=WINDOW)

    p = sub.add_parser("voices", help="list the voices the speech engine offers")
    p.set_defaults(command="voices")

    p = sub.add_parser("export-audio", help="render the whole voice guide of a plan to a WAV file")
    p.add_argument("id", help="exercise or routine id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.wav", help="where to write")
    p.add_argument("--voice", help="voice id or name (see: easeback voices)")
    _add_plan_choices(p)
    p.set_defaults(command="export-audio")

    p = sub.add_parser("history", help="show the sessions done, minutes per day and the streak")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--days", type=int, default=30, help="days of minutes per day (default 30)")
    p.set_defaults(command="history")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, as ``build_parser`` reads them.

    A command line of window options only (``easeback``, ``--start-hidden``...) is
    read by a parser without the commands, a few milliseconds less at every start;
    anything it does not take (a command, ``--help``, a mistake) goes to the full
    parser, so answers and error messages are the same.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args, rest = _window_parser(add_help=False, exit_on_error=False).parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    if rest:
        args = build_parser().parse_args(argv)
    if args.remind_every is not None and args.remind_every <= 0:
        build_parser().error("--remind-every needs a number of minutes above 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command == WINDOW:
            from easeback.ui.app import run_app

            return run_app(args)
        from easeback.commands import run

        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
