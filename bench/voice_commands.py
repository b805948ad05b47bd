"""Spoken commands: share recognised, false commands per hour of other speech, latency.

Generates its corpus with public tools: every phrase of the grammar said by
espeak-ng in six voices at three rates, resampled to 16 kHz mono by sox, with
pink noise mixed in at a signal-to-noise ratio drawn from ``SNR_DB`` (or ``--snr``).
The distractors are the app's own cue phrases (every phrase of every compiled
exercise and routine) and reading matter: the source pages given with
``--pages`` (text or HTML files), else the catalogue's own texts (summaries,
steps, tips). They are read by two of the voices at the middle rate.

Each (voice, rate) is one continuous stream fed to the recogniser in 30 ms
chunks, as the microphone delivers them. A phrase counts as recognised when
its command comes out between the start of the phrase and one second after
its end; any other command is a false one, and one that comes out in that
window of another command's phrase counts as that phrase taken for it. Latency
is the audio that passed between the end of the word (where espeak-ng's samples
fall silent) and the command, plus the processor time the recogniser took for
the chunk that gave it.

``--reps SECONDS`` feeds every stream as it is heard during a rep block: the app
says a count every SECONDS, and listening is muted from just before each count
until the gate's tail after it (``listen/gate.py``; the count is "Seven" said by
espeak-ng at the app's default rate), so a phrase said near a count is cut or
lost.

    uv run python bench/voice_commands.py [--pages FILE ...] [--tune] [--quick] [--snr LO HI]
        [--seed N] [--reps SECONDS]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import math
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from easeback.core.defaults import RATE
from easeback.listen.gate import LEAD, TAIL
from easeback.listen.grammar import Command, all_phrases
from easeback.listen.recogniser import SAMPLE_RATE, Recogniser, Tuning

#: The voices the tuning looks at (espeak-ng voice + variant names).
VOICES = ("en-us", "en-gb", "en-gb-scotland", "en-029", "en-us+f3", "en-gb-x-rp+m3")
RATES = (130, 160, 190)  # words per minute
SNR_DB = (10.0, 20.0)
GOALS = {"recognised": 0.95, "false_per_hour": 1.0, "latency": 0.300}
CHUNK = 960  # bytes: 30 ms, the size arecord hands over by default here

GAP = 1.2  # seconds of noise between phrases
AFTER = 1.0  # a command this long after the phrase still counts as the phrase's


@dataclass
class Stream:
    """One continuous recording: PCM and where each spoken phrase lies in it."""

    name: str
    pcm: array  # 16-bit samples
    phrases: list[tuple[float, float, Command]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # each phrase's words, when known

    @property
    def seconds(self) -> float:
        return len(self.pcm) / SAMPLE_RATE


@dataclass
class Result:
    expected: int = 0
    recognised: int = 0
    false: int = 0
    false_heard: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    said: Counter[str] = field(default_factory=Counter)  # phrase: times said
    got: Counter[str] = field(default_factory=Counter)  # phrase: times recognised
    # (phrase, what was decoded instead): times another command came out for the phrase
    taken_for: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: float = 0.0  # of audio (for distractors: of speech, to rate false commands)


# ---------------------------------------------------------------------- audio
def render(text: str, voice: str, rate: int, cache: Path) -> array:
    """``text`` said by espeak-ng, as 16 kHz mono 16-bit samples (cached on disk)."""
    key = hashlib.sha1(f"{voice}|{rate}|{text}".encode()).hexdigest()[:20]
    path = cache / f"{key}.raw"
    if not path.exists():
        espeak = subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", text],
            capture_output=True,
            check=True,
        )
        raw = subprocess.run(
            [
                "sox",
                "-t",
                "wav",
                "-",
                "-t",
                "raw",
                "-r",
                str(SAMPLE_RATE),
                "-c",
                "1",
                "-b",
                "16",
                "-e",
                "signed-integer",
                "-L",
                "-",
            ],
            input=espeak.stdout,
            capture_output=True,
            check=True,
        ).stdout
        path.write_bytes(raw)
    samples = array("h")
    samples.frombytes(path.read_bytes())
    if sys.byteorder == "big":
        samples.byteswap()
    return trim(samples)


def trim(samples: array, threshold: int = 300) -> array:
    """Without the silence espeak-ng puts before and after the words."""
    loud = [i for i in range(0, len(samples), 80) if abs(samples[i]) > threshold]
    if not loud:
        return samples
    return samples[max(0, loud[0] - 160) : min(len(samples), loud[-1] + 160)]


def rms(samples: Iterable[int]) -> float:
    values = list(samples)
    return math.sqrt(sum(v * v for v in values) / max(1, len(values)))


def pink_noise(count: int, rng: random.Random) -> list[float]:
    """Pink (1/f) noise of unit RMS, by Paul Kellet's economy filter."""
    b0 = b1 = b2 = 0.0
    out = []
    for _ in range(count):
        white = rng.uniform(-1.0, 1.0)
        b0 = 0.99765 * b0 + white * 0.0990460
        b1 = 0.96300 * b1 + white * 0.2965164
        b2 = 0.57000 * b2 + white * 1.0526913
        out.append(b0 + b1 + b2 + white * 0.1848)
    level = rms(out[: min(count, 48000)]) or 1.0
    return [v / level for v in out]


