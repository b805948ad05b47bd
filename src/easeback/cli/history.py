"""``easeback history [--json | --csv] [--days N]``: recent sessions, minutes per day, the
streak; or every session as CSV for a spreadsheet."""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import timedelta

from easeback.cli.context import CliContext
from easeback.cli.options import bounded
from easeback.core import defaults
from easeback.core.history import RECENT, STREAK_RULE, History, SessionRecord
from easeback.core.time import format_spent

#: The columns of ``--csv``, one row per session, oldest first.
CSV_COLUMNS = (
    "date",
    "time",
    "plan_id",
    "name",
    "status",
    "seconds_done",
    "minutes",
    "holds_done",
    "holds_planned",
    "reps_done",
    "reps_planned",
    "phases_completed",
    "phases_total",
    "total_seconds",
    "started_at",
    "ended_at",
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("history", help="show the sessions done, minutes per day and the streak")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument(
        "--csv",
        action="store_true",
        help="print every session as CSV, oldest first (with --days: only those days)",
    )
    days = defaults.HISTORY_DAYS
    p.add_argument(
        "--days",
        type=bounded(days),
        default=None,
        help=f"days of minutes per day ({days}, default {days.default:g})",
    )
    p.set_defaults(handler=run)


def _csv(records: Sequence[SessionRecord]) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for r in records:
        out.writerow(
            (
                r.local_date.isoformat(),
                r.local_time,
                r.plan_id,
                r.name,
                r.status,
                round(r.seconds_done, 1),
                round(r.minutes, 2),
                *r.holds,
                *r.reps,
                r.phases_completed,
                r.phases_total,
                round(r.total_seconds, 1),
                r.started_at.isoformat(),
                r.ended_at.isoformat() if r.ended_at else "",
            )
        )


def run(ctx: CliContext) -> int:
    """``easeback history [--days N] [--json | --csv]``."""
    given = getattr(ctx.args, "days", None)
    days = int(defaults.HISTORY_DAYS.default if given is None else given)
    as_csv = bool(getattr(ctx.args, "csv", False))
    history = History(ctx.paths.history_db)
    try:
        if as_csv:
            first = None if given is None else history.today() - timedelta(days=days - 1)
            records = history.since(first)
        else:
            recent = history.recent(RECENT)
            per_day = history.minutes_per_day(days)
            streak = history.streak()
    except (sqlite3.Error, OSError) as exc:
        print(
            f"easeback: the exercise history {history.path} cannot be read: {exc}", file=sys.stderr
        )
        return 1
    finally:
        history.close()
    if history.message:  # on stderr, so that stdout stays pure CSV or JSON
        print(f"warning: {history.message}", file=sys.stderr)
    if as_csv:
        _csv(records)
        return 0

    if getattr(ctx.args, "json", False):
        data = {
            "database": str(history.path),
            "sessions": [r.to_json() for r in recent],
            "minutes_per_day": [
                {"date": d.isoformat(), "minutes": round(m, 2)} for d, m in per_day
            ],
            "streak": {"days": streak, "rule": STREAK_RULE},
        }
        print(json.dumps(data, indent=2))
        return 0

    if not recent:
        print("No sessions recorded yet. Start one in the window, or: easeback run desk-break")
        return 0
    print(f"Last {len(recent)} session{'s' if len(recent) != 1 else ''}:")
    width = max(len(r.name) for r in recent)
    for r in recent:
        print(
            f"  {r.local_date.isoformat()}  {r.local_time}  {r.name:<{width}}"
            f"  {format_spent(r.seconds_done):>7}  {r.result}"
        )
    print(f"\nMinutes per day, last {days} day{'s' if days != 1 else ''}:")
    top = max((m for _, m in per_day), default=0.0)
    for day, minutes in per_day:
        bar = "#" * (max(1, round(minutes / top * 30)) if minutes > 0 and top > 0 else 0)
        weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
        print(f"  {day.isoformat()} {weekday}  {bar:<30} {minutes:5.1f}")
    unit = "day" if streak == 1 else "days"
    print(f"\nStreak: {streak} {unit} ({STREAK_RULE})")
    return 0
