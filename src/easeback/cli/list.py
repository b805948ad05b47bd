"""``easeback list [--json]``: exercises and routines with position and length."""

from __future__ import annotations

import argparse
import json
from typing import Any

from easeback.cli.context import CliContext
from easeback.core.plan import plan_seconds
from easeback.core.time import format_clock


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list exercises and routines with their length")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def _row(ctx: CliContext, item_id: str) -> dict[str, Any]:
    """One item's line. Its length is ``plan_seconds``, as the library's cards have it:
    the same figure as the compiled plan's, without placing every cue of it."""
    catalogue = ctx.catalogue
    kind = catalogue.kind_of(item_id)
    item = catalogue.routines[item_id] if kind == "routine" else catalogue.exercises[item_id]
    row: dict[str, Any] = {"id": item_id, "kind": kind, "name": item.name}
    row["position"] = "/".join(catalogue.positions(item_id))
    if kind == "routine":
        row["exercises"] = list(catalogue.routines[item_id].exercises)
    row["desk_friendly"] = catalogue.desk_friendly(item_id)
    row["total_seconds"] = plan_seconds(catalogue, item_id, ctx.settings.plan_options())
    return row


def run(ctx: CliContext) -> int:
    rows = [_row(ctx, item_id) for item_id in ctx.catalogue.ids()]
    if ctx.args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(str(r["id"])) for r in rows)
    places = max(len(str(r["position"])) for r in rows)  # "floor/seated" too
    for kind in ("exercise", "routine"):
        print("Exercises:" if kind == "exercise" else "\nRoutines:")
        for r in (r for r in rows if r["kind"] == kind):
            badge = "  desk-friendly" if r["desk_friendly"] else ""
            length = format_clock(float(r["total_seconds"]))
            place = f"{r['position']:<{places}}"
            print(f"  {r['id']:<{width}}  {length:>6}  {place}  {r['name']}{badge}")
    return 0
