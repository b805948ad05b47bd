"""The catalogue: exercises and routines, validated and frozen.

``load_catalogue`` never raises on bad input: every problem comes back as a
``Problem`` naming the file, the JSON path and what is wrong, and a broken user
file is skipped whole so the built-in catalogue stays usable.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from easeback.core import resources

if TYPE_CHECKING:
    import jsonschema

Position = Literal["seated", "floor", "standing"]
Sides = Literal["none", "each", "alternate"]
Side = Literal["left", "right"]
Kind = Literal["exercise", "routine"]


#: The words a spoken template may use: the working side and the other one.
SIDE_FIELDS = frozenset({"side", "other"})


def illustration_file(relative: str | None, base_dir: Path | None) -> Path | None:
    """A picture's file: beside the user catalogue, else built in; never a file outside
    those folders, nor one larger than ``MAX_SVG_BYTES`` (None then)."""
    if not relative:
        return None
    if base_dir is not None:
        own = contained(base_dir, relative)
        if own is not None and own.is_file():
            return own if _small_enough(own) else None
    built_in = contained(resources.resources_dir(), relative)
    if built_in is None or (built_in.is_file() and not _small_enough(built_in)):
        return None
    return built_in


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    illustration: str | None = None
    say: str | None = None
    base_dir: Path | None = None  # where a user catalogue's own illustrations live
    seconds: float | None = None  # this step's share of a rep (None: an even share)

    @property
    def spoken(self) -> str:
        return self.say or self.text

    def illustration_path(self) -> Path | None:
        return illustration_file(self.illustration, self.base_dir)


@dataclass(frozen=True)
class Range:
    min: float
    max: float

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def __str__(self) -> str:
        return f"{_num(self.min)}-{_num(self.max)}"


@dataclass(frozen=True)
class Movement:
    id: str
    name: str
    steps: tuple[Step, ...]
    hold_seconds: float | None = None
    reps: int | None = None
    rep_seconds: float | None = None
    end_hold_seconds: float | None = None
    end_hold_text: str | None = None
    #: Said before the clock starts on every block of this movement; may name
    #: ``{side}`` (the working side) and ``{other}``.
    action: str | None = None
    #: Short form reminders a long hold may say between its time cues.
    form_cues: tuple[str, ...] = ()
    end_hold_illustration: str | None = None
    base_dir: Path | None = None

    def end_hold_step(self) -> Step | None:
        """What the screen shows during the end hold: the held pose and its text."""
        if not self.end_hold_seconds:
            return None
        return Step(
            id="end-hold",
            text=self.end_hold_text or "Hold it there.",
            illustration=self.end_hold_illustration,
            base_dir=self.base_dir,
        )


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    position: Position
    setup: tuple[Step, ...]
    movements: tuple[Movement, ...]
    sets: int
    sides: Sides
    summary: str = ""
    posture: str = ""
    desk_friendly: bool = False
    level: str = "beginner"
    targets: tuple[str, ...] = ()
    rest_between_sets_seconds: float = 0.0
    rest_between_movements_seconds: float = 0.0
    side_label: str = "leg"
    first_side: Side = "left"
    switch_seconds: float = 5.0
    switch_text: str = ""
    reps_range: Range | None = None
    hold_range: Range | None = None
    sets_range: Range | None = None
    #: The rest between sets the user may choose, where the page gives one (the
    #: bridge's minute is the shortest); None: any rest within the app's limit.
    rest_range: Range | None = None
    tips: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    #: Said at the start and at every switch (side-lying: which side to lie on);
    #: may name ``{side}`` and ``{other}``.
    side_setup: str = ""
    rest_illustration: str | None = None
    base_dir: Path | None = None

    def rest_step(self) -> Step | None:
        """What the screen shows during a rest between sets: the resting pose."""
        if not self.rest_illustration:
            return None
        return Step(
            id="rest",
            text="Rest and breathe.",
            illustration=self.rest_illustration,
            base_dir=self.base_dir,
        )

    @property
    def has_reps(self) -> bool:
        return any(m.reps is not None for m in self.movements)

    @property
    def has_holds(self) -> bool:
        return any(m.hold_seconds is not None for m in self.movements)


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    exercises: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue file."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


@dataclass(frozen=True)
class Catalogue:
    version: int
    exercises: Mapping[str, Exercise]
    routines: Mapping[str, Routine]
    cautions: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def ids(self) -> list[str]:
        return [*self.exercises, *self.routines]

    def kind_of(self, item_id: str) -> Kind | None:
        if item_id in self.exercises:
            return "exercise"
        if item_id in self.routines:
            return "routine"
        return None

    def routine_exercises(self, routine_id: str) -> tuple[Exercise, ...]:
        return tuple(self.exercises[e] for e in self.routines[routine_id].exercises)

    def members(self, item_id: str) -> tuple[Exercise, ...]:
        """The exercises an item is made of: itself, or a routine's, in order."""
        if item_id in self.exercises:
            return (self.exercises[item_id],)
        return self.routine_exercises(item_id)

    def positions(self, item_id: str) -> list[str]:
        """The positions an item is done in, sorted (``["floor", "seated"]``)."""
        return sorted({e.position for e in self.members(item_id)})

    def desk_friendly(self, item_id: str) -> bool:
        """True when every exercise of the item can be done at the desk."""
        return all(e.desk_friendly for e in self.members(item_id))


