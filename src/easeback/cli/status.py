"""``easeback status [--json]``: what the running Easeback is doing, for status bars and scripts.

Asks the running app over its single-instance socket (easeback.ui.instance);
exits 1 with a message on stderr when none runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from easeback.cli.context import CliContext
from easeback.core.time import format_clock, format_duration
from easeback.ui.instance import REFUSED, NoAnswer, ask


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "status", help="what the running Easeback is doing: the session and the next break"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run)


def run(ctx: CliContext) -> int:
    try:
        answer = ask({"command": "status"})
    except NoAnswer as exc:
        print(f"easeback: {exc}", file=sys.stderr)
        return 1
    if answer is None:
        print("easeback: Easeback is not running (start it with: easeback)", file=sys.stderr)
        return 1
    if not answer.get("ok"):
        print(f"easeback: {answer.get('error', REFUSED)}", file=sys.stderr)
        return 1
    del answer["ok"]
    print(json.dumps(answer) if ctx.args.json else text(answer))
    return 0


def text(status: dict[str, Any]) -> str:
    """Two lines: the session (or none), then the next break (or none)."""
    session = status["session"]
    if session is None:
        first = "No session running"
    else:
        side = f", {session['side']}" if session["side"] else ""
        paused = " (paused)" if session["paused"] else ""
        first = (
            f"{session['name']}: {session['label'].capitalize()}{side}, "
            f"{format_clock(session['seconds_left'])} left{paused}"
        )
    seconds = status["next_break_in_seconds"]
    if seconds is None:  # a break waiting, paused, out of hours, away, or off
        second = status.get("breaks_text") or "No break reminder scheduled"
    else:
        at = datetime.fromisoformat(status["next_break_at"]).strftime("%H:%M")
        second = f"Next break at {at} (in {format_duration(seconds)})"
    return f"{first}\n{second}"
