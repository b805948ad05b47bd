"""The command-line commands: what ``easeback list``, ``plan``, ``validate``,
``voices``, ``export-audio`` and ``history`` do (easeback.cli reads the arguments).

``load_context`` also serves the window, which loads it right after its first
paint (see easeback.ui.app).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from easeback.core.catalogue import Catalogue, load_catalogue, validate_file
from easeback.core.cues import clock
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


def cmd_voices(ctx: Context) -> int:
    from easeback.speech.commands import voices

    return int(voices(ctx))


def cmd_export_audio(ctx: Context) -> int:
    from easeback.speech.commands import export_audio

    return int(export_audio(ctx))


def cmd_history(ctx: Context) -> int:
    from easeback.core.history import history_command

    return int(history_command(ctx))


COMMANDS: dict[str, Callable[[Context], int]] = {
    "list": cmd_list,
    "plan": cmd_plan,
    "validate": cmd_validate,
    "voices": cmd_voices,
    "export-audio": cmd_export_audio,
    "history": cmd_history,
}


def run(args: argparse.Namespace) -> int:
    """Run the command ``args.command`` names (not the window's: see easeback.ui.app)."""
    ctx = load_context(args)
    _warn_problems(ctx)
    try:
        return COMMANDS[args.command](ctx)
    except PlanError as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 2
