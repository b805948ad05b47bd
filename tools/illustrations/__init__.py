"""Exercise illustrations: a small pose model that writes one SVG per exercise step.

``uv run python -m tools.illustrations`` regenerates every file under
``resources/illustrations/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .poses import SCENES, SESSION_PICTURES
from .render import handed, render

REPO = Path(__file__).resolve().parents[2]
# The picture for the right side of a step whose picture mirroring would falsify (an
# arrow turning clockwise would turn the other way): "<step>.right.svg", drawn ready
# for the right side, shown as it is instead of the mirrored "<step>.svg".
RIGHT_SUFFIX = ".right.svg"
CATALOGUE = REPO / "exercises.json"
RESOURCES = REPO / "resources"


def catalogue_steps(
    catalogue: Path = CATALOGUE,
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(exercise, step) for every setup and movement step, in catalogue order."""
    data = json.loads(catalogue.read_text(encoding="utf-8"))
    out = []
    for exercise in data["exercises"]:
        for step in exercise.get("setup", []):
            out.append((exercise, step))
        for movement in exercise.get("movements", []):
            for step in movement["steps"]:
                out.append((exercise, step))
    return out


def illustrations() -> dict[str, bytes]:
    """Every picture's path (relative to resources/) and its SVG bytes."""
    out = {}
    for key, scene in SCENES.items():
        try:
            out[f"illustrations/{key}.svg"] = render(scene).encode("utf-8")
            if handed(scene):
                out[f"illustrations/{key}{RIGHT_SUFFIX}"] = render(scene, mirrored=True).encode()
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return out


def session_pictures() -> dict[str, str]:
    """Pictures for the session page that belong to no catalogue step (a rest, an end
    hold): path relative to resources/ and what the picture shows."""
    return {f"illustrations/{key}.svg": text for key, text in SESSION_PICTURES.items()}


def write_all(resources: Path = RESOURCES) -> list[Path]:
    """Write every picture under ``resources``; return the paths written."""
    written = []
    for rel, data in illustrations().items():
        path = resources / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def missing(catalogue: Path = CATALOGUE) -> list[str]:
    """Illustration paths the catalogue names that no scene draws."""
    drawn = set(illustrations())
    return [
        s["illustration"] for _, s in catalogue_steps(catalogue) if s["illustration"] not in drawn
    ]
