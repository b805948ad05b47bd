"""Turn a scene (a pose, a camera, props and motion marks) into SVG text.

The projection is orthographic: the world is turned by the camera's yaw about the
vertical axis, then tipped by its pitch so the viewer looks down on the floor. Parts of
the figure are drawn far to near, each limb as round-capped strokes with a darker rim,
so a near limb reads in front of the trunk. Everything uses one scale, one palette and
one line weight, so every picture matches the others.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .skeleton import (
    LENGTHS,
    SIDES,
    THICKNESS,
    Figure,
    Pose,
    Vec,
    add,
    build,
    interpolate,
    lerp,
    mul,
    sub,
)

WIDTH = 400
HEIGHT = 300
SCALE = 1.65  # pixels per centimetre, the same in every picture
MARGIN = 8.0  # pixels kept clear at the edges
RIM = 1.6  # pixels of darker rim around each part

# Palette: (fill, rim). Mid-tones that read on light and on dark backgrounds: the body,
# the accent and the arrows keep 3:1 contrast against a dark window, the body and the
# rims against a light one.
BODY = ("#72839A", "#3E4A59")
BODY_FAR = ("#9AA6B4", "#6E7B8B")
ACCENT = ("#E8833A", "#B25A1E")
ACCENT_FAR = ("#F2B07C", "#C7793B")
PROP = "#8C98A6"
PROP_FILL_OPACITY = 0.22
ARROW = "#2F8FD8"
ARROW_WIDTH = 4.6
GHOST_OPACITY = 0.4

Point = tuple[float, float]


# --- scene description ----------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """``yaw`` turns the scene about the vertical (degrees; positive swings the
    picture-left end toward the viewer); ``pitch`` looks down from above (degrees)."""

    yaw: float = 0.0
    pitch: float = 0.0


@dataclass(frozen=True)
class Chair:
    """A plain chair facing picture-left. ``front_x`` is the front edge of the seat."""

    front_x: float
    seat_z: float = 45.0
    depth: float = 42.0
    width: float = 44.0
    back_z: float = 92.0


@dataclass(frozen=True)
class Mat:
    """An exercise mat on the floor, from ``x0`` to ``x1`` and ``y0`` to ``y1``."""

    x0: float
    x1: float
    y0: float = -32.0
    y1: float = 32.0


@dataclass(frozen=True)
class Motion:
    """An arrow that follows a point of the figure from the start pose to the pose.

    The point is ``joint``, or with ``pivot`` the point ``reach`` times as far from the
    pivot as the joint is (so the arrow runs clear of the limb), plus ``offset`` (cm).
    ``trim`` cuts that fraction of the path off the start and the end.
    """

    joint: str
    pivot: str | None = None
    reach: float = 1.0
    offset: Vec = (0.0, 0.0, 0.0)
    trim: tuple[float, float] = (0.12, 0.06)


@dataclass(frozen=True)
class Circles:
    """A circular arrow around a joint, clockwise or not as seen in the picture."""

    joint: str
    clockwise: bool
    radius: float = 19.0  # pixels
    shift: Point = (0.0, 0.0)  # pixels, right and down


@dataclass(frozen=True)
class Pulse:
    """A short double arrow beside a joint: small movements up and down."""

    joint: str
    shift: Point = (0.0, 0.0)
    length: float = 30.0  # just room for the two heads: the movement is small


@dataclass(frozen=True)
class Arrow:
    """A straight arrow pointing at a joint, coming from ``angle`` (degrees on screen:
    0 from the right, 90 from below, -90 from above) and stopping ``gap`` px short."""

    joint: str
    angle: float
    length: float = 40.0
    gap: float = 16.0
    shift: Point = (0.0, 0.0)


@dataclass(frozen=True)
class Squeeze:
    """Two short arrows pressing in on a joint (a muscle squeezed), from two angles."""

    joint: str
    angles: tuple[float, float] = (45.0, 135.0)
    length: float = 30.0
    gap: float = 16.0
    shift: Point = (0.0, 0.0)


Mark = Circles | Pulse | Arrow | Squeeze
Prop = Chair | Mat


@dataclass(frozen=True)
class Scene:
    """Everything one picture shows.

    ``accent`` names the parts drawn in the accent colour: ``leg_l``, ``leg_r``,
    ``arm_l``, ``arm_r``, ``glutes`` (the buttock) or ``glute_med`` (the side of the top
    hip). ``start`` is where a movement begins; ``motions`` draw arrows along it and
    ``ghost`` names limbs drawn faintly where they started. Parts are drawn far to
    near; ``front`` names groups (``trunk``, ``leg_l``, ``arm_r``...) to draw last, and
    ``far`` (when given) names the limbs to tint as far-side instead of judging by depth.
    """

    pose: Pose
    camera: Camera
    props: tuple[Prop, ...] = ()
    accent: tuple[str, ...] = ()
    start: Pose | None = None
    motions: tuple[Motion, ...] = ()
    marks: tuple[Mark, ...] = ()
    ghost: tuple[str, ...] = ()
    front: tuple[str, ...] = ()
    far: tuple[str, ...] | None = None


# --- projection -----------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    camera: Camera

    def project(self, p: Vec) -> tuple[float, float, float]:
        """World point to (right, up, depth) in the picture plane, in cm."""
        a = math.radians(self.camera.yaw)
        e = math.radians(self.camera.pitch)
        x = p[0] * math.cos(a) - p[1] * math.sin(a)
        y = p[0] * math.sin(a) + p[1] * math.cos(a)
        z = p[2]
        return x, z * math.cos(e) + y * math.sin(e), y * math.cos(e) - z * math.sin(e)

    def depth(self, p: Vec) -> float:
        return self.project(p)[2]

    def flat(self, p: Vec) -> Point:
        x, v, _ = self.project(p)
        return x * SCALE, -v * SCALE


# --- drawing primitives ---------------------------------------------------------------


@dataclass
class _Shape:
    """One primitive in picture pixels, before the final shift to centre the picture."""

    kind: str  # "line", "dot", "poly", "path"
    points: list[Point]
    width: float = 0.0  # stroke width for lines and paths, radius for dots
    stroke: str | None = None
    fill: str | None = None
    opacity: float = 1.0

    def bounds(self) -> tuple[float, float, float, float]:
        pad = self.width / 2 if self.kind in ("line", "path") else 0.0
        if self.kind == "dot":
            pad = self.width
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _fmt(v: float) -> str:
    text = f"{v:.1f}"
    return "0.0" if text == "-0.0" else text


def _pts(points: Sequence[Point], dx: float, dy: float) -> str:
    return " ".join(f"{_fmt(x + dx)},{_fmt(y + dy)}" for x, y in points)


def _svg(shape: _Shape, dx: float, dy: float) -> str:
    op = ""
    if shape.kind == "dot":
        (x, y) = shape.points[0]
        if shape.opacity < 1:
            op = f' fill-opacity="{shape.opacity:.2f}"'
        return (
            f'<circle cx="{_fmt(x + dx)}" cy="{_fmt(y + dy)}" r="{_fmt(shape.width)}"'
            f' fill="{shape.fill}"{op}/>'
        )
    if shape.kind == "poly":
        attrs = f'fill="{shape.fill or "none"}"'
        if shape.fill and shape.opacity < 1:
            attrs += f' fill-opacity="{shape.opacity:.2f}"'
        if shape.stroke:
            attrs += f' stroke="{shape.stroke}" stroke-width="{_fmt(shape.width)}"'
        return f'<polygon points="{_pts(shape.points, dx, dy)}" {attrs}/>'
    d = "M" + " L".join(f"{_fmt(x + dx)} {_fmt(y + dy)}" for x, y in shape.points)
    if shape.opacity < 1:
        op = f' stroke-opacity="{shape.opacity:.2f}"'
    return (
        f'<path d="{d}" fill="none" stroke="{shape.stroke}"'
        f' stroke-width="{_fmt(shape.width)}"{op}/>'
    )


def _capsule(a: Point, b: Point, width: float, color: str) -> _Shape:
    if math.dist(a, b) < 0.5:
        return _Shape("dot", [a], width / 2, fill=color)
    return _Shape("line", [a, b], width, stroke=color)


# --- the figure -----------------------------------------------------------------------

# (part name, from joint, to joint, thickness key) for each group of the figure
_LEG = (("thigh", "hip", "knee"), ("shin", "knee", "ankle"), ("foot", "heel", "toe"))
_ARM = (
    ("upper_arm", "shoulder", "elbow"),
    ("forearm", "elbow", "wrist"),
    ("hand", "wrist", "hand"),
)


def _group_parts(fig: Figure, group: str) -> list[tuple[Vec, Vec, float]]:
    j = fig.joints
    if group == "trunk":
        p, n = j["pelvis"], j["neck"]
        low = add(p, mul(fig.trunk.u, 3.0))
        high = add(n, mul(fig.trunk.u, -7.0))
        return [
            (j["hip_l"], j["hip_r"], THICKNESS["pelvis"]),
            (low, high, THICKNESS["trunk"]),
            (j["shoulder_l"], j["shoulder_r"], THICKNESS["shoulders"]),
            (n, j["head"], THICKNESS["neck"]),
        ]
    kind, side = group.split("_")
    chain = _LEG if kind == "leg" else _ARM
    return [(j[f"{a}_{side}"], j[f"{b}_{side}"], THICKNESS[name]) for name, a, b in chain]


def _figure_shapes(scene: Scene, view: _View, fig: Figure) -> list[_Shape]:
    j = fig.joints
    centre = view.depth(lerp(j["pelvis"], j["neck"], 0.5))
    groups: list[tuple[float, int, str, list[_Shape]]] = []

    def colours(name: str, root: Vec, anchor: Vec) -> tuple[str, str]:
        # a limb is on the far side when its root is behind the middle of its girdle
        far = view.depth(root) > view.depth(anchor) + 1.0
        if scene.far is not None:
            far = name in scene.far
        if name in scene.accent:
            return ACCENT_FAR if far else ACCENT
        return BODY_FAR if far else BODY

    def group_shapes(
        parts: list[tuple[Vec, Vec, float]], fill: str, rim: str, head: bool = False
    ) -> list[_Shape]:
        rims: list[_Shape] = []
        fills: list[_Shape] = []
        for a, b, thick in parts:
            pa, pb = view.flat(a), view.flat(b)
            rims.append(_capsule(pa, pb, thick * SCALE + 2 * RIM, rim))
            fills.append(_capsule(pa, pb, thick * SCALE, fill))
        if head:
            c = view.flat(j["head"])
            r = LENGTHS["head_r"] * SCALE
            nose = view.flat(j["nose"])
            rims += [
                _Shape("dot", [c], r + RIM, fill=rim),
                _Shape("dot", [nose], 3.2 + RIM, fill=rim),
            ]
            fills += [_Shape("dot", [nose], 3.2, fill=fill), _Shape("dot", [c], r, fill=fill)]
        return rims + fills

    fill, rim = BODY
    trunk = group_shapes(_group_parts(fig, "trunk"), fill, rim, head=True)
    groups.append((centre, 1, "trunk", trunk))

    for kind in ("leg", "arm"):
        for side in SIDES:
            name = f"{kind}_{side}"
            root = j[f"hip_{side}"] if kind == "leg" else j[f"shoulder_{side}"]
            parts = _group_parts(fig, name)
            depth = sum(view.depth(p) for a, b, _ in parts for p in (a, b)) / (2 * len(parts))
            f, r = colours(name, root, j["pelvis"] if kind == "leg" else j["neck"])
            groups.append((depth, 2, name, group_shapes(parts, f, r)))

    # muscle highlights lie on the skin over the trunk and the hips
    patches: list[tuple[float, int, str, list[_Shape]]] = []
    for name, spot, length, thick in (
        ("glutes", "glute", 4.0, 11.0),
        ("glute_med", "glute_med", 4.5, 10.0),
    ):
        if name not in scene.accent:
            continue
        a = add(j[spot], mul(fig.pelvis.u, length))
        b = add(j[spot], mul(fig.pelvis.u, -length))
        pa, pb = view.flat(a), view.flat(b)
        shapes = [
            _capsule(pa, pb, thick * SCALE + 2 * RIM, ACCENT[1]),
            _capsule(pa, pb, thick * SCALE, ACCENT[0]),
        ]
        patches.append((centre, 1, name, shapes))

    groups.sort(key=lambda g: (-round(g[0], 3), g[1]))
    # groups the scene wants in front go last, in the order it names them
    rank = {name: i for i, name in enumerate(scene.front)}
    groups.sort(key=lambda g: rank.get(g[2], -1))
    # ... drawn over the trunk and legs, under the arms
    after = max(i for i, g in enumerate(groups) if g[2] in ("trunk", "leg_l", "leg_r"))
    groups[after + 1 : after + 1] = patches
    out: list[_Shape] = []
    for _, _, _, shapes in groups:
        out += shapes
    return out


# --- props, arrows and marks ----------------------------------------------------------


def _prop_shapes(prop: Prop, view: _View) -> list[_Shape]:
    w = 2.2
    if isinstance(prop, Mat):
        corners = [(prop.x0, prop.y0, 0.0), (prop.x1, prop.y0, 0.0), (prop.x1, prop.y1, 0.0)]
        corners.append((prop.x0, prop.y1, 0.0))
        flat = [view.flat(c) for c in corners]
        edges = [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
        # the edge nearest the viewer, drawn as the floor line
        a, b = min(edges, key=lambda e: (view.depth(e[0]) + view.depth(e[1]), e[0]))
        return [
            _Shape("poly", flat, fill=PROP, opacity=PROP_FILL_OPACITY),
            _Shape("line", [view.flat(a), view.flat(b)], w + 0.6, stroke=PROP),
        ]
    c = prop
    x0, x1 = c.front_x, c.front_x + c.depth
    y0, y1 = -c.width / 2, c.width / 2
    z = c.seat_z
    seat = [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]
    shapes = [_Shape("poly", [view.flat(p) for p in seat], fill=PROP, opacity=PROP_FILL_OPACITY)]
    shapes.append(_Shape("poly", [view.flat(p) for p in seat], 0, fill=None))
    back = [(x1, y0, z), (x1, y1, z), (x1, y1, c.back_z), (x1, y0, c.back_z)]
    shapes.append(
        _Shape("poly", [view.flat(p) for p in back], fill=PROP, opacity=PROP_FILL_OPACITY)
    )
    legs = [(x0 + 2, y0 + 2), (x1 - 2, y0 + 2), (x0 + 2, y1 - 2), (x1 - 2, y1 - 2)]
    # far legs first, so near ones overlap them
    legs.sort(key=lambda q: -view.depth((q[0], q[1], 0.0)))
    for lx, ly in legs:
        shapes.append(
            _Shape("line", [view.flat((lx, ly, 0.0)), view.flat((lx, ly, z))], w + 1.2, stroke=PROP)
        )
    for a, b in ((seat[0], seat[1]), (seat[0], seat[3]), (seat[1], seat[2]), (seat[2], seat[3])):
        shapes.append(_Shape("line", [view.flat(a), view.flat(b)], w + 1.2, stroke=PROP))
    for a, b in ((back[1], back[2]), (back[0], back[3]), (back[2], back[3])):
        shapes.append(_Shape("line", [view.flat(a), view.flat(b)], w + 1.2, stroke=PROP))
    return [s for s in shapes if s.kind != "poly" or s.fill]


def _arrow_head(tip: Point, toward: Point, size: float = 13.0) -> _Shape:
    dx, dy = tip[0] - toward[0], tip[1] - toward[1]
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    base = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.62
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    tip2 = (tip[0] + ux * 2.0, tip[1] + uy * 2.0)
    return _Shape("poly", [tip2, left, right], fill=ARROW)


def _arrow(points: list[Point], heads: tuple[bool, bool] = (False, True)) -> list[_Shape]:
    """A stroked path with arrowheads; the stroke stops short under each head."""
    size = 13.0

    def cut(pts: list[Point]) -> tuple[list[Point], Point, Point]:
        # walk back from the end until `size` pixels have been removed
        tip = pts[-1]
        remain = size * 0.8
        pts = pts[:]
        while len(pts) > 1:
            a, b = pts[-2], pts[-1]
            seg = math.dist(a, b)
            if seg >= remain:
                t = remain / seg
                new_end = (b[0] + (a[0] - b[0]) * t, b[1] + (a[1] - b[1]) * t)
                pts[-1] = new_end
                return pts, tip, new_end
            remain -= seg
            pts.pop()
        return pts, tip, pts[-1]

    shapes: list[_Shape] = []
    pts = points[:]
    if heads[1]:
        pts, tip, base = cut(pts)
        shapes.append(_arrow_head(tip, base, size))
    if heads[0]:
        rev, tip, base = cut(pts[::-1])
        pts = rev[::-1]
        shapes.append(_arrow_head(tip, base, size))
    shapes.insert(0, _Shape("path", pts, ARROW_WIDTH, stroke=ARROW))
    return shapes


def _trim(points: list[Point], start: float, end: float) -> list[Point]:
    """Cut fractions of the path length off its start and end."""
    cum = [0.0]
    for a, b in itertools.pairwise(points):
        cum.append(cum[-1] + math.dist(a, b))
    total = cum[-1]
    lo, hi = total * start, total * (1.0 - end)

    def at(s: float) -> Point:
        for i in range(len(points) - 1):
            if cum[i + 1] >= s and cum[i + 1] > cum[i]:
                t = (s - cum[i]) / (cum[i + 1] - cum[i])
                a, b = points[i], points[i + 1]
                return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        return points[-1]

    inner = [p for p, c in zip(points, cum, strict=True) if lo < c < hi]
    return [at(lo), *inner, at(hi)]


def _motion_shapes(scene: Scene, motion: Motion, view: _View) -> list[_Shape]:
    if scene.start is None:
        raise ValueError("a motion arrow needs the scene's start pose")
    steps = 40
    pts: list[Point] = []
    for i in range(steps + 1):
        fig = build(interpolate(scene.start, scene.pose, i / steps), strict=False)
        p = fig.joints[motion.joint]
        if motion.pivot is not None:
            piv = fig.joints[motion.pivot]
            p = add(piv, mul(sub(p, piv), motion.reach))
        pts.append(view.flat(add(p, motion.offset)))
    pts = _trim(pts, *motion.trim)
    if len(pts) < 2 or sum(math.dist(a, b) for a, b in itertools.pairwise(pts)) < 14:
        raise ValueError(f"the motion of {motion.joint} is too short to draw")
    return _arrow(pts)


def _mark_shapes(mark: Mark, fig: Figure, view: _View, mirrored: bool) -> list[_Shape]:
    cx, cy = view.flat(fig.joints[mark.joint])
    cx, cy = cx + mark.shift[0], cy + mark.shift[1]
    if isinstance(mark, Circles):
        # On screen y points down, so a growing angle turns clockwise. A picture about to
        # be mirrored gets the other turn, so it turns the named way once mirrored.
        clockwise = mark.clockwise != mirrored
        sweep = 290.0
        start = -60.0 if clockwise else 240.0
        sign = 1.0 if clockwise else -1.0
        pts = []
        for i in range(37):
            a = math.radians(start + sign * sweep * i / 36)
            pts.append((cx + mark.radius * math.cos(a), cy + mark.radius * math.sin(a)))
        return _arrow(pts)
    if isinstance(mark, Pulse):
        h = mark.length / 2
        return _arrow([(cx, cy - h), (cx, cy + h)], heads=(True, True))
    if isinstance(mark, Arrow):
        return _pointer(cx, cy, mark.angle, mark.length, mark.gap)
    shapes: list[_Shape] = []
    for angle in mark.angles:
        shapes += _pointer(cx, cy, angle, mark.length, mark.gap)
    return shapes


def _pointer(cx: float, cy: float, angle: float, length: float, gap: float) -> list[_Shape]:
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    start = (cx + ux * (gap + length), cy + uy * (gap + length))
    return _arrow([start, (cx + ux * gap, cy + uy * gap)])


def _ghost_shapes(scene: Scene, view: _View) -> list[_Shape]:
    if scene.start is None or not scene.ghost:
        return []
    fig = build(scene.start)
    out = []
    for name in scene.ghost:
        kind, side = name.split("_")
        chain = ("hip", "knee", "ankle", "toe") if kind == "leg" else ("shoulder", "elbow", "wrist")
        pts = [view.flat(fig.joints[f"{c}_{side}"]) for c in chain]
        colour = ACCENT_FAR[0] if name in scene.accent else BODY_FAR[0]
        out.append(
            _Shape("path", pts, THICKNESS["shin"] * SCALE, stroke=colour, opacity=GHOST_OPACITY)
        )
    return out


# --- the picture ----------------------------------------------------------------------


def handed(scene: Scene) -> bool:
    """Whether mirroring the picture would change what it says (a turning arrow)."""
    return any(isinstance(mark, Circles) for mark in scene.marks)


def shapes_for(scene: Scene, mirrored: bool = False) -> list[_Shape]:
    """The scene's primitives; ``mirrored`` flips them left to right, as for the right
    side, except that circle arrows still turn the way the scene names."""
    view = _View(scene.camera)
    fig = build(scene.pose)
    shapes: list[_Shape] = []
    for prop in scene.props:
        shapes += _prop_shapes(prop, view)
    shapes += _ghost_shapes(scene, view)
    shapes += _figure_shapes(scene, view, fig)
    for motion in scene.motions:
        shapes += _motion_shapes(scene, motion, view)
    for mark in scene.marks:
        shapes += _mark_shapes(mark, fig, view, mirrored)
    if mirrored:
        for shape in shapes:
            shape.points = [(-x, y) for x, y in shape.points]
    return shapes


def render(scene: Scene, mirrored: bool = False) -> str:
    """SVG text of the scene: same scene, same bytes. ``mirrored`` draws the right
    side's picture (see ``shapes_for``)."""
    shapes = shapes_for(scene, mirrored)
    boxes = [s.bounds() for s in shapes]
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y1 = max(b[3] for b in boxes)
    if x1 - x0 > WIDTH - 2 * MARGIN or y1 - y0 > HEIGHT - 2 * MARGIN:
        raise ValueError(f"drawing is {x1 - x0:.0f} x {y1 - y0:.0f} px, too big for the picture")
    dx = WIDTH / 2 - (x0 + x1) / 2
    dy = HEIGHT / 2 - (y0 + y1) / 2
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1"'
        f' width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        '<g stroke-linecap="round" stroke-linejoin="round">',
    ]
    lines += [_svg(s, dx, dy) for s in shapes]
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)
