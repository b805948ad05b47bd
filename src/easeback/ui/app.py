"""Qt bootstrap (the window is being built; until then, point to the CLI)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from easeback.cli import Context


def run_app(ctx: Context) -> int:
    print(
        "The Easeback window is not built yet. Use the command line meanwhile:\n"
        "  easeback list             exercises and routines\n"
        "  easeback plan ID          the timed plan of one of them\n"
        "  easeback --help           everything else",
        file=sys.stderr,
    )
    return 0
