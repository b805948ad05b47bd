"""``easeback voices``: the voices the speech engine offers."""

from __future__ import annotations

import argparse
import sys

from easeback.cli.context import CliContext


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("voices", help="list the voices the speech engine offers")
    p.set_defaults(handler=run)


def _error(message: str) -> int:
    print(f"easeback: {message}", file=sys.stderr)
    return 1


def run(ctx: CliContext) -> int:
    """Print every voice as id and name; ``*`` marks the one in use."""
    from easeback.speech import engine as speech_engine
    from easeback.speech.engine import EngineUnavailable

    try:
        engine = speech_engine.start_engine(ctx.settings.voice, ctx.settings.rate)
    except EngineUnavailable as exc:
        return _error(str(exc))
    try:
        listed = engine.voices()
        in_use = engine.voice_in_use()
    finally:
        engine.close()
    if engine.voice_problem:
        print(f"warning: {engine.voice_problem}", file=sys.stderr)
    if not listed:
        return _error(f"the speech engine ({engine.driver}) offers no voices")
    width = max(len(v.id) for v in listed)
    for v in listed:
        mark = "*" if v.id == in_use else " "
        langs = f"  [{', '.join(v.languages)}]" if v.languages else ""
        print(f"{mark} {v.id:<{width}}  {v.name}{langs}")
    print(
        f"{len(listed)} voices ({engine.driver}); * = in use. "
        "Choose one in Settings, or per export with: easeback export-audio ID --voice ID",
        file=sys.stderr,
    )
    return 0
