"""``easeback plan ID [--json] [--cues]``: the timed plan, as a table or as JSON."""

from __future__ import annotations

import argparse
import json

from easeback.cli.context import CliContext
from easeback.cli.options import add_plan_choices
from easeback.core.plan import Plan
from easeback.core.time import format_clock


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plan", help="show the timed plan of an exercise or routine")
    p.add_argument("id", help="exercise or routine id (see: easeback list)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--cues", action="store_true", help="also list every spoken cue with its time")
    add_plan_choices(p)
    p.set_defaults(handler=run)


def run(ctx: CliContext) -> int:
    plan = ctx.plan(ctx.args.id)
    if ctx.args.json:
        print(json.dumps(plan.to_json(), indent=2))
        return 0
    print(format_table(plan))
    if ctx.args.cues:
        for phase in plan.phases:
            for cue in phase.cues:
                at = format_clock(phase.start + cue.at)
                print(f"  {at:>6} +{cue.at:6.2f}  [{phase.index + 1}] {cue.text}")
    return 0


def format_table(plan: Plan) -> str:
    """The plan as a readable table with a total."""
    rows = [("#", "start", "length", "phase", "what", "side", "set", "cues")]
    for p in plan.phases:
        what = p.title
        rows.append(
            (
                str(p.index + 1),
                format_clock(p.start),
                f"{p.seconds:g} s" if p.seconds < 60 else format_clock(p.seconds),
                p.label.lower() if not p.final else "finish",
                what,
                p.side or "",
                f"{p.set}/{p.sets}" if p.set else "",
                str(len(p.cues)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    kind = "Routine" if plan.kind == "routine" else "Exercise"
    header = f"{kind}: {plan.name} ({plan.id})"
    total = plan.total_seconds
    footer = f"Total: {format_clock(total)} ({total:g} s) in {len(plan.phases)} phases"
    return "\n".join([header, "", *lines, "", footer])