def mix(speech: array, noise: list[float], snr_db: float, speech_rms: float) -> array:
    gain = speech_rms / (10 ** (snr_db / 20))
    out = array("h", bytes(2 * len(speech)))
    for i, s in enumerate(speech):
        out[i] = max(-32768, min(32767, int(s + noise[i] * gain)))
    return out


def build_stream(
    name: str,
    items: Sequence[tuple[array, Command | None]],
    rng: random.Random,
    gap: float = GAP,
    snr: tuple[float, float] = SNR_DB,
) -> Stream:
    """Items one after another with ``gap`` seconds between, pink noise over all of it."""
    gap_samples = int(gap * SAMPLE_RATE)
    speech = array("h", bytes(2 * gap_samples))
    phrases: list[tuple[float, float, Command]] = []
    loud = []
    for samples, command in items:
        start = len(speech) / SAMPLE_RATE
        speech.extend(samples)
        loud.append(rms(samples[::4]))
        if command is not None:
            phrases.append((start, len(speech) / SAMPLE_RATE, command))
        speech.extend(bytes(2 * int(gap * SAMPLE_RATE * rng.uniform(0.7, 1.3))))
    noise = pink_noise(len(speech), rng)
    level = rng.uniform(*snr)
    return Stream(name, mix(speech, noise, level, statistics.median(loud)), phrases)


# ---------------------------------------------------------------------- corpus
def command_streams(
    voices: Sequence[str],
    rates: Sequence[int],
    cache: Path,
    seed: int = 1,
    snr: tuple[float, float] = SNR_DB,
) -> list[Stream]:
    """Every phrase in each voice at each rate: one stream per (voice, rate)."""
    rng = random.Random(seed)
    streams = []
    for voice in voices:
        for rate in rates:
            items = [
                (phrase, render(phrase, voice, rate, cache), command)
                for phrase, command in all_phrases()
            ]
            rng.shuffle(items)
            pairs: list[tuple[array, Command | None]] = [(s, c) for _, s, c in items]
            stream = build_stream(f"{voice}@{rate}", pairs, rng, snr=snr)
            stream.said = [phrase for phrase, _, _ in items]
            streams.append(stream)
    return streams


def cue_phrases() -> list[str]:
    """Every phrase the app says, from every exercise and routine compiled as shipped."""
    from easeback.core.catalogue import load_catalogue
    from easeback.core.plan import compile_plan

    catalogue = load_catalogue()
    texts: dict[str, None] = {}
    for item in catalogue.ids():
        for text in compile_plan(catalogue, item).texts():
            texts[text] = None
    return list(texts)


def catalogue_texts() -> list[str]:
    """The catalogue's reading matter: summaries, step texts, tips."""
    from easeback.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    texts: list[str] = []
    for ex in catalogue.exercises.values():
        texts.append(ex.summary)
        texts += [s.text for s in ex.setup]
        texts += [s.text for m in ex.movements for s in m.steps]
        texts += list(ex.tips)
    return [t for t in dict.fromkeys(texts) if t]


def page_texts(paths: Sequence[Path]) -> list[str]:
    """Sentences from text or HTML pages (tags, scripts and styles dropped)."""
    sentences: list[str] = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        if "<" in text and ">" in text:
            text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 3 <= len(sentence.split()) <= 40:
                sentences.append(sentence)
    return sentences


