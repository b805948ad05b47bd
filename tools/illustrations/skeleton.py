"""A stick-and-capsule human figure: segment lengths, joint angles, forward kinematics.

Units are centimetres in a right-handed world: x to the right of the picture, y away
from the viewer, z up; the floor is z = 0. The body frame of the pelvis has three axes:
``f`` (the way the belly faces), ``l`` (toward the body's left side) and ``u`` (toward
the head). Limbs hang from that frame and are turned by anatomical joint angles in
degrees, or placed by two-bone inverse kinematics when a hand or foot must touch a
point (a foot flat on the floor, a hand on a shin).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

Vec = tuple[float, float, float]

# Segment lengths (cm) of one adult figure, shared by every picture.
LENGTHS: Mapping[str, float] = {
    "trunk": 50.0,  # hip centre to shoulder centre
    "neck": 9.0,  # shoulder centre to the base of the head
    "head_r": 11.0,  # head radius
    "hip_half": 9.0,  # half the distance between the hip joints
    "shoulder_half": 17.0,  # half the distance between the shoulder joints
    "thigh": 44.0,
    "shin": 42.0,
    "foot": 15.0,  # ankle to toes
    "heel": 5.0,  # ankle back to heel
    "upper_arm": 31.0,
    "forearm": 26.0,
    "hand": 8.0,
}

# Drawn thickness (cm) of each part, as the diameter of a capsule.
THICKNESS: Mapping[str, float] = {
    "trunk": 25.0,
    "pelvis": 20.0,
    "shoulders": 14.0,
    "neck": 9.0,
    "thigh": 13.0,
    "shin": 10.0,
    "foot": 6.5,
    "upper_arm": 9.0,
    "forearm": 7.5,
    "hand": 7.0,
}


# --- small vector helpers -------------------------------------------------------------


def add(*vs: Vec) -> Vec:
    return (sum(v[0] for v in vs), sum(v[1] for v in vs), sum(v[2] for v in vs))


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def mul(a: Vec, k: float) -> Vec:
    return (a[0] * k, a[1] * k, a[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(a: Vec) -> float:
    return math.sqrt(dot(a, a))


def unit(a: Vec) -> Vec:
    n = norm(a)
    if n < 1e-9:
        raise ValueError("cannot normalise a zero vector")
    return mul(a, 1.0 / n)


def lerp(a: Vec, b: Vec, t: float) -> Vec:
    return add(mul(a, 1.0 - t), mul(b, t))


def rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """Rotate ``v`` about ``axis`` by ``degrees`` (right-hand rule)."""
    if degrees == 0:
        return v
    k = unit(axis)
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return add(mul(v, c), mul(cross(k, v), s), mul(k, dot(k, v) * (1.0 - c)))


@dataclass(frozen=True)
class Frame:
    """An orthonormal frame: forward, left and up."""

    f: Vec
    l: Vec  # noqa: E741 - the body's left axis
    u: Vec

    def turned(self, axis: Vec, degrees: float) -> Frame:
        return Frame(
            rotate(self.f, axis, degrees),
            rotate(self.l, axis, degrees),
            rotate(self.u, axis, degrees),
        )

    def local(self, p: Vec) -> Vec:
        """A point given as (forward, left, up) in this frame, as a world offset."""
        return add(mul(self.f, p[0]), mul(self.l, p[1]), mul(self.u, p[2]))


# Whole-body orientations the poses start from (the figure always faces picture-left or
# the viewer, so its LEFT side is the one nearer the viewer or on top).
ORIENTATIONS: Mapping[str, Frame] = {
    # standing or sitting, facing picture-left: the left side faces the viewer
    "upright": Frame(f=(-1.0, 0.0, 0.0), l=(0.0, -1.0, 0.0), u=(0.0, 0.0, 1.0)),
    # lying on the back, head to picture-right: the left side faces the viewer
    "supine": Frame(f=(0.0, 0.0, 1.0), l=(0.0, -1.0, 0.0), u=(1.0, 0.0, 0.0)),
    # lying on the right side, head to picture-left, facing the viewer: left side on top
    "side": Frame(f=(0.0, -1.0, 0.0), l=(0.0, 0.0, 1.0), u=(-1.0, 0.0, 0.0)),
}


# --- pose description -----------------------------------------------------------------


@dataclass(frozen=True)
class At:
    """A point for a hand or foot to reach: a world point, or a point on the figure.

    ``joint`` names a joint already placed (see ``Figure.joints``); ``toward`` and ``t``
    pick a point part-way to a second joint; ``offset`` (cm, world axes) is added last.
    """

    joint: str | None = None
    toward: str | None = None
    t: float = 0.0
    offset: Vec = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Limb:
    """One arm or leg.

    By angles (degrees): ``flex`` swings the limb forward from hanging down, ``abd``
    takes it out to its own side, ``rot`` turns it inward about its own axis, ``bend``
    folds the knee (shin goes back) or the elbow (forearm comes forward), and ``end``
    tips the foot down or the hand.

    Or by reach: ``reach`` is where the ankle or wrist must be, ``pole`` the world
    direction the knee or elbow points to, and ``end_dir`` the world direction of the
    foot (ankle to toes) or hand.
    """

    flex: float = 0.0
    abd: float = 0.0
    rot: float = 0.0
    bend: float = 0.0
    end: float = 0.0
    reach: At | Vec | None = None
    pole: Vec | None = None
    end_dir: Vec | None = None


@dataclass(frozen=True)
class Pose:
    """A whole-body pose.

    ``pelvis`` is the world position of the point midway between the hip joints.
    ``orientation`` names a frame in ORIENTATIONS, then ``pitch`` tips the pelvis
    forward (about its left axis), ``roll`` turns it about its long axis (positive rolls
    the left side forward and up), and ``lean`` tips the trunk further forward at the
    hips, ``side_bend`` toward the left, ``twist`` turns the shoulders toward the left,
    ``nod`` tips the head forward.
    """

    orientation: str
    pelvis: Vec
    pitch: float = 0.0
    roll: float = 0.0
    lean: float = 0.0
    side_bend: float = 0.0
    twist: float = 0.0
    nod: float = 0.0
    legs: Mapping[str, Limb] = field(default_factory=dict)
    arms: Mapping[str, Limb] = field(default_factory=dict)


@dataclass
class Figure:
    """Joint positions (world, cm) and the frames of the pelvis, trunk and head."""

    joints: dict[str, Vec]
    pelvis: Frame
    trunk: Frame
    head: Frame


SIDES = ("l", "r")


def _sign(side: str) -> float:
    return 1.0 if side == "l" else -1.0


def _resolve(target: At | Vec, joints: Mapping[str, Vec]) -> Vec:
    if not isinstance(target, At):
        return target
    if target.joint is None:
        return target.offset
    p = joints[target.joint]
    if target.toward is not None:
        p = lerp(p, joints[target.toward], target.t)
    return add(p, target.offset)


def two_bone(
    root: Vec, target: Vec, a: float, b: float, pole: Vec, strict: bool = True
) -> tuple[Vec, Vec]:
    """Place the middle joint of a two-bone chain so the end reaches ``target``.

    Raises ValueError when the target is out of reach, so a pose cannot silently leave
    a hand floating short of the shin it should hold.
    """
    d_vec = sub(target, root)
    d = norm(d_vec)
    if strict and d > a + b + 0.5:
        raise ValueError(f"target {d:.1f} cm away is out of reach ({a + b:.1f} cm)")
    d = min(max(d, abs(a - b) + 1e-3), a + b - 1e-3)
    axis = unit(d_vec)
    along = (a * a - b * b + d * d) / (2.0 * d)
    h = math.sqrt(max(a * a - along * along, 0.0))
    perp = sub(pole, mul(axis, dot(pole, axis)))
    perp = unit(perp)
    mid = add(root, mul(axis, along), mul(perp, h))
    end = add(root, mul(axis, d))
    return mid, end


def _limb_by_angles(
    frame: Frame, side: str, limb: Limb, arm: bool
) -> tuple[Vec, Vec, Frame, Frame]:
    """Direction of the upper and lower segment and their frames, from joint angles."""
    s = _sign(side)
    fr = frame
    # flexion: the hanging limb (-u) swings toward f, about -l
    fr = fr.turned(mul(fr.l, -1.0), limb.flex)
    down = mul(fr.u, -1.0)
    # abduction: out toward the limb's own side
    fr = fr.turned(cross(down, mul(fr.l, s)), limb.abd)
    down = mul(fr.u, -1.0)
    # internal rotation about the limb axis (front turns toward the midline)
    fr = fr.turned(mul(down, s), limb.rot)
    upper_dir = mul(fr.u, -1.0)
    # knee folds the shin backward; elbow folds the forearm forward
    lower = fr.turned(fr.l, limb.bend if not arm else -limb.bend)
    lower_dir = mul(lower.u, -1.0)
    return upper_dir, lower_dir, fr, lower


def build(pose: Pose, strict: bool = True) -> Figure:
    """Forward kinematics: every joint position of ``pose``.

    With ``strict``, a hand or foot that cannot reach its point is an error; without,
    the limb stretches toward it (for in-between poses along a movement)."""
    L = LENGTHS
    base = ORIENTATIONS[pose.orientation]
    # turning about +l tips u toward f (forward); about -f tips u toward l (left)
    pelvis = base.turned(base.l, pose.pitch)
    pelvis = pelvis.turned(pelvis.u, -pose.roll)
    trunk = pelvis.turned(pelvis.l, pose.lean)
    trunk = trunk.turned(mul(trunk.f, -1.0), pose.side_bend)
    trunk = trunk.turned(trunk.u, pose.twist)
    head = trunk.turned(trunk.l, pose.nod)

    j: dict[str, Vec] = {}
    p0 = pose.pelvis
    j["pelvis"] = p0
    j["neck"] = add(p0, mul(trunk.u, L["trunk"]))
    j["head"] = add(j["neck"], mul(head.u, L["neck"] + L["head_r"]))
    j["nose"] = add(j["head"], mul(head.f, L["head_r"] * 0.9), mul(head.u, -2.0))
    j["waist"] = add(p0, mul(trunk.u, L["trunk"] * 0.45))
    for side in SIDES:
        s = _sign(side)
        j[f"hip_{side}"] = add(p0, mul(pelvis.l, s * L["hip_half"]))
        j[f"shoulder_{side}"] = add(j["neck"], mul(trunk.l, s * L["shoulder_half"]))
    # muscle landmarks for highlights: the near buttock, and the side of the top hip
    j["glute"] = add(p0, pelvis.local((-7.0, 6.0, -3.0)))
    j["glute_med"] = add(j["hip_l"], pelvis.local((-4.0, 5.0, 8.0)))

    # a foot may be placed against the other leg: place legs that need nothing first
    def needs(limb: Limb) -> str | None:
        return limb.reach.joint if isinstance(limb.reach, At) else None

    order = sorted(SIDES, key=lambda sd: needs(pose.legs.get(sd, Limb())) is not None)
    for side in order:
        limb = pose.legs.get(side, Limb())
        hip = j[f"hip_{side}"]
        if limb.reach is not None:
            pole = limb.pole or pelvis.f
            try:
                knee, ankle = two_bone(
                    hip, _resolve(limb.reach, j), L["thigh"], L["shin"], pole, strict
                )
            except ValueError as exc:
                raise ValueError(f"leg {side}: {exc}") from None
            foot_dir = unit(limb.end_dir or pelvis.f)
        else:
            thigh_dir, shin_dir, _, lower = _limb_by_angles(pelvis, side, limb, arm=False)
            knee = add(hip, mul(thigh_dir, L["thigh"]))
            ankle = add(knee, mul(shin_dir, L["shin"]))
            foot_dir = rotate(lower.f, lower.l, limb.end)
            if limb.end_dir is not None:
                foot_dir = unit(limb.end_dir)
        j[f"knee_{side}"] = knee
        j[f"ankle_{side}"] = ankle
        j[f"toe_{side}"] = add(ankle, mul(foot_dir, L["foot"]))
        j[f"heel_{side}"] = add(ankle, mul(foot_dir, -L["heel"]))

    for side in SIDES:
        limb = pose.arms.get(side, Limb())
        shoulder = j[f"shoulder_{side}"]
        if limb.reach is not None:
            pole = limb.pole or mul(trunk.f, -1.0)
            try:
                elbow, wrist = two_bone(
                    shoulder, _resolve(limb.reach, j), L["upper_arm"], L["forearm"], pole, strict
                )
            except ValueError as exc:
                raise ValueError(f"arm {side}: {exc}") from None
            hand_dir = unit(limb.end_dir) if limb.end_dir else unit(sub(wrist, elbow))
        else:
            upper_dir, fore_dir, _, _ = _limb_by_angles(trunk, side, limb, arm=True)
            elbow = add(shoulder, mul(upper_dir, L["upper_arm"]))
            wrist = add(elbow, mul(fore_dir, L["forearm"]))
            hand_dir = unit(limb.end_dir) if limb.end_dir else fore_dir
        j[f"elbow_{side}"] = elbow
        j[f"wrist_{side}"] = wrist
        j[f"hand_{side}"] = add(wrist, mul(hand_dir, L["hand"]))

    return Figure(joints=j, pelvis=pelvis, trunk=trunk, head=head)


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """A pose part-way from ``a`` to ``b`` (angles, positions and reach points blend)."""

    def num(x: float, y: float) -> float:
        return x + (y - x) * t

    def vec(x: Vec, y: Vec) -> Vec:
        return lerp(x, y, t)

    def target(x: At | Vec | None, y: At | Vec | None) -> At | Vec | None:
        if x is None or y is None:
            return y if t >= 0.5 else x
        if isinstance(x, At) and isinstance(y, At):
            if (x.joint, x.toward) != (y.joint, y.toward):
                return y if t >= 0.5 else x
            return At(x.joint, x.toward, num(x.t, y.t), vec(x.offset, y.offset))
        if isinstance(x, At) or isinstance(y, At):
            return y if t >= 0.5 else x
        return vec(x, y)

    def opt_vec(x: Vec | None, y: Vec | None) -> Vec | None:
        if x is None or y is None:
            return y if t >= 0.5 else x
        return vec(x, y)

    def limb(x: Limb, y: Limb) -> Limb:
        return Limb(
            flex=num(x.flex, y.flex),
            abd=num(x.abd, y.abd),
            rot=num(x.rot, y.rot),
            bend=num(x.bend, y.bend),
            end=num(x.end, y.end),
            reach=target(x.reach, y.reach),
            pole=opt_vec(x.pole, y.pole),
            end_dir=opt_vec(x.end_dir, y.end_dir),
        )

    if a.orientation != b.orientation:
        raise ValueError("cannot blend poses of different orientations")
    return Pose(
        orientation=a.orientation,
        pelvis=vec(a.pelvis, b.pelvis),
        pitch=num(a.pitch, b.pitch),
        roll=num(a.roll, b.roll),
        lean=num(a.lean, b.lean),
        side_bend=num(a.side_bend, b.side_bend),
        twist=num(a.twist, b.twist),
        nod=num(a.nod, b.nod),
        legs={s: limb(a.legs.get(s, Limb()), b.legs.get(s, Limb())) for s in SIDES},
        arms={s: limb(a.arms.get(s, Limb()), b.arms.get(s, Limb())) for s in SIDES},
    )