class CatalogueError(Exception):
    """Raised by ``load_file_strict`` when a file has problems."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


#: Larger files are refused with a message: the built-in catalogue is ~20 KB, a picture ~5 KB.
MAX_CATALOGUE_BYTES = 2_000_000
MAX_SVG_BYTES = 1_000_000


def contained(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` when that stays inside ``folder`` (symlinks resolved), else None."""
    if not relative or Path(relative).is_absolute() or "\\" in relative:
        return None
    base = folder.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None


def _small_enough(path: Path) -> bool:
    try:
        return path.stat().st_size <= MAX_SVG_BYTES
    except OSError:
        return False


def _read_limited(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (a device or pipe has no size to check first)."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def _illustration_problems(data: Mapping[str, Any], base_dir: Path, file: str) -> list[Problem]:
    """Pictures named outside the catalogue's folder, missing, not SVG, or too large."""
    problems = []
    items = data.get("exercises")
    for i, ex in enumerate(items if isinstance(items, list) else []):
        if not isinstance(ex, dict):
            continue
        steps = [(f"$.exercises[{i}].setup[{j}]", s) for j, s in enumerate(_list(ex, "setup"))]
        named = [(f"$.exercises[{i}].rest_illustration", ex.get("rest_illustration"))]
        for k, m in enumerate(_list(ex, "movements")):
            if isinstance(m, dict):
                where = f"$.exercises[{i}].movements[{k}]"
                steps += [(f"{where}.steps[{j}]", s) for j, s in enumerate(_list(m, "steps"))]
                named.append((f"{where}.end_hold_illustration", m.get("end_hold_illustration")))
        for where, step in steps:
            if isinstance(step, dict):
                named.append((f"{where}.illustration", step.get("illustration")))
        for where, name in named:
            if not isinstance(name, str):
                continue
            own = contained(base_dir, name)
            found = illustration_file(name, base_dir)
            if own is None:
                problems.append(Problem(file, where, f"{name!r} is outside {base_dir}"))
            elif own.is_file() and not _small_enough(own):
                limit = _size(MAX_SVG_BYTES)
                problems.append(Problem(file, where, f"{name!r} is larger than {limit}"))
            elif found is None or not found.is_file():
                missing = f"{name!r} is neither in {base_dir} nor among the built-in pictures"
                problems.append(Problem(file, where, missing))
            elif not _looks_like_svg(found):
                problems.append(Problem(file, where, f"{name!r} is not an SVG picture"))
    return problems


def _looks_like_svg(path: Path) -> bool:
    """Whether the file opens as SVG text does: an ``<svg`` element near its start."""
    try:
        head = _read_limited(path, 4096)[:4096]
    except OSError:
        return False
    return b"<svg" in head


def _size(limit: int) -> str:
    return f"{limit / 1e6:g} MB" if limit >= 1_000_000 else f"{limit:,} bytes"


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema  # costs ~0.3 s: only user files and `easeback validate` need it

    schema = json.loads(resources.schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf" and error.path and "movements" in error.path:
        return "a movement needs either hold_seconds, or both reps and rep_seconds (not both)"
    if error.validator == "pattern" and isinstance(error.instance, str):
        if error.path and str(error.path[-1]).endswith("illustration"):
            return f"{error.instance!r} is not a relative path to an .svg file"
        return f"{error.instance!r} is not a valid id (use lower-case words joined by hyphens)"
    if error.validator == "const" and error.path and error.path[-1] == "version":
        return f"version {error.instance!r} is not supported (this Easeback reads version 1)"
    limit = error.validator_value
    if error.validator == "maxLength" and isinstance(limit, int):
        return _too_long(str(error.instance), limit)
    listed = error.instance
    if error.validator == "maxItems" and isinstance(limit, int) and isinstance(listed, list):
        return f"{len(listed):,} entries; at most {limit} are allowed"  # not the list again
    return error.message


def _too_long(text: str, limit: int) -> str:
    """Names the text by its start only: the whole of an over-long text would bury the message."""
    start = text[:30] + "..." if len(text) > 30 else text
    return f"{start!r} is {len(text):,} characters long; at most {limit} are allowed"


def parse(
    text: str, file: str, *, check_schema: bool = True
) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and schema-check one catalogue file's text. Returns the data and its problems."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return {}, [
            Problem(file, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")
        ]
    except (ValueError, RecursionError) as exc:
        return {}, [Problem(file, "$", f"not valid JSON: {exc}")]
    if not isinstance(data, dict):
        return {}, [Problem(file, "$", "the file must hold a JSON object with a version field")]
    if not check_schema:
        return data, []
    try:
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    except RecursionError:
        return {}, [Problem(file, "$", "the file is nested too deeply")]
    problems: list[Problem] = []
    missing: dict[str, list[str]] = {}  # one line per object names all its missing fields
    for e in errors:
        where = _json_path(e.absolute_path)
        required = e.validator_value if isinstance(e.validator_value, list) else []
        if e.validator == "required" and isinstance(e.instance, dict):
            names = missing.setdefault(where, [])
            names += [n for n in required if n not in e.instance and n not in names]
        else:
            problems.append(Problem(file, where, _schema_message(e)))
    for where, names in missing.items():
        plural = "s" if len(names) > 1 else ""
        problems.append(Problem(file, where, f"missing required field{plural}: {', '.join(names)}"))
    problems.sort(key=lambda p: p.path)
    return data, problems


def _steps(items: Iterable[dict[str, Any]], base_dir: Path | None) -> tuple[Step, ...]:
    return tuple(
        Step(
            id=s["id"],
            text=s["text"],
            illustration=s.get("illustration"),
            say=s.get("say"),
            base_dir=base_dir,
            seconds=_optional_float(s.get("seconds")),
        )
        for s in items
    )


def _range(data: Mapping[str, Any] | None) -> Range | None:
    if data is None:
        return None
    return Range(float(data["min"]), float(data["max"]))


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _build_exercise(d: dict[str, Any], base_dir: Path | None) -> Exercise:
    ranges = d.get("ranges", {})
    movements = tuple(
        Movement(
            id=m["id"],
            name=m["name"],
            steps=_steps(m["steps"], base_dir),
            hold_seconds=_optional_float(m.get("hold_seconds")),
            reps=None if m.get("reps") is None else int(m["reps"]),
            rep_seconds=_optional_float(m.get("rep_seconds")),
            end_hold_seconds=_optional_float(m.get("end_hold_seconds")),
            end_hold_text=m.get("end_hold_text"),
            action=m.get("action"),
            form_cues=tuple(m.get("form_cues", ())),
            end_hold_illustration=m.get("end_hold_illustration"),
            base_dir=base_dir,
        )
        for m in d["movements"]
    )
    return Exercise(
        id=d["id"],
        name=d["name"],
        position=d["position"],
        setup=_steps(d["setup"], base_dir),
        movements=movements,
        sets=int(d["sets"]),
        sides=d["sides"],
        summary=d.get("summary", ""),
        posture=d.get("posture", d["position"]),
        desk_friendly=bool(d.get("desk_friendly", False)),
        level=d.get("level", "beginner"),
        targets=tuple(d.get("targets", ())),
        rest_between_sets_seconds=float(d.get("rest_between_sets_seconds", 0)),
        rest_between_movements_seconds=float(d.get("rest_between_movements_seconds", 0)),
        side_label=d.get("side_label", "leg"),
        first_side=d.get("first_side", "left"),
        switch_seconds=float(d.get("switch_seconds", 5)),
        switch_text=d.get("switch_text", ""),
        reps_range=_range(ranges.get("reps")),
        hold_range=_range(ranges.get("hold_seconds")),
        sets_range=_range(ranges.get("sets")),
        rest_range=_range(ranges.get("rest_seconds")),
        tips=tuple(d.get("tips", ())),
        cautions=tuple(d.get("cautions", ())),
        side_setup=d.get("side_setup", ""),
        rest_illustration=d.get("rest_illustration"),
        base_dir=base_dir,
    )


def _check_exercise(ex: Exercise, where: str, file: str) -> list[Problem]:
    """What the schema cannot say: ranges in order, values inside them, ids unique,
    spoken templates naming only known words, step times adding up to the tempo."""
    found = [
        *_check_ranges(ex),
        *_check_values_in_range(ex),
        *_check_unique_ids(ex, where),
        *_check_templates(ex),
        *_check_step_seconds(ex),
    ]
    return [Problem(file, f"{where}{path}", message) for path, message in found]


_Found = Iterable[tuple[str, str]]  # (JSON path below the exercise, message)


def _ordered(rng: Range | None) -> Range | None:
    return rng if rng is not None and rng.min <= rng.max else None


def _check_ranges(ex: Exercise) -> _Found:
    for name, rng in (
        ("reps", ex.reps_range),
        ("hold_seconds", ex.hold_range),
        ("sets", ex.sets_range),
        ("rest_seconds", ex.rest_range),
    ):
        if rng is not None and rng.min > rng.max:
            yield f".ranges.{name}", f"min {_num(rng.min)} is larger than max {_num(rng.max)}"


def _check_values_in_range(ex: Exercise) -> _Found:
    sets = _ordered(ex.sets_range)
    if sets and not sets.contains(ex.sets):
        yield ".sets", f"sets = {ex.sets} is outside its range {sets}"
    rest = _ordered(ex.rest_range)
    if rest and not rest.contains(ex.rest_between_sets_seconds):
        yield (
            ".rest_between_sets_seconds",
            f"rest_between_sets_seconds = {_num(ex.rest_between_sets_seconds)} "
            f"is outside its range {rest}",
        )
    reps, hold = _ordered(ex.reps_range), _ordered(ex.hold_range)
    for i, m in enumerate(ex.movements):
        if m.reps is not None and reps and not reps.contains(m.reps):
            yield f".movements[{i}].reps", f"reps = {m.reps} is outside its range {reps}"
        if m.hold_seconds is not None and hold and not hold.contains(m.hold_seconds):
            yield (
                f".movements[{i}].hold_seconds",
                f"hold_seconds = {_num(m.hold_seconds)} is outside its range {hold}",
            )


def _check_unique_ids(ex: Exercise, where: str) -> _Found:
    seen: dict[str, str] = {}
    steps = [(f".setup[{i}]", s) for i, s in enumerate(ex.setup)]
    for mi, m in enumerate(ex.movements):
        steps += [(f".movements[{mi}].steps[{si}]", s) for si, s in enumerate(m.steps)]
    for path, s in steps:
        if s.id in seen:
            yield f"{path}.id", f"duplicate step id {s.id!r} (also at {where}{seen[s.id]})"
        else:
            seen[s.id] = path
    movement_ids = [m.id for m in ex.movements]
    for i, mid in enumerate(movement_ids):
        if mid in movement_ids[:i]:
            yield f".movements[{i}].id", f"duplicate movement id {mid!r}"


def template_problem(text: str) -> str | None:
    """Why ``text`` cannot be filled in with a side, or None when it can."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return (
            f"{text!r} is not a valid template ({exc}); write braces only as {{side}} or {{other}}"
        )
    unknown = sorted(names - SIDE_FIELDS)
    if unknown:
        return f"{text!r} names {{{unknown[0]}}}; only {{side}} and {{other}} can be filled in"
    return None


def _check_templates(ex: Exercise) -> _Found:
    texts = [(".side_setup", ex.side_setup)]
    texts += [(f".movements[{i}].action", m.action or "") for i, m in enumerate(ex.movements)]
    for path, text in texts:
        problem = template_problem(text)
        if problem:
            yield path, problem
        elif ex.sides == "none" and ("{side}" in text or "{other}" in text):
            yield path, f"{text!r} names a side, but the exercise has none (sides is 'none')"


def _check_step_seconds(ex: Exercise) -> _Found:
    for i, m in enumerate(ex.movements):
        given = [s.seconds for s in m.steps if s.seconds is not None]
        if not given:
            continue
        where = f".movements[{i}].steps"
        if len(given) < len(m.steps):
            yield where, "give seconds for every step of the movement, or for none"
        elif m.rep_seconds is None:
            yield where, "step seconds need a movement with reps and rep_seconds"
        elif abs(sum(given) - m.rep_seconds) > 1e-6:
            yield (
                where,
                f"the steps' seconds add up to {_num(sum(given))},"
                f" not the rep_seconds of {_num(m.rep_seconds)}",
            )


def _duplicates(items: list[dict[str, Any]], key: str, file: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, item in enumerate(items):
        item_id = item["id"]
        if item_id in seen:
            problems.append(
                Problem(
                    file,
                    f"$.{key}[{i}].id",
                    f"duplicate id {item_id!r} (first at $.{key}[{seen[item_id]}])",
                )
            )
        else:
            seen[item_id] = i
    return problems


@dataclass
class _Layer:
    version: int
    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    cautions: tuple[str, ...]


#: Who holds an id so far: its kind and where it comes from ("the built-in catalogue", a file).
_Owners = Mapping[str, tuple[Kind, str]]

_KINDS: dict[str, Kind] = {"exercises": "exercise", "routines": "routine"}
_BUILT_IN = "the built-in catalogue"


def _build_layer(
    data: dict[str, Any], file: str, base_dir: Path | None
) -> tuple[_Layer, list[Problem]]:
    ex_items = data.get("exercises", [])
    rt_items = data.get("routines", [])
    problems = _duplicates(ex_items, "exercises", file) + _duplicates(rt_items, "routines", file)
    exercises: dict[str, Exercise] = {}
    for i, item in enumerate(ex_items):
        ex = _build_exercise(item, base_dir)
        problems += _check_exercise(ex, f"$.exercises[{i}]", file)
        exercises.setdefault(ex.id, ex)
    routines: dict[str, Routine] = {}
    for item in rt_items:
        routine = Routine(
            item["id"], item["name"], tuple(item["exercises"]), item.get("description", "")
        )
        routines.setdefault(routine.id, routine)
    layer = _Layer(int(data["version"]), exercises, routines, tuple(data.get("cautions", ())))
    return layer, problems


def _owners(layer: _Layer, source: str) -> dict[str, tuple[Kind, str]]:
    owners: dict[str, tuple[Kind, str]] = {e: ("exercise", source) for e in layer.exercises}
    owners.update({r: ("routine", source) for r in layer.routines})
    return owners


def _entries(data: Mapping[str, Any]) -> Iterable[tuple[str, Kind, str]]:
    """Each exercise's and routine's id, kind and JSON path, in the order the file gives them,
    so a clash is reported at whichever entry comes later."""
    for key, items in data.items():
        kind = _KINDS.get(key)
        if kind is None or not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(item_id, str):
                yield item_id, kind, f"$.{key}[{i}].id"


def _a(kind: Kind) -> str:
    return "an exercise" if kind == "exercise" else "a routine"


def _kind_problems(data: Mapping[str, Any], taken: _Owners, file: str) -> list[Problem]:
    """Ids naming an exercise and a routine at once. An id names one thing: a routine's card
    would start the exercise of its id, and an exercise would hide the routine break reminders
    start. A user entry may replace one of its own kind only."""
    own: dict[str, Kind] = {}
    problems = []
    for item_id, kind, where in _entries(data):
        first = own.setdefault(item_id, kind)
        if first != kind:
            message = f"id {item_id!r} is already {_a(first)} in this file"
            problems.append(Problem(file, where, message))
        elif item_id in taken and taken[item_id][0] != kind:
            other, source = taken[item_id]
            message = f"id {item_id!r} is {_a(other)} in {source}; {_a(kind)} cannot replace it"
            problems.append(Problem(file, where, message))
    return problems


def _routine_problems(
    data: Mapping[str, Any], known: Mapping[str, Exercise], file: str
) -> list[Problem]:
    """Routines naming exercises that exist nowhere; read from the raw data, so these are
    reported together with any schema problems of the same file."""
    items = data.get("exercises")
    own = [e.get("id") for e in items if isinstance(e, dict)] if isinstance(items, list) else []
    ids = [*known, *(i for i in own if isinstance(i, str))]
    routines = data.get("routines")
    problems = []
    for i, routine in enumerate(routines if isinstance(routines, list) else []):
        names = routine.get("exercises") if isinstance(routine, dict) else None
        for j, ex_id in enumerate(names if isinstance(names, list) else []):
            if isinstance(ex_id, str) and ex_id not in ids:
                hint = suggest(ex_id, ids)
                extra = f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""
                where = f"$.routines[{i}].exercises[{j}]"
                problems.append(Problem(file, where, f"unknown exercise id {ex_id!r}{extra}"))
    return problems


def load_layer(
    path: Path,
    known: Mapping[str, Exercise] | None = None,
    *,
    builtin: bool = False,
    taken: _Owners | None = None,
) -> tuple[_Layer | None, list[Problem]]:
    """Read, validate and build one file. ``known`` are exercises routines may also name;
    ``taken`` are the ids earlier files hold, which this one may replace only in kind.

    The built-in file skips the JSON Schema pass at start-up (the test-suite and
    ``easeback validate`` check it); the semantic checks still run.
    """
    file = str(path)
    try:
        raw = _read_limited(path, MAX_CATALOGUE_BYTES)
        if len(raw) > MAX_CATALOGUE_BYTES:
            limit = _size(MAX_CATALOGUE_BYTES)
            return None, [Problem(file, "$", f"larger than {limit}: not read")]
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is fine
    except UnicodeDecodeError as exc:
        return None, [Problem(file, "$", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(file, "$", f"cannot be read: {exc.strerror or exc}")]
    data, problems = parse(text, file, check_schema=not builtin)
    problems += _routine_problems(data, known or {}, file)
    problems += _kind_problems(data, taken or {}, file)
    if not builtin:
        problems += _illustration_problems(data, path.parent, file)
    if problems:
        return None, sorted(problems, key=lambda p: p.path)
    try:
        layer, problems = _build_layer(data, file, None if builtin else path.parent)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return None, [Problem(file, "$", f"damaged: {exc!r}; run `easeback validate {file}`")]
    if problems:
        return None, problems
    return layer, []


def load_catalogue(extra: Sequence[Path] = (), builtin: Path | None = None) -> Catalogue:
    """The built-in catalogue plus user files; a user file with problems is skipped whole."""
    builtin = builtin or resources.catalogue_path()
    base, problems = load_layer(builtin, builtin=True)
    if base is None:
        # The shipped file is broken: keep running with nothing rather than crash.
        base = _Layer(1, {}, {}, ())
    exercises = dict(base.exercises)
    routines = dict(base.routines)
    cautions = base.cautions
    owners = _owners(base, _BUILT_IN)
    for path in extra:
        layer, layer_problems = load_layer(path, exercises, taken=owners)
        problems += layer_problems
        if layer is None:
            continue
        owners.update(_owners(layer, str(path)))
        exercises.update(layer.exercises)
        routines.update(layer.routines)
        cautions = cautions + tuple(c for c in layer.cautions if c not in cautions)
    return Catalogue(
        version=1,
        exercises=MappingProxyType(exercises),
        routines=MappingProxyType(routines),
        cautions=cautions,
        problems=tuple(problems),
    )


def validate_file(path: Path, builtin: Path | None = None) -> tuple[list[Problem], str]:
    """Problems of one file (routines may name built-in exercises, entries may replace
    built-in ones of their kind) and a one-line summary."""
    known: Mapping[str, Exercise] = {}
    taken: _Owners = {}
    builtin = builtin or resources.catalogue_path()
    if path.resolve() != builtin.resolve():
        base, _ = load_layer(builtin)
        known = base.exercises if base else {}
        taken = _owners(base, _BUILT_IN) if base else {}
    layer, problems = load_layer(path, known, taken=taken)
    if layer is None:
        return problems, f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
    summary = f"{path}: valid, {len(layer.exercises)} exercises and {len(layer.routines)} routines"
    return [], summary


def suggest(unknown: str, ids: Iterable[str], limit: int = 3) -> list[str]:
    """The ids closest to ``unknown``, best first."""
    import difflib

    candidates = list(ids)
    close = difflib.get_close_matches(unknown, candidates, n=limit, cutoff=0.5)
    if not close:
        close = [c for c in candidates if unknown and (unknown in c or c in unknown)][:limit]
    return close