def distractor_streams(
    texts: Sequence[str],
    voices: Sequence[str],
    rate: int,
    cache: Path,
    seed: int = 2,
    snr: tuple[float, float] = SNR_DB,
) -> list[Stream]:
    """The texts read by each voice, sentence after sentence, with short pauses."""
    rng = random.Random(seed)
    streams = []
    for voice in voices:
        items: list[tuple[array, Command | None]] = [
            (render(text, voice, rate, cache), None) for text in texts
        ]
        streams.append(build_stream(f"{voice}@{rate}", items, rng, gap=0.5, snr=snr))
    return streams


# ---------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class Counting:
    """A rep block as the microphone hears it: a count every ``every`` seconds, muted
    for ``muted`` seconds from just before each count."""

    every: float
    muted: float

    def mutes(self, at: float) -> bool:
        return at % self.every < self.muted


def counting(every: float, cache: Path) -> Counting:
    count = render("Seven", VOICES[0], int(RATE.default), cache)
    return Counting(every, LEAD + len(count) / SAMPLE_RATE + TAIL)


def evaluate(streams: Sequence[Stream], tuning: Tuning, reps: Counting | None = None) -> Result:
    """Run the recogniser over each stream, as a microphone would feed it (during a rep
    block if ``reps``: muted while the app counts)."""
    result = Result()
    for stream in streams:
        rec = Recogniser(tuning)
        pcm = stream.pcm.tobytes() if sys.byteorder == "little" else _swapped(stream.pcm)
        heard = []
        for i in range(0, len(pcm), CHUNK):
            chunk = pcm[i : i + CHUNK]
            heard_by = (i + len(chunk)) / (2 * SAMPLE_RATE)  # when the chunk is read
            started = time.perf_counter()
            if reps is not None and reps.mutes(heard_by):
                got = rec.skip(len(chunk) / (2 * SAMPLE_RATE))
            else:
                got = rec.feed(chunk)
            spent = time.perf_counter() - started
            heard += [(h, rec.position, spent) for h in got]
        heard += [(h, rec.position, 0.0) for h in rec.finish()]
        result.seconds += stream.seconds
        result.expected += len(stream.phrases)
        matched: set[int] = set()
        said = stream.said or [command for _, _, command in stream.phrases]
        for h, position, spent in heard:
            hit = next(
                (
                    n
                    for n, phrase in enumerate(stream.phrases)
                    if n not in matched and phrase[2] == h.command and _near(phrase, h.at)
                ),
                None,
            )
            if hit is None:
                result.false += 1
                result.false_heard.append(f"{stream.name} {h.at:.1f}s {h.heard!r}")
                # the phrase said last before it, if it was another command's
                near = [n for n, phrase in enumerate(stream.phrases) if _near(phrase, h.at)]
                other = near[-1] if near else None
                if other is not None and stream.phrases[other][2] != h.command:
                    result.taken_for[said[other], h.heard] += 1
                continue
            matched.add(hit)
            result.latencies.append(position - stream.phrases[hit][1] + spent)
        result.recognised += len(matched)
        result.said.update(said)
        result.got.update(said[n] for n in matched)
        result.missed += [
            f"{stream.name} {said[n]!r}" for n in range(len(said)) if n not in matched
        ]
    return result


def _near(phrase: tuple[float, float, Command], at: float) -> bool:
    """Whether a command heard at ``at`` can be the phrase's: from just before it to
    ``AFTER`` its end."""
    start, end, _ = phrase
    return start - 0.2 <= at <= end + AFTER


def _swapped(samples: array) -> bytes:
    copy = array("h", samples)
    copy.byteswap()
    return copy.tobytes()


def speech_seconds(streams: Sequence[Stream]) -> float:
    return sum(s.seconds for s in streams)


def report(tuning: Tuning, commands: Result, distractors: Result) -> dict[str, float]:
    share = commands.recognised / max(1, commands.expected)
    hours = distractors.seconds / 3600
    false_all = commands.false + distractors.false
    per_hour = distractors.false / hours if hours else float("nan")
    lat = sorted(commands.latencies) or [float("nan")]
    p90 = statistics.quantiles(lat, n=10)[-1] if len(lat) > 1 else lat[0]
    print(
        f"  {tuning.garbage_weight:g}/{tuning.word_penalty:g}: recognised "
        f"{commands.recognised}/{commands.expected} = {share:.1%}; false "
        f"{distractors.false} in {distractors.seconds / 60:.1f} min of other speech = "
        f"{per_hour:.1f}/h (+{commands.false} among the commands, {false_all} in all); "
        f"latency median {statistics.median(lat) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms"
    )
    return {"recognised": share, "false_per_hour": per_hour, "latency": statistics.median(lat)}


