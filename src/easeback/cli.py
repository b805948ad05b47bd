"""Command line: argument parsing and dispatch.

``easeback`` alone opens the window; the sub-commands work without Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from easeback import APP_NAME, __version__
from easeback.core.catalogue import Catalogue, load_catalogue, validate_file
from easeback.core.cues import VERBOSITIES, clock
from easeback.core.paths import Paths, paths
from easeback.core.plan import ExerciseOverride, Plan, PlanError, compile_plan, format_table
from easeback.core.settings import Settings, load_settings


@dataclass
class Context:
    """What every command may need, loaded once."""

    args: argparse.Namespace
    paths: Paths
    settings: Settings
    settings_message: str | None
    catalogue: Catalogue

    def plan(self, item_id: str) -> Plan:
        """Compile with the user's settings and any choices given on the command line."""
        options = self.settings.plan_options()
        override = _override_from_args(self.args)
        if override is not None:
            if self.catalogue.kind_of(item_id) != "exercise":
                raise PlanError(
                    "--reps, --hold, --sets, --rest and --first-side apply to one exercise, "
                    f"not to the routine {item_id!r}; set them per exercise in Settings"
                )
            overrides = dict(options.overrides)
            merged = {**overrides.get(item_id, ExerciseOverride()).to_dict(), **override.to_dict()}
            overrides[item_id] = ExerciseOverride.from_dict(merged)
            options = replace(options, overrides=overrides)
        if getattr(self.args, "prepare", None) is not None:
            options = replace(options, prepare_seconds=self.args.prepare)
        if getattr(self.args, "verbosity", None):
            options = replace(options, verbosity=self.args.verbosity)
        if getattr(self.args, "rate", None):
            options = replace(options, rate=self.args.rate)
        return compile_plan(self.catalogue, item_id, options)


def _override_from_args(args: argparse.Namespace) -> ExerciseOverride | None:
    values = {
        "reps": getattr(args, "reps", None),
        "hold_seconds": getattr(args, "hold", None),
        "sets": getattr(args, "sets", None),
        "rest_seconds": getattr(args, "rest", None),
        "first_side": getattr(args, "first_side", None),
    }
    if all(v is None for v in values.values()):
        return None
    return ExerciseOverride(**values)


def load_context(args: argparse.Namespace) -> Context:
    where = paths()
    settings, message = load_settings(where.settings_file)
    extra: list[Path] = []
    if where.user_catalogue.is_file():
        extra.append(where.user_catalogue)
    extra += [Path(p) for p in getattr(args, "catalogue", None) or []]
    return Context(args, where, settings, message, load_catalogue(extra))


def _warn_problems(ctx: Context) -> None:
    if ctx.settings_message:
        print(f"warning: {ctx.settings_message}", file=sys.stderr)
    for problem in ctx.catalogue.problems:
        print(f"warning: {problem} (file skipped)", file=sys.stderr)


# --------------------------------------------------------------------------- commands


def cmd_list(ctx: Context) -> int:
    rows: list[dict[str, Any]] = []
    for ex in ctx.catalogue.exercises.values():
        plan = compile_plan(ctx.catalogue, ex.id, ctx.settings.plan_options())
        rows.append(
            {
                "id": ex.id,
                "kind": "exercise",
                "name": ex.name,
                "position": ex.position,
                "desk_friendly": ex.desk_friendly,
                "total_seconds": plan.total_seconds,
            }
        )
    for routine in ctx.catalogue.routines.values():
        plan = compile_plan(ctx.catalogue, routine.id, ctx.settings.plan_options())
        positions = sorted({e.position for e in ctx.catalogue.routine_exercises(routine.id)})
        rows.append(
            {
                "id": routine.id,
                "kind": "routine",
                "name": routine.name,
                "position": "/".join(positions),
                "exercises": list(routine.exercises),
                "desk_friendly": all(
                    e.desk_friendly for e in ctx.catalogue.routine_exercises(routine.id)
                ),
                "total_seconds": plan.total_seconds,
            }
        )
    if ctx.args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(str(r["id"])) for r in rows)
    for kind in ("exercise", "routine"):
        print("Exercises:" if kind == "exercise" else "\nRoutines:")
        for r in (r for r in rows if r["kind"] == kind):
            badge = "  desk-friendly" if r["desk_friendly"] else ""
            length = clock(float(r["total_seconds"]))
            print(f"  {r['id']:<{width}}  {length:>6}  {r['position']:<8}  {r['name']}{badge}")
    return 0


def cmd_plan(ctx: Context) -> int:
    plan = ctx.plan(ctx.args.id)
    if ctx.args.json:
        print(json.dumps(plan.to_json(), indent=2))
    else:
        print(format_table(plan))
        if ctx.args.cues:
            for phase in plan.phases:
                for cue in phase.cues:
                    at = clock(phase.start + cue.at)
                    print(f"  {at:>6} +{cue.at:6.2f}  [{phase.index + 1}] {cue.text}")
    return 0


def cmd_validate(ctx: Context) -> int:
    problems, summary = validate_file(Path(ctx.args.file))
    for problem in problems:
        print(problem)
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def cmd_window(ctx: Context) -> int:
    from easeback.ui.app import run_app

    return int(run_app(ctx))


def cmd_voices(ctx: Context) -> int:
    from easeback.speech.commands import voices

    return int(voices(ctx))


def cmd_export_audio(ctx: Context) -> int:
    from easeback.speech.commands import export_audio

    return int(export_audio(ctx))


def cmd_history(ctx: Context) -> int:
    from easeback.core.history import history_command

    return int(history_command(ctx))


# --------------------------------------------------------------------------- parsing


def _add_plan_choices(parser: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="easeback",
        description="Hands-free coach for back-pain stretches and glute exercises. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_window_options(parser)
    parser.set_defaults(handler=cmd_window, id=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("list", help="list exercises and routines with their length")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("plan", help="show the timed plan of an exercise or routine")
    p.add_argument("id", help="exercise or routine id (see: easeback list)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--cues", action="store_true", help="also list every spoken cue with its time")
    _add_plan_choices(p)
    p.set_defaults(handler=cmd_plan)

    p = sub.add_parser("validate", help="check a catalogue file and report every problem")
    p.add_argument("file", help="a JSON catalogue file")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("run", help="open the window and start an exercise or routine at once")
    p.add_argument("id", help="exercise or routine id")
    _add_plan_choices(p)
    _add_window_options(p, sub=True)
    p.set_defaults(handler=cmd_window)

    p = sub.add_parser("voices", help="list the voices the speech engine offers")
    p.set_defaults(handler=cmd_voices)

    p = sub.add_parser("export-audio", help="render the whole voice guide of a plan to a WAV file")
    p.add_argument("id", help="exercise or routine id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.wav", help="where to write")
    p.add_argument("--voice", help="voice id or name (see: easeback voices)")
    _add_plan_choices(p)
    p.set_defaults(handler=cmd_export_audio)

    p = sub.add_parser("history", help="show the sessions done, minutes per day and the streak")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--days", type=int, default=30, help="days of minutes per day (default 30)")
    p.set_defaults(handler=cmd_history)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.remind_every is not None and args.remind_every <= 0:
        parser.error("--remind-every needs a number of minutes above 0")
    ctx = load_context(args)
    handler: Callable[[Context], int] = args.handler
    if handler is not cmd_window:
        _warn_problems(ctx)
    try:
        return handler(ctx)
    except PlanError as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
