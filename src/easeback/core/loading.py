"""Load what every front end needs: the paths, the settings and the catalogue.

The command line and the window both start here, so a user catalogue, a broken
settings file or a ``--catalogue FILE`` is read the same way by both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from easeback.core.catalogue import Catalogue, Side, load_catalogue
from easeback.core.cues import Verbosity
from easeback.core.paths import Paths, paths
from easeback.core.plan import ExerciseOverride, Plan, PlanError, compile_plan
from easeback.core.settings import Settings, load_settings


@dataclass(frozen=True)
class Choices:
    """Choices for one run, on top of the settings (``easeback run ID --reps 8``...)."""

    reps: int | None = None
    hold_seconds: float | None = None
    sets: int | None = None
    rest_seconds: float | None = None
    first_side: Side | None = None
    prepare_seconds: float | None = None
    verbosity: Verbosity | None = None
    rate: int | None = None

    def override(self) -> ExerciseOverride | None:
        """The per-exercise part, or None when none of it was given."""
        override = ExerciseOverride(
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            sets=self.sets,
            rest_seconds=self.rest_seconds,
            first_side=self.first_side,
        )
        return None if override == ExerciseOverride() else override


@dataclass(frozen=True)
class Loaded:
    """The user's files, read once."""

    paths: Paths
    settings: Settings
    settings_message: str | None  # what was wrong with the settings file, if anything
    catalogue: Catalogue

    def warnings(self) -> list[str]:
        """One line per problem found while loading (each file named)."""
        lines = [self.settings_message] if self.settings_message else []
        return lines + [f"{problem} (file skipped)" for problem in self.catalogue.problems]

    def plan(self, item_id: str, choices: Choices = Choices()) -> Plan:
        """Compile with the user's settings and these choices (PlanError says what is wrong)."""
        return plan_with(self.catalogue, self.settings, item_id, choices)


def plan_with(
    catalogue: Catalogue, settings: Settings, item_id: str, choices: Choices = Choices()
) -> Plan:
    """``item_id`` compiled with ``settings`` and these ``choices`` (``easeback run ID
    --reps N``), as every start does: the command line, the window and a second easeback.
    PlanError says what is wrong."""
    options = settings.plan_options()
    override = choices.override()
    if override is not None:
        if catalogue.kind_of(item_id) != "exercise":
            raise PlanError(
                "--reps, --hold, --sets, --rest and --first-side apply to one exercise, "
                f"not to the routine {item_id!r}; set them per exercise in Settings"
            )
        overrides = dict(options.overrides)
        merged = {**overrides.get(item_id, ExerciseOverride()).to_dict(), **override.to_dict()}
        overrides[item_id] = ExerciseOverride.from_dict(merged)
        options = replace(options, overrides=overrides)
        sets = overrides[item_id].sets or catalogue.exercises[item_id].sets
        if choices.rest_seconds is not None and sets == 1:
            raise PlanError(
                f"{item_id} runs one set: --rest has no rest between sets to change "
                "(choose --sets 2 or more)"
            )
    if choices.prepare_seconds is not None:
        options = replace(options, prepare_seconds=choices.prepare_seconds)
    if choices.verbosity:
        options = replace(options, verbosity=choices.verbosity)
    if choices.rate:
        options = replace(options, rate=choices.rate)
    return compile_plan(catalogue, item_id, options)


def load(extra_catalogues: Sequence[Path] = ()) -> Loaded:
    """Settings, then the built-in catalogue, the user's own and any extra files, in order."""
    where = paths()
    settings, message = load_settings(where.settings_file)
    files: list[Path] = []
    user = where.user_catalogue
    if user.exists() or user.is_symlink():  # a folder or a broken link is reported, not passed over
        files.append(user)
    files += list(extra_catalogues)
    catalogue = load_catalogue(files)
    settings, unfit = settings.fitted(catalogue)  # a saved choice never hides an exercise
    if unfit:
        fits = "; ".join(unfit) + "."
        message = f"{message} {fits}" if message else f"Settings file {where.settings_file}: {fits}"
    return Loaded(where, settings, message, catalogue)
