"""User settings: versioned JSON, written atomically, never fatal when broken.

A corrupt or unreadable file is moved aside to ``settings.json.bak`` and the
defaults load; ``load_settings`` returns the message to tell the user once.
Keys this version does not know are kept, so an older Easeback does not erase
a newer one's choices.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from easeback.core.cues import DEFAULT_RATE, VERBOSITIES, Verbosity
from easeback.core.paths import paths, write_atomically
from easeback.core.plan import ExerciseOverride, PlanOptions

VERSION = 1


@dataclass(frozen=True)
class Settings:
    version: int = VERSION
    # voice
    voice: str | None = None  # engine voice id; None = the engine's default
    rate: int = DEFAULT_RATE  # words per minute
    volume: float = 1.0  # 0..1
    muted: bool = False
    verbosity: Verbosity = "full"
    # plan
    prepare_seconds: float = 10.0
    position_change_seconds: float = 15.0
    overrides: Mapping[str, ExerciseOverride] = field(default_factory=dict)
    # reminders
    reminders_enabled: bool = True
    remind_every_minutes: float = 50.0
    snooze_minutes: float = 5.0
    break_routine: str = "desk-break"
    speak_reminder: bool = True
    working_hours_only: bool = False
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    working_start: str = "09:00"
    working_end: str = "17:00"
    autostart: bool = False
    # window
    cautions_seen: bool = False
    tray_notice_seen: bool = False
    declined_progressions: Mapping[str, str] = field(default_factory=dict)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

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

    # ------------------------------------------------------------- (de)serialise
    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k not in ("overrides", "extra")}
        data["working_days"] = list(self.working_days)
        data["overrides"] = {k: v.to_dict() for k, v in sorted(self.overrides.items())}
        data["declined_progressions"] = dict(self.declined_progressions)
        return {**dict(self.extra), **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from a dict; values of the wrong type keep their default and are reported."""
        defaults = cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        values: dict[str, Any] = {}
        problems: list[str] = []
        for name in known - {"overrides", "declined_progressions", "working_days"}:
            if name not in data:
                continue
            value, default = data[name], getattr(defaults, name)
            if _same_type(value, default, name):
                values[name] = float(value) if isinstance(default, float) else value
            else:
                problems.append(f"{name}: {value!r} is not valid, using {default!r}")
        if values.get("verbosity", "full") not in VERBOSITIES:
            problems.append(
                f"verbosity: {values['verbosity']!r} is not one of {', '.join(VERBOSITIES)}"
            )
            values.pop("verbosity")
        raw = data.get("overrides", {})
        if isinstance(raw, Mapping):
            values["overrides"] = {
                str(k): ExerciseOverride.from_dict(v)
                for k, v in raw.items()
                if isinstance(v, Mapping)
            }
        raw = data.get("declined_progressions", {})
        if isinstance(raw, Mapping):
            values["declined_progressions"] = {str(k): str(v) for k, v in raw.items()}
        raw = data.get("working_days")
        if isinstance(raw, list) and all(isinstance(d, int) and 0 <= d <= 6 for d in raw):
            values["working_days"] = tuple(raw)
        values["version"] = VERSION
        values["extra"] = {k: v for k, v in data.items() if k not in known}
        return cls(**values), problems


def _same_type(value: Any, default: Any, name: str) -> bool:
    if name == "voice":
        return value is None or isinstance(value, str)
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    return isinstance(value, type(default))


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or the defaults with a message saying why and where the old file went."""
    path = path or paths().settings_file
    if not path.exists():
        return Settings(), None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("it does not hold a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        backup = path.with_name(path.name + ".bak")
        try:
            path.replace(backup)
            where = f"it was moved to {backup}"
        except OSError as move_error:
            where = f"it could not be moved aside ({move_error.strerror})"
        return (
            Settings(),
            f"Settings file {path} could not be read ({exc}); defaults are in use and {where}.",
        )
    settings, problems = Settings.from_dict(data)
    if problems:
        return settings, f"Settings file {path}: " + "; ".join(problems) + "."
    return settings, None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or paths().settings_file
    write_atomically(path, json.dumps(settings.to_dict(), indent=2, sort_keys=True) + "\n")
