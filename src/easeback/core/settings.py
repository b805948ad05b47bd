"""User settings: versioned JSON, each value checked on its own, never fatal when broken.

A file that is not JSON (or not an object, or nested or numbered beyond what
JSON can hold here) is moved aside to ``settings.json.bak`` and the defaults
load. Inside a good file each value is checked by itself: one of the wrong
kind falls back to its default, a number out of its range is clamped (see
easeback.core.defaults), and the message names each such field while every
other value is kept. Keys this version does not know are kept, at the top and
inside each exercise's overrides, so an older Easeback does not erase a newer
one's choices. Saving never raises: it returns the problem to show, and the
same problem is written to stderr once.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from easeback.core import defaults
from easeback.core.cues import VERBOSITIES, Verbosity
from easeback.core.paths import move_aside, paths, write_atomically
from easeback.core.plan import ExerciseOverride, PlanOptions, rest_allowed

if TYPE_CHECKING:
    from easeback.core.catalogue import Catalogue, Exercise, Range

log = logging.getLogger(__name__)

#: A settings file larger than this is not read (it is moved aside): no real one comes close.
MAX_BYTES = 1_000_000
#: How deep a settings file may nest (the real one is three levels deep).
MAX_DEPTH = 32

VERSION = 1


@dataclass(frozen=True)
class Settings:
    version: int = VERSION
    # voice
    voice: str | None = None  # engine voice id; None = the engine's default
    rate: int = int(defaults.RATE.default)  # words per minute
    volume: float = defaults.VOLUME.default  # 0..1
    muted: bool = False
    verbosity: Verbosity = defaults.VERBOSITY
    listening: bool = False  # spoken commands during a session (easeback.listen)
    # plan
    prepare_seconds: float = defaults.PREPARE_SECONDS.default
    position_change_seconds: float = defaults.POSITION_CHANGE_SECONDS.default
    overrides: Mapping[str, ExerciseOverride] = field(default_factory=dict)
    # reminders
    reminders_enabled: bool = True
    remind_every_minutes: float = defaults.REMIND_EVERY_MINUTES.default
    snooze_minutes: float = defaults.SNOOZE_MINUTES.default
    break_routine: str = defaults.BREAK_ROUTINE
    speak_reminder: bool = True
    working_hours_only: bool = False
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    working_start: str = "09:00"
    working_end: str = "17:00"
    autostart: bool = False
    away_minutes: float = defaults.AWAY_MINUTES.default  # away this long counts as a break
    notifications: bool = True  # reminders as desktop notifications where the desktop has them
    chime: bool = False  # a short sound before the reminder
    # a pause of the reminders, kept over a restart: "" none, "until_resumed", or the
    # local time it ends ("2026-12-01T17:30:00+01:00")
    reminders_paused_until: str = ""
    compact_geometry: str = ""  # base64 of the compact view's QWidget.saveGeometry()
    # window
    cautions_seen: bool = False
    tray_notice_seen: bool = False
    declined_progressions: Mapping[str, str] = field(default_factory=dict)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)
    #: keys inside ``overrides`` this version does not know, per exercise (kept, not used)
    override_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)

    def plan_options(self) -> PlanOptions:
        return PlanOptions(
            overrides=dict(self.overrides),
            prepare_seconds=self.prepare_seconds,
            position_change_seconds=self.position_change_seconds,
            verbosity=self.verbosity,
            rate=self.rate,
        )

    def with_override(self, exercise_id: str, override: ExerciseOverride | None) -> Settings:
        overrides = dict(self.overrides)
        if override is None or not override.to_dict():
            overrides.pop(exercise_id, None)
        else:
            overrides[exercise_id] = override
        return replace(self, overrides=overrides)

    def fitted(self, catalogue: Catalogue) -> tuple[Settings, list[str]]:
        """These settings with every override brought inside its exercise's ranges.

        A user catalogue may narrow a range under a saved choice, or a hand-edited
        file may hold any number: such a value is clamped (or dropped, when the
        exercise has nothing of the kind to change) and named in the messages,
        so no exercise ever disappears because of a saved choice.
        """
        overrides = dict(self.overrides)
        problems: list[str] = []
        for ex_id, override in self.overrides.items():
            exercise = catalogue.exercises.get(ex_id)
            if exercise is not None:
                overrides[ex_id] = _fit_override(exercise, override, problems)
        if self.break_item(catalogue) != self.break_routine:  # said, and kept for next time
            problems.append(
                f"break_routine: there is no {self.break_routine!r} now; "
                f"breaks start {self.break_item(catalogue)!r} meanwhile"
            )
        if not problems:
            return self, []
        return replace(self, overrides=overrides), problems

    def break_item(self, catalogue: Catalogue) -> str:
        """What a break starts: the saved break routine, or the default one while the
        catalogue lacks it (a user catalogue skipped this run); the saved choice stays."""
        if catalogue.kind_of(self.break_routine) is not None:
            return self.break_routine
        return defaults.BREAK_ROUTINE

    # ------------------------------------------------------------- (de)serialise
    def to_dict(self) -> dict[str, Any]:
        skip = ("overrides", "extra", "override_extra")
        data = {k: v for k, v in asdict(self).items() if k not in skip}
        data["working_days"] = list(self.working_days)
        overrides = {k: dict(v) for k, v in self.override_extra.items()}
        for k, v in self.overrides.items():
            overrides[k] = {**overrides.get(k, {}), **v.to_dict()}
        data["overrides"] = dict(sorted(overrides.items()))
        data["declined_progressions"] = dict(self.declined_progressions)
        return {**dict(self.extra), **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from a dict: each value checked alone; the problems name their fields."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        defaults_ = cls()
        for name, check in _CHECKS.items():
            if name not in data:
                continue
            value, problem = check(data[name])
            if problem is not None:
                tail = "" if value is not None else f", using {_shown(getattr(defaults_, name))}"
                problems.append(f"{name}: {problem}{tail}")
            if value is not None:
                values[name] = value
        overrides, override_extra = _overrides(data.get("overrides", {}), problems)
        values["overrides"] = overrides
        values["override_extra"] = override_extra
        values["version"] = VERSION
        known = {f.name for f in fields(cls)} - {"extra", "override_extra"}
        values["extra"] = {k: v for k, v in data.items() if k not in known}
        return cls(**values), problems


# ----------------------------------------------------------------- value checks
# Each check returns (value to use, problem): (None, why) keeps the default.

Check = Callable[[Any], tuple[Any, str | None]]


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return repr(value)


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(limit: defaults.Limit) -> Check:
    def check(value: Any) -> tuple[Any, str | None]:
        number, problem = limit.check(value)
        if number is not None and limit.whole:
            return int(number), problem
        return number, problem

    return check


def _flag(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"{_brief(value)} is not true or false"


def _text(max_length: int, pattern: str | None = None, *, nullable: bool = False) -> Check:
    def check(value: Any) -> tuple[Any, str | None]:
        if value is None and nullable:
            return None, None
        if not isinstance(value, str) or len(value) > max_length:
            return None, f"{_brief(value)} is not valid"
        if pattern is not None and not re.fullmatch(pattern, value):
            return None, f"{_brief(value)} is not valid"
        return value, None

    return check


def _voice(value: Any) -> tuple[Any, str | None]:
    if value is None:
        return None, None
    return _text(200)(value)


def _verbosity(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value in VERBOSITIES:
        return value, None
    return None, f"{_brief(value)} is not one of {', '.join(VERBOSITIES)}"


def _days(value: Any) -> tuple[Any, str | None]:
    if (
        isinstance(value, list)
        and len(value) <= 7
        and all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in value)
    ):
        return tuple(sorted(set(value))), None
    return None, f"{_brief(value)} is not a list of weekdays 0-6"


def _declined(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value), None
    return None, f"{_brief(value)} is not a map of exercise ids to text"


_CHECKS: dict[str, Check] = {
    "voice": _voice,
    "rate": _number(defaults.RATE),
    "volume": _number(defaults.VOLUME),
    "muted": _flag,
    "listening": _flag,
    "verbosity": _verbosity,
    "prepare_seconds": _number(defaults.PREPARE_SECONDS),
    "position_change_seconds": _number(defaults.POSITION_CHANGE_SECONDS),
    "reminders_enabled": _flag,
    "remind_every_minutes": _number(defaults.REMIND_EVERY_MINUTES),
    "snooze_minutes": _number(defaults.SNOOZE_MINUTES),
    "break_routine": _text(200, r"[a-z0-9][a-z0-9-]*"),
    "speak_reminder": _flag,
    "working_hours_only": _flag,
    "working_days": _days,
    "working_start": _text(5, r"([01]\d|2[0-3]):[0-5]\d"),
    "working_end": _text(5, r"([01]\d|2[0-3]):[0-5]\d|24:00"),
    "reminders_paused_until": _text(
        40, r"|until_resumed|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?"
    ),
    "autostart": _flag,
    "away_minutes": _number(defaults.AWAY_MINUTES),
    "notifications": _flag,
    "chime": _flag,
    "compact_geometry": _text(100_000),
    "cautions_seen": _flag,
    "tray_notice_seen": _flag,
    "declined_progressions": _declined,
    "window_geometry": _text(100_000),
}

#: What an override may hold, each checked like a top-level number (ranges come later,
#: from the catalogue: see ``Settings.fitted``).
_OVERRIDE_CHECKS: dict[str, Check] = {
    "reps": _number(defaults.REPS),
    "hold_seconds": _number(defaults.HOLD_SECONDS),
    "sets": _number(defaults.SETS),
    "rest_seconds": _number(defaults.REST_SECONDS),
    "first_side": _text(5, "left|right"),
}


def _overrides(
    raw: Any, problems: list[str]
) -> tuple[dict[str, ExerciseOverride], dict[str, dict[str, Any]]]:
    if not isinstance(raw, Mapping):
        problems.append(f"overrides: {_brief(raw)} is not a map of exercise ids, ignored")
        return {}, {}
    overrides: dict[str, ExerciseOverride] = {}
    extra: dict[str, dict[str, Any]] = {}
    for ex_id, item in raw.items():
        if not isinstance(item, Mapping):
            problems.append(f"overrides.{ex_id}: {_brief(item)} is not a map, ignored")
            continue
        kept: dict[str, Any] = {}
        for key, value in item.items():
            check = _OVERRIDE_CHECKS.get(key)
            if check is None:
                extra.setdefault(ex_id, {})[key] = value
                continue
            checked, problem = check(value)
            if problem is not None:
                tail = "" if checked is not None else ", ignored"
                problems.append(f"overrides.{ex_id}.{key}: {problem}{tail}")
            if checked is not None:
                kept[key] = checked
        if kept:
            overrides[ex_id] = ExerciseOverride.from_dict(kept)
    return overrides, extra


def _fit_override(
    ex: Exercise, override: ExerciseOverride, problems: list[str]
) -> ExerciseOverride:
    values = override.to_dict()
    fits: dict[str, tuple[bool, Range | None]] = {
        "reps": (ex.has_reps, ex.reps_range),
        "hold_seconds": (ex.has_holds, ex.hold_range),
        "sets": (True, ex.sets_range),
        "rest_seconds": (True, rest_allowed(ex)),
    }
    for key, (applies, rng) in fits.items():
        value = values.get(key)
        if value is None:
            continue
        where = f"overrides.{ex.id}.{key}"
        if not applies:
            problems.append(f"{where}: {ex.name} has no {key.replace('_', ' ')} to change, ignored")
            del values[key]
        elif rng is None:
            problems.append(
                f"{where}: {ex.name}'s {key.replace('_', ' ')} cannot be changed (its source "
                f"gives one figure), so {_num(value)} is not used"
            )
            del values[key]
        elif not rng.contains(value):
            fitted = min(max(value, rng.min), rng.max)
            values[key] = int(fitted) if key in ("reps", "sets") else fitted
            problems.append(f"{where}: {_num(value)} is outside {rng}, using {_num(fitted)}")
    return ExerciseOverride.from_dict(values)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ----------------------------------------------------------------- the file


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large a number")
    return value


def _too_deep(text: str) -> bool:
    """True when brackets nest deeper than ``MAX_DEPTH`` (strings skipped): checked before
    parsing, so the parser never recurses that far."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _parse(path: Path) -> dict[str, Any]:
    """The file's JSON object. Raises ValueError (or OSError) saying what is wrong."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"it is larger than {MAX_BYTES // 1_000_000} MB")
    text = raw.decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is fine
    if _too_deep(text):
        raise ValueError(f"it nests deeper than {MAX_DEPTH} levels")
    data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    if not isinstance(data, dict):
        raise ValueError("it does not hold a JSON object")
    return data


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or the defaults with a message saying why and where the old file went."""
    path = path or paths().settings_file
    if not path.exists():
        return Settings(), None
    try:
        data = _parse(path)
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        return Settings(), f"{_set_aside(path, exc)}; defaults are in use."
    settings, problems = Settings.from_dict(data)
    _known[path] = data  # as read: a value put right here (a bad one) counts as changed
    if problems:
        return settings, f"Settings file {path}: " + "; ".join(problems) + "."
    return settings, None


