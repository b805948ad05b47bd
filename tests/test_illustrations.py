"""The exercise illustrations: present for every step, valid, distinct and up to date."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import math
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.illustrations import (  # noqa: E402
    RIGHT_SUFFIX,
    catalogue_steps,
    illustrations,
    poses,
    session_pictures,
    write_all,
)
from tools.illustrations.render import ACCENT, ARROW, BODY, Chair, Circles, Scene  # noqa: E402
from tools.illustrations.skeleton import LENGTHS, Figure, Vec, build, dot, lerp, sub  # noqa: E402

RESOURCES = REPO / "resources"
STEPS = catalogue_steps(REPO / "exercises.json")
STEP_PATHS = sorted({step["illustration"] for _, step in STEPS})
SESSION_PATHS = sorted(session_pictures())
# every picture the app shows as it is, or mirrored for the right side
PATHS = sorted(set(STEP_PATHS) | set(SESSION_PATHS))
RIGHT_PATHS = sorted(p for p in illustrations() if p.endswith(RIGHT_SUFFIX))
SVG_NS = "{http://www.w3.org/2000/svg}"
INCH = 2.54  # cm


def test_the_session_page_pictures_exist_at_their_agreed_paths() -> None:
    # the catalogue and the session page name these paths
    assert SESSION_PATHS == [
        "illustrations/glute-med-side-lying/end-hold.svg",
        "illustrations/rest/on-back.svg",
        "illustrations/rest/on-side.svg",
        "illustrations/rest/seated.svg",
    ]
    for rel in SESSION_PATHS:
        assert (RESOURCES / rel).is_file(), rel


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


@pytest.mark.parametrize("rel", PATHS + RIGHT_PATHS)
def test_svg_is_well_formed_and_self_contained(rel: str) -> None:
    root = ET.parse(RESOURCES / rel).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 400 300"
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert not tags & {"text", "tspan", "image", "use", "style", "script", "font"}
    text = (RESOURCES / rel).read_text(encoding="utf-8")
    assert "href" not in text
    assert "url(" not in text


@pytest.mark.parametrize("rel", PATHS + RIGHT_PATHS)
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


def test_no_two_pictures_are_the_same() -> None:
    seen: dict[bytes, str] = {}
    for rel in PATHS + RIGHT_PATHS:
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


def test_generator_draws_exactly_the_catalogue_steps_and_the_session_pictures() -> None:
    drawn = set(illustrations())
    rights = {p for p in drawn if p.endswith(RIGHT_SUFFIX)}
    assert sorted(drawn - rights) == PATHS


def test_generator_output_is_deterministic() -> None:
    assert illustrations() == illustrations()


# --- what the pictures show, from the generator's pose data ----------------------------


def _elevation(a: Vec, b: Vec) -> float:
    """Degrees the line from ``a`` to ``b`` climbs above the floor's plane."""
    d = sub(b, a)
    return math.degrees(math.atan2(d[2], math.hypot(d[0], d[1])))


def _scene(key: str) -> Scene:
    return poses.SCENES[key]


def _hip_extension(fig: Figure) -> float:
    """Degrees the top thigh points behind the line of the trunk (negative: in front)."""
    thigh = sub(fig.joints["knee_l"], fig.joints["hip_l"])
    back = -dot(thigh, fig.pelvis.f)
    down = -dot(thigh, fig.pelvis.u)
    return math.degrees(math.atan2(back, down))


SIDE_LYING = [key for key, scene in poses.SCENES.items() if scene.pose.orientation == "side"]


@pytest.mark.parametrize("key", SIDE_LYING)
def test_side_lying_trunk_lies_on_the_floor_not_propped_up(key: str) -> None:
    fig = build(_scene(key).pose)
    j = fig.joints
    # hips to shoulders nearly level, and the bottom shoulder down at the floor
    assert abs(_elevation(j["pelvis"], j["neck"])) < 12.0
    assert j["shoulder_r"][2] < 12.0


def test_glute_medius_head_rests_on_the_bottom_hand() -> None:
    for key in ("lie-on-side", "find-muscle", "lift", "sweep-back", "set-down", "end-hold"):
        j = build(_scene(f"glute-med-side-lying/{key}").pose).joints
        # the bottom hand is just under the head, and the elbow is down on the floor
        head_bottom = j["head"][2] - LENGTHS["head_r"]
        assert math.dist(j["hand_r"], j["head"]) < LENGTHS["head_r"] + 6.0, key
        assert j["hand_r"][2] < j["head"][2], key
        assert head_bottom < 20.0, key
        assert j["elbow_r"][2] < 8.0, key


