"""``easeback validate FILE``: every problem of a catalogue file, with its JSON path."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from easeback.cli.context import CliContext
from easeback.core.catalogue import validate_file


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("validate", help="check a catalogue file and report every problem")
    p.add_argument("file", help="a JSON catalogue file")
    p.set_defaults(handler=run)


def run(ctx: CliContext) -> int:
    problems, summary = validate_file(Path(ctx.args.file))
    for problem in problems:
        print(problem)
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0
