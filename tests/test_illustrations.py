"""The exercise illustrations: present for every step, valid, distinct and up to date."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.illustrations import catalogue_steps, illustrations, write_all  # noqa: E402

RESOURCES = REPO / "resources"
STEPS = catalogue_steps(REPO / "exercises.json")
PATHS = sorted({step["illustration"] for _, step in STEPS})
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_every_step_names_an_illustration_that_exists() -> None:
    missing = [
        f"{exercise['id']}/{step['id']}: {step['illustration']}"
        for exercise, step in STEPS
        if not (RESOURCES / step["illustration"]).is_file()
    ]
    assert not missing, "no picture for: " + ", ".join(missing)


def test_illustrations_follow_the_exercise_and_step_ids() -> None:
    for exercise, step in STEPS:
        assert step["illustration"] == f"illustrations/{exercise['id']}/{step['id']}.svg"


@pytest.mark.parametrize("rel", PATHS)
def test_svg_is_well_formed_and_self_contained(rel: str) -> None:
    root = ET.parse(RESOURCES / rel).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 400 300"
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert not tags & {"text", "tspan", "image", "use", "style", "script", "font"}
    text = (RESOURCES / rel).read_text(encoding="utf-8")
    assert "href" not in text
    assert "url(" not in text


@pytest.mark.parametrize("rel", PATHS)
def test_qtsvg_renders_a_visible_picture(qapp, rel: str) -> None:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(RESOURCES / rel))
    assert renderer.isValid()
    image = QImage(200, 150, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    alpha = bytes(image.constBits())[3::4]
    drawn = sum(1 for a in alpha if a)
    # a figure covers a good share of the picture, and the background stays clear
    assert drawn > 0.04 * len(alpha)
    assert alpha[0] == 0


def test_no_two_steps_share_the_same_picture() -> None:
    seen: dict[bytes, str] = {}
    for rel in PATHS:
        data = (RESOURCES / rel).read_bytes()
        assert data not in seen, f"{rel} is identical to {seen.get(data)}"
        seen[data] = rel


def test_committed_pictures_are_what_the_generator_draws(tmp_path: Path) -> None:
    write_all(tmp_path)
    fresh = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.svg")}
    committed = {p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*.svg")}
    committed = {p for p in committed if p.startswith("illustrations/")}
    assert fresh == committed, "run: uv run python -m tools.illustrations"
    stale = [
        rel
        for rel in sorted(fresh)
        if (tmp_path / rel).read_bytes() != (RESOURCES / rel).read_bytes()
    ]
    assert not stale, "stale, run `uv run python -m tools.illustrations`: " + ", ".join(stale)


def test_generator_draws_exactly_the_catalogue_steps() -> None:
    assert sorted(illustrations()) == PATHS


def test_generator_output_is_deterministic() -> None:
    assert illustrations() == illustrations()