RAISES = {
    # picture: the pose the leg is raised from
    "glute-med-side-lying/lift": "glute-med-side-lying/find-muscle",
    "glute-med-side-lying/sweep-back": "glute-med-side-lying/find-muscle",
    "glute-med-side-lying/end-hold": "glute-med-side-lying/find-muscle",
    "side-lying-hip-series/leg-raise-up": "side-lying-hip-series/leg-raise-down",
    "side-lying-hip-series/pulse": "side-lying-hip-series/leg-raise-down",
    "side-lying-hip-series/circles-clockwise": "side-lying-hip-series/leg-raise-down",
    "side-lying-hip-series/circles-counterclockwise": "side-lying-hip-series/leg-raise-down",
}


@pytest.mark.parametrize("key", sorted(RAISES))
def test_the_straight_leg_is_raised_a_few_inches_not_a_big_angle(key: str) -> None:
    up = build(_scene(key).pose).joints
    rest = build(_scene(RAISES[key]).pose).joints
    rise = up["ankle_l"][2] - rest["ankle_l"][2]
    assert 1.0 * INCH <= rise <= 5.0 * INCH, f"{key}: the ankle rises {rise:.1f} cm"
    # the leg stays close to level: nothing like the 25 degrees it once was
    assert _elevation(up["hip_l"], up["ankle_l"]) < 10.0
    raise_angle = _elevation(up["hip_l"], up["ankle_l"]) - _elevation(
        rest["hip_l"], rest["ankle_l"]
    )
    assert 0.0 < raise_angle < 10.0, f"{key}: raised {raise_angle:.1f} degrees"


@pytest.mark.parametrize("key", ["sweep-back", "end-hold"])
def test_the_sweep_back_goes_behind_the_body_by_at_most_15_degrees(key: str) -> None:
    fig = build(_scene(f"glute-med-side-lying/{key}").pose)
    extension = _hip_extension(fig)
    assert 5.0 <= extension <= 15.0, f"{key}: {extension:.1f} degrees of hip extension"
    # and it is behind where the lift left it
    lift = build(_scene("glute-med-side-lying/lift").pose)
    assert _hip_extension(lift) < 0.0 < extension


def test_the_sweep_back_is_seen_from_above_so_behind_reads_as_up_the_picture() -> None:
    # moving the top foot toward the figure's back moves it up the picture, and more so
    # than it moves across, so the arrow says "behind you", not "higher"
    from tools.illustrations.render import _View

    scene = _scene("glute-med-side-lying/sweep-back")
    assert scene.start is not None
    view = _View(scene.camera)
    before = view.flat(build(scene.start).joints["ankle_l"])
    after = view.flat(build(scene.pose).joints["ankle_l"])
    up, across = before[1] - after[1], abs(after[0] - before[0])
    assert up > 2 * across
    # and a lift of the foot straight up would barely move it in this view
    assert math.cos(math.radians(scene.camera.pitch)) < 0.5


def test_seated_cradle_sits_near_the_front_and_the_thigh_is_in_front_of_the_trunk() -> None:
    from tools.illustrations.render import _View

    for key in ("sit-tall", "raise-knee", "hold"):
        scene = _scene(f"seated-leg-to-chest/{key}")
        chair = scene.props[0]
        assert isinstance(chair, Chair)
        j = build(scene.pose).joints
        # the hip joints sit within the front half of the seat
        assert j["hip_l"][0] - chair.front_x < chair.depth / 2, key
    scene = _scene("seated-leg-to-chest/hold")
    j = build(scene.pose).joints
    view = _View(scene.camera)
    mid_thigh = lerp(j["hip_l"], j["knee_l"], 0.5)
    # nearer the viewer than the middle of the trunk, and drawn after it
    assert view.depth(mid_thigh) < view.depth(j["waist"]) - 5.0
    assert "leg_l" in scene.front
    # a front three-quarter view: the figure's front is turned toward the viewer
    assert 30.0 <= scene.camera.yaw <= 60.0


def test_rotation_knees_roll_to_the_figures_left_on_the_pictures_left() -> None:
    from tools.illustrations.render import _View

    scene = _scene("lower-back-rotation/roll-knees")
    assert scene.start is not None
    assert scene.motions
    view = _View(scene.camera)
    start = build(scene.start).joints
    end = build(scene.pose).joints
    # the knees go to the figure's left (world -y) ...
    assert end["knee_l"][1] < start["knee_l"][1] - 20.0
    # ... which is the picture's left, seen from behind the head, and the arrow says so
    assert view.flat(end["knee_l"])[0] < view.flat(start["knee_l"])[0] - 20.0
    path = _arrow_paths(RESOURCES / "illustrations/lower-back-rotation/roll-knees.svg")[0]
    assert path[-1][0] < path[0][0] - 20.0
    # the upright knees stay visible faintly, so the roll has a start
    assert set(scene.ghost) == {"leg_l", "leg_r"}


