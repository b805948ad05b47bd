"""Regenerate every exercise illustration: ``uv run python -m tools.illustrations``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import RESOURCES, missing, write_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.illustrations", description=__doc__)
    parser.add_argument(
        "--out",
        type=Path,
        default=RESOURCES,
        help="folder to write illustrations/<exercise>/<step>.svg under (default: resources/)",
    )
    args = parser.parse_args(argv)
    gaps = missing()
    if gaps:
        print("no scene for: " + ", ".join(gaps), file=sys.stderr)
        return 1
    paths = write_all(args.out)
    print(f"wrote {len(paths)} illustrations under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
