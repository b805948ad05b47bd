"""``easeback listen``: the spoken-command recogniser on a recording or the microphone."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

from easeback.cli.context import CliContext


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "listen",
        help="print the spoken commands heard in a recording (--from) or from the microphone",
        description="Runs the recogniser the window uses for spoken commands. With --from it "
        "reads a 16 kHz mono 16-bit WAV file; without, the microphone until Ctrl+C.",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="FILE.wav",
        type=Path,
        help="a recording to recognise instead of the microphone",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='one JSON line per command: {"at": seconds, "command": ..., "heard": ...}',
    )
    p.set_defaults(handler=run)


def _error(message: str) -> int:
    print(f"easeback: {message}", file=sys.stderr)
    return 1


def _print(heard: object, as_json: bool) -> None:
    from easeback.listen.recogniser import Heard

    assert isinstance(heard, Heard)
    if as_json:
        print(json.dumps(heard.to_json()), flush=True)
    else:
        print(f"{heard.at:7.2f}s  {heard.command:<9}  ({heard.heard})", flush=True)


def run(ctx: CliContext) -> int:
    from easeback.listen.microphone import Listener, MicrophoneUnavailable
    from easeback.listen.recogniser import Recogniser, RecogniserUnavailable, read_wav, recognise

    as_json = bool(ctx.args.json)
    try:
        recogniser = Recogniser()
    except RecogniserUnavailable as exc:
        return _error(str(exc))
    if ctx.args.source is not None:
        try:
            for heard in recognise(read_wav(ctx.args.source), recogniser):
                _print(heard, as_json)
        except OSError as exc:
            return _error(f"{ctx.args.source}: {exc.strerror or exc}")
        except ValueError as exc:
            return _error(str(exc))
        return 0
    ended = threading.Event()
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(message)
        ended.set()

    listener = Listener(
        lambda h: _print(h, as_json), on_problem=problem, recogniser=lambda: recogniser
    )
    try:
        listener.start()
    except (MicrophoneUnavailable, RecogniserUnavailable) as exc:
        return _error(str(exc))
    print("Listening; say a command, Ctrl+C to end.", file=sys.stderr)
    try:
        ended.wait()
    except KeyboardInterrupt:
        pass
    finally:
        listener.stop()
    if problems:
        return _error(problems[0])
    return 0