@pytest.mark.parametrize("key", ["rest/on-back", "rest/on-side", "rest/seated"])
def test_a_rest_picture_shows_no_movement(key: str) -> None:
    scene = _scene(key)
    assert not scene.motions
    assert not scene.marks
    assert scene.start is None
    text = (RESOURCES / f"illustrations/{key}.svg").read_text(encoding="utf-8")
    assert ARROW not in text


def test_the_end_hold_is_the_swept_leg_held_still() -> None:
    hold = _scene("glute-med-side-lying/end-hold")
    assert hold.pose == _scene("glute-med-side-lying/sweep-back").pose
    assert not hold.motions
    assert not hold.marks
    assert ARROW not in (RESOURCES / "illustrations/glute-med-side-lying/end-hold.svg").read_text()


def test_rest_on_the_back_has_knees_bent_and_on_the_side_lies_down() -> None:
    back = build(_scene("rest/on-back").pose).joints
    for s in "lr":
        assert back[f"knee_{s}"][2] > back[f"hip_{s}"][2] + 15.0
        assert back[f"ankle_{s}"][2] < 10.0
    lying = build(_scene("rest/on-side").pose).joints
    # both legs down: no foot higher than its own hip, the top one resting low
    assert lying["ankle_l"][2] < lying["hip_l"][2] - 5.0
    assert lying["ankle_r"][2] <= lying["hip_r"][2] + 0.5


# --- which way the circle arrows turn ----------------------------------------------------


def _arrow_paths(path: Path) -> list[list[tuple[float, float]]]:
    """The points of every arrow stroke in an SVG, as drawn (y down)."""
    root = ET.parse(path).getroot()
    out = []
    for el in root.iter(f"{SVG_NS}path"):
        if el.get("stroke") != ARROW:
            continue
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", el.get("d", ""))]
        out.append(list(zip(nums[0::2], nums[1::2], strict=True)))
    return out


def _turns_clockwise_on_screen(points: list[tuple[float, float]], mirrored: bool) -> bool:
    if mirrored:
        points = [(-x, y) for x, y in points]
    # shoelace area; with y pointing down, a positive area turns clockwise on screen
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points))
    return area > 0


CIRCLES = [
    (key, mark.clockwise)
    for key, scene in poses.SCENES.items()
    for mark in scene.marks
    if isinstance(mark, Circles)
]


def test_the_series_has_a_circle_picture_each_way() -> None:
    assert sorted(way for _, way in CIRCLES) == [False, True]


@pytest.mark.parametrize(("key", "clockwise"), CIRCLES)
def test_circle_arrow_turns_the_way_the_step_names_on_the_left_side(
    key: str, clockwise: bool
) -> None:
    (arrow,) = _arrow_paths(RESOURCES / f"illustrations/{key}.svg")
    assert _turns_clockwise_on_screen(arrow, mirrored=False) is clockwise
    assert ("counterclockwise" in key) is not clockwise


@pytest.mark.parametrize(("key", "clockwise"), CIRCLES)
def test_right_side_circle_picture_turns_the_way_the_step_names(key: str, clockwise: bool) -> None:
    plain = RESOURCES / f"illustrations/{key}.svg"
    right = RESOURCES / f"illustrations/{key}{RIGHT_SUFFIX}"
    # mirroring the left side's picture, as the app does for the right side, would
    # turn the arrow the other way ...
    (arrow,) = _arrow_paths(plain)
    assert _turns_clockwise_on_screen(arrow, mirrored=True) is not clockwise
    # ... so the right side has its own picture, shown as it is: the figure mirrored,
    # the arrow still turning the named way
    (right_arrow,) = _arrow_paths(right)
    assert _turns_clockwise_on_screen(right_arrow, mirrored=False) is clockwise


def test_only_pictures_with_a_turning_arrow_get_a_right_side_picture() -> None:
    expected = sorted(f"illustrations/{key}{RIGHT_SUFFIX}" for key, _ in CIRCLES)
    assert expected == RIGHT_PATHS


# --- contrast against the window behind the picture ------------------------------------

LIGHT_WINDOW = "#FAFAF7"
DARK_WINDOW = "#202327"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_figure_and_arrows_keep_3_to_1_contrast_on_a_dark_window() -> None:
    for colour in (BODY[0], ACCENT[0], ARROW):
        assert _contrast(colour, DARK_WINDOW) >= 3.0, colour


def test_the_figure_outline_and_arrows_keep_3_to_1_contrast_on_a_light_window() -> None:
    for colour in (BODY[0], BODY[1], ACCENT[1], ARROW):
        assert _contrast(colour, LIGHT_WINDOW) >= 3.0, colour