def report_phrases(commands: Result) -> None:
    """Each phrase: how often it was recognised, and what else it was taken for."""
    for phrase, times in commands.said.items():
        instead = ", ".join(
            f"{heard!r} x{n}"
            for (said, heard), n in sorted(commands.taken_for.items(), key=lambda kv: -kv[1])
            if said == phrase
        )
        print(
            f"    {phrase!r:13} {commands.got[phrase]:3}/{times}"
            + (f"; taken for {instead}" if instead else "")
        )
    taken = sum(commands.taken_for.values())
    print(
        f"    {taken} phrase(s) taken for another command; "
        f"{commands.false - taken} other command(s) among them (late, or said twice)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages",
        nargs="*",
        type=Path,
        default=[],
        help="source pages (text or HTML) to read aloud as distractors",
    )
    parser.add_argument("--tune", action="store_true", help="try a grid of tunings")
    parser.add_argument("--quick", action="store_true", help="one rate, two voices")
    parser.add_argument("--cache", type=Path, help="folder for rendered speech (kept)")
    parser.add_argument("--verbose", action="store_true", help="list misses and false commands")
    parser.add_argument(
        "--snr",
        nargs=2,
        type=float,
        default=SNR_DB,
        metavar=("LOW", "HIGH"),
        help=f"signal to noise in dB (default {SNR_DB[0]:g} {SNR_DB[1]:g}; higher is quieter)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="another seed draws other noise, levels, gaps and order (default 1)",
    )
    parser.add_argument(
        "--reps",
        type=float,
        metavar="SECONDS",
        help="heard during a rep block: the app counts every SECONDS, muting the microphone",
    )
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    cache = args.cache or Path(tempfile.mkdtemp(prefix="easeback-bench-"))
    cache.mkdir(parents=True, exist_ok=True)
    voices = VOICES[:2] if args.quick else VOICES
    rates = RATES[1:2] if args.quick else RATES
    started = time.perf_counter()
    snr = (args.snr[0], args.snr[1])
    commands = command_streams(voices, rates, cache, seed=args.seed, snr=snr)
    reading = page_texts(args.pages) if args.pages else catalogue_texts()
    texts = cue_phrases() + reading
    distractors = distractor_streams(
        texts, voices[:2], RATES[1], cache, seed=args.seed + 1, snr=snr
    )
    print(
        f"corpus: {sum(len(s.phrases) for s in commands)} phrases in {len(commands)} streams "
        f"({speech_seconds(commands) / 60:.1f} min); distractors: {len(texts)} texts "
        f"({'pages' if args.pages else 'catalogue'} + cues) x {len(distractors)} voices "
        f"({speech_seconds(distractors) / 60:.1f} min); noise at {snr[0]:g}-{snr[1]:g} dB "
        f"signal to noise; built in "
        f"{time.perf_counter() - started:.0f} s"
    )
    base = Tuning()
    grid = [base]
    if args.tune:
        grid = [
            replace(base, garbage_weight=g, word_penalty=w)
            for g in (1.0, 1e-2, 1e-4)
            for w in (1e-2, 3e-3, 1e-3, 3e-4)
        ]
    reps = counting(args.reps, cache) if args.reps else None
    if reps is not None:
        print(f"a count every {reps.every:g} s, muted {reps.muted:.2f} s of each")
    figures = {}
    for tuning in grid:
        c = evaluate(commands, tuning, reps)
        d = evaluate(distractors, tuning, reps)
        figures = report(tuning, c, d)
        if not args.tune or args.verbose:
            report_phrases(c)
        if args.verbose:
            print("   missed:", "; ".join(c.missed[:40]))
            print("   false:", "; ".join((d.false_heard + c.false_heard)[:40]))
    met = all(figures[k] >= v if k == "recognised" else figures[k] <= v for k, v in GOALS.items())
    print(
        f"goal ({GOALS}) {'met' if met else 'missed'} by the default tuning"
        if not args.tune
        else ""
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
