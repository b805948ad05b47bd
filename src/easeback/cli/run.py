"""``easeback run ID``: open the window and start an exercise or routine at once.

``easeback`` alone opens the window too; both go through ``open_window``.
"""

from __future__ import annotations

import argparse

from easeback.cli.options import add_catalogue_option, add_plan_choices, add_window_options


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="open the window and start an exercise or routine at once")
    p.add_argument("id", type=_an_id, help="exercise or routine id")
    p.add_argument("--compact", action="store_true", help="in the small always-on-top view")
    add_plan_choices(p)
    add_window_options(p, sub=True)
    add_catalogue_option(p, sub=True)
    p.set_defaults(handler=None)  # the window


def _an_id(text: str) -> str:
    """An empty id (``easeback run "$UNSET"``) would open the library as if none were given."""
    if not text.strip():
        raise argparse.ArgumentTypeError("run needs an exercise or routine id (easeback list)")
    return text


def open_window(args: argparse.Namespace) -> int:
    """The window (``args`` as ``easeback.cli.parse_args`` reads them)."""
    from easeback.ui import load_qt

    load_qt()
    from easeback.ui.app import run_app

    return run_app(args)
