"""``easeback export-audio ID -o FILE.wav``: the whole voice guide of a plan as one WAV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from easeback.cli.context import CliContext
from easeback.cli.options import add_plan_choices
from easeback.core.time import format_clock


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export-audio", help="render the whole voice guide of a plan to a WAV file")
    p.add_argument("id", help="exercise or routine id")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.wav",
        help="where to write (-: standard output)",
    )
    p.add_argument("--voice", help="voice id or name (see: easeback voices)")
    add_plan_choices(p)
    p.set_defaults(handler=run)


def _error(message: str) -> int:
    print(f"easeback: {message}", file=sys.stderr)
    return 1


class ProgressBar:
    """A one-line bar on a terminal; a plain line every quarter otherwise."""

    def __init__(self, stream: TextIO, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._quarter = -1

    def __call__(self, done: int, total: int, _text: str = "") -> None:
        fraction = done / total if total else 1.0
        if self.tty:
            filled = round(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
            return
        quarter = int(fraction * 4)
        if quarter != self._quarter:
            self._quarter = quarter
            print(f"{self.label}: {done}/{total}", file=self.stream, flush=True)


def run(ctx: CliContext) -> int:
    """Render the plan's voice track to ``--output``: exit 1 on a missing engine or bad file."""
    args = ctx.args
    to_stdout = args.output == "-"  # the WAV goes down a pipe; what is said goes to stderr
    out = Path("standard output" if to_stdout else args.output)
    plan = ctx.plan(args.id)  # PlanError (unknown id, bad choice) is reported by the caller
    if out.is_dir() and not to_stdout:
        return _error(f"cannot write {out}: it is a folder")
    if not to_stdout and not out.parent.is_dir():
        return _error(f"cannot write {out}: the folder {out.parent} does not exist")
    from easeback.speech import engine as speech_engine
    from easeback.speech.cache import PhraseCache
    from easeback.speech.engine import EngineUnavailable, RenderError
    from easeback.speech.export import render_track
    from easeback.speech.wavfile import WavError, wav_bytes, write_clip

    rate = args.rate or ctx.settings.rate
    wanted = args.voice or ctx.settings.voice
    try:
        engine = speech_engine.start_engine(wanted, rate)
    except EngineUnavailable as exc:
        return _error(f"cannot render speech for {out}: {exc}")
    try:
        if engine.voice_problem:
            if args.voice:  # asked for on this command line: an error, not a warning
                return _error(f"voice {args.voice!r} is not installed; see: easeback voices")
            print(f"warning: {engine.voice_problem}", file=sys.stderr)
        voice_key = f"{engine.driver}:{engine.voice_in_use()}:{rate}"
        cache = PhraseCache(
            ctx.paths.speech_cache, engine, voice_key=voice_key, volume=ctx.settings.volume
        )
        started = time.monotonic()
        try:
            track = render_track(plan, cache, ProgressBar(sys.stderr, "Rendering phrases"))
        except (RenderError, WavError, OSError) as exc:
            return _error(f"cannot render speech for {out}: {exc}")
        finally:
            cache.close()
        if cache.problem:
            print(f"warning: {cache.problem}", file=sys.stderr)
    finally:
        engine.close()
    try:
        if to_stdout:
            sys.stdout.buffer.write(wav_bytes(track.clip))
            sys.stdout.buffer.flush()
        else:
            write_clip(out, track.clip)
    except OSError as exc:
        return _error(f"cannot write {out}: {exc.strerror or exc}")
    took = time.monotonic() - started
    note = f", {track.overlaps} overlapping" if track.overlaps else ""
    print(
        f"Wrote {out}: {plan.name}, {format_clock(plan.total_seconds)} "
        f"({track.clip.frames} samples at {track.clip.rate} Hz), "
        f"{len(track.placements)} cues{note}, voice {engine.describe()}, in {took:.1f} s",
        file=sys.stderr if to_stdout else sys.stdout,
    )
    return 0
