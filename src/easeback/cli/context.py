"""What every command gets: its arguments, and the user's files when it asks for them."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from easeback.core.catalogue import Catalogue
from easeback.core.loading import Choices, Loaded, load
from easeback.core.paths import Paths
from easeback.core.plan import Plan
from easeback.core.settings import Settings


@dataclass
class CliContext:
    """A command's arguments; the catalogue and settings load, and their warnings go to
    stderr, when the command first asks for them (``easeback status`` never does)."""

    args: argparse.Namespace

    @cached_property
    def loaded(self) -> Loaded:
        loaded = load(self.args.catalogue_files)
        for warning in loaded.warnings():
            print(f"warning: {warning}", file=sys.stderr)
        return loaded

    @property
    def paths(self) -> Paths:
        return self.loaded.paths

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def catalogue(self) -> Catalogue:
        return self.loaded.catalogue

    def plan(self, item_id: str) -> Plan:
        """Compile with the user's settings and any choices given on the command line."""
        return self.loaded.plan(item_id, choices_from_args(self.args))


def choices_from_args(args: argparse.Namespace) -> Choices:
    """The plan choices (``--reps``, ``--hold``...) given on the command line."""
    return Choices(
        reps=getattr(args, "reps", None),
        hold_seconds=getattr(args, "hold", None),
        sets=getattr(args, "sets", None),
        rest_seconds=getattr(args, "rest", None),
        first_side=getattr(args, "first_side", None),
        prepare_seconds=getattr(args, "prepare", None),
        verbosity=getattr(args, "verbosity", None),
        rate=getattr(args, "rate", None),
    )


def catalogue_files(args: argparse.Namespace) -> list[Path]:
    """The ``--catalogue FILE`` options, in order, before and after the command."""
    given = [*(args.catalogue or []), *(getattr(args, "catalogue_after", None) or [])]
    return [Path(p) for p in given]