#: The settings as this process last read or wrote them, per file: what it changes
#: since is what a save writes into the file, so an edit made by hand meanwhile stays.
_known: dict[Path, dict[str, Any]] = {}


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Save ``settings``. Never raises: returns None when saved, else the message to show
    (a failure, or a file edited by hand that no longer read and was moved aside); the
    caller tells it, once (the window: in the status bar and on stderr).

    The file may have been edited by hand since it was read: then only the values
    this process changed since are written into it, and the rest of it is kept.
    """
    path = path or paths().settings_file
    ours = settings.to_dict()
    try:
        data, aside = _merged(path, ours)
        write_atomically(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    except Exception as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        log.debug("save failed", exc_info=True)
        return f"Settings could not be saved to {path} ({reason}); they last until you quit."
    _known[path] = ours
    return f"{aside}." if aside else None  # saved; a hand edit that did not read is said


def _reason(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def _set_aside(path: Path, error: Exception) -> str:
    """Move an unreadable settings file aside (each one kept, never over an earlier one);
    says why and where it went."""
    try:
        where = f"it was moved to {move_aside(path, 'bak')}"
    except OSError as move_error:
        where = f"it could not be moved aside ({move_error.strerror})"
    return f"Settings file {path} could not be read ({_reason(error)}); {where}"


def _merged(path: Path, ours: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """What to write: the file as it is now, with the values this process changed since
    it last read or wrote it; ``ours`` whole when there is no file (or a device, written
    through). A file that no longer reads (a hand edit with a slip) is moved aside first
    and said so; if it cannot be, OSError: nothing is written over it."""
    if not path.is_file():
        return ours, None
    try:
        on_disk = _parse(path)
    except (OSError, ValueError, RecursionError) as exc:
        moved = move_aside(path, "bak")
        return ours, (
            f"Settings file {path} could not be read ({_reason(exc)}); it was moved to "
            f"{moved} and the settings were saved anew"
        )
    before = _known.get(path, {})
    changed = {key: value for key, value in ours.items() if not _same(before.get(key), value)}
    return {**on_disk, **changed}, None


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON writes them: ``0`` is not ``false``, nor ``90`` ``90.0``."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
