"""One scene per step of every exercise, as data.

Every picture shows the LEFT working side: the left leg is the one moved or stretched,
and it is drawn nearer the viewer (or on top, lying on the side) in the accent colour.
The app mirrors a picture for the right side; a scene whose mirror would say something
else (a circle arrow) also gets a ready-drawn right-side picture (see ``__init__``).

Keys are "<exercise id>/<step id>", matching the catalogue's illustration paths
``illustrations/<exercise id>/<step id>.svg``. Poses shared by several steps are built
once and varied with ``dataclasses.replace``.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .render import Arrow, Camera, Chair, Circles, Mat, Motion, Pulse, Scene, Squeeze
from .skeleton import LENGTHS, At, Limb, Pose, build

# --- seated on a chair ----------------------------------------------------------------

# the figure sits near the front edge of the seat, seen from the front three-quarters
# on its left, so a knee drawn up to the chest is in front of the trunk, not through it
CHAIR = Chair(front_x=-22.0)
CHAIR_VIEW = Camera(yaw=45.0, pitch=18.0)
_FOOT_FWD = (-1.0, 0.0, 0.0)

SIT_TALL = Pose(
    orientation="upright",
    pelvis=(-12.0, 0.0, 54.0),
    legs={
        "l": Limb(reach=(-56.0, -12.0, 7.5), pole=(-1.0, 0.0, 1.0), end_dir=_FOOT_FWD),
        "r": Limb(reach=(-56.0, 12.0, 7.5), pole=(-1.0, 0.0, 1.0), end_dir=_FOOT_FWD),
    },
    arms={
        "l": Limb(
            reach=At("knee_l", "hip_l", 0.4, (0.0, -3.0, 8.0)),
            pole=(1.0, -0.4, -0.3),
            end_dir=(-1.0, 0.0, -0.3),
        ),
        "r": Limb(
            reach=At("knee_r", "hip_r", 0.4, (0.0, 3.0, 8.0)),
            pole=(1.0, 0.4, -0.3),
            end_dir=(-1.0, 0.0, -0.3),
        ),
    },
)

_CRADLE_ARMS = {
    # left hand under the knee end of the shin, right hand round the ankle
    "l": Limb(
        reach=At("knee_l", "ankle_l", 0.35, (0.0, 0.0, -6.0)),
        pole=(0.3, -1.0, -0.8),
        end_dir=(0.0, 1.0, 0.2),
    ),
    "r": Limb(
        reach=At("ankle_l", "knee_l", 0.3, (2.0, 0.0, -5.0)),
        pole=(0.4, 1.0, -0.8),
        end_dir=(0.0, -1.0, 0.2),
    ),
}


def _cradle(knee_pole: tuple[float, float, float], ankle: tuple[float, float, float]) -> Limb:
    """The left leg lifted, its shin turned in across the front of the body."""
    return Limb(reach=ankle, pole=knee_pole, end_dir=(-0.3, 1.0, 0.1))


RAISE_KNEE = replace(
    SIT_TALL,
    legs={"l": _cradle((-0.4, -1.0, 0.5), (-46.0, 9.0, 69.0)), "r": SIT_TALL.legs["r"]},
    arms=_CRADLE_ARMS,
)

HOLD_KNEE = replace(
    SIT_TALL,
    lean=5.0,
    legs={"l": _cradle((-0.2, -0.9, 1.0), (-42.0, 16.0, 76.0)), "r": SIT_TALL.legs["r"]},
    arms=_CRADLE_ARMS,
)

# resting in the chair: sitting back in the seat, leaning on the backrest, hands in the lap
SIT_RESTING = replace(
    SIT_TALL,
    pelvis=(4.0, 0.0, 54.0),
    lean=-10.0,
    nod=6.0,
    legs={
        "l": Limb(reach=(-44.0, -13.0, 7.5), pole=(-1.0, 0.0, 1.0), end_dir=_FOOT_FWD),
        "r": Limb(reach=(-44.0, 13.0, 7.5), pole=(-1.0, 0.0, 1.0), end_dir=_FOOT_FWD),
    },
    arms={
        "l": Limb(
            reach=At("knee_l", "hip_l", 0.55, (0.0, 2.0, 7.0)),
            pole=(1.0, -0.5, -0.3),
            end_dir=(-1.0, 0.3, -0.3),
        ),
        "r": Limb(
            reach=At("knee_r", "hip_r", 0.55, (0.0, -2.0, 7.0)),
            pole=(1.0, 0.5, -0.3),
            end_dir=(-1.0, -0.3, -0.3),
        ),
    },
)

# --- sitting cross-legged on the floor ------------------------------------------------

FLOOR_SIT_VIEW = Camera(yaw=40.0, pitch=28.0)
FLOOR_SIT_MAT = Mat(-80.0, 40.0, -45.0, 45.0)

SIT_CROSSED = Pose(
    orientation="upright",
    pelvis=(0.0, 0.0, 12.0),
    legs={
        # left shin in front and on top, right shin tucked behind it
        "l": Limb(reach=(-40.0, 18.0, 7.0), pole=(0.0, -1.0, 0.1), end_dir=(0.1, 1.0, -0.2)),
        "r": Limb(reach=(-16.0, -20.0, 5.0), pole=(0.0, 1.0, 0.4), end_dir=(0.1, -1.0, -0.2)),
    },
    arms={
        "l": Limb(reach=At("hip_l", "knee_l", 0.72, (0.0, 0.0, 7.0)), pole=(0.5, -1.0, -0.3)),
        "r": Limb(reach=At("hip_r", "knee_r", 0.72, (0.0, 0.0, 7.0)), pole=(0.5, 1.0, -0.3)),
    },
)

LEAN = replace(SIT_CROSSED, lean=28.0, nod=-8.0)

LEAN_HOLD = replace(
    SIT_CROSSED,
    lean=42.0,
    nod=-12.0,
    arms={
        "l": Limb(reach=(-62.0, -14.0, 4.0), pole=(1.0, -0.5, 0.0), end_dir=(-1.0, 0.0, 0.0)),
        "r": Limb(reach=(-62.0, 14.0, 4.0), pole=(1.0, 0.5, 0.0), end_dir=(-1.0, 0.0, 0.0)),
    },
)

# --- lying on the side (right side down, left leg on top, facing the viewer) ----------

# Seen from the front and a little above, the trunk lies along the floor and a lift of
# the top leg reads as up. Moving the leg behind the body happens in the floor's plane,
# so those pictures look down from above, where behind the body is up the picture.
SIDE_VIEW = Camera(yaw=-10.0, pitch=18.0)
SIDE_TOP_VIEW = Camera(yaw=-10.0, pitch=66.0)
HIP_VIEW = Camera(yaw=-15.0, pitch=28.0)
SIDE_MAT = Mat(-95.0, 100.0, -45.0, 40.0)
SIDE_TOP_MAT = Mat(-95.0, 100.0, -45.0, 45.0)

# How far the top ankle rises above where it rests in a raise: "a few inches".
RAISE_CM = 9.0
# How far the raised leg sweeps behind the line of the body (hip extension, degrees):
# "slightly", well short of where the lower back would have to arch.
SWEEP_DEG = 12.0

_BOTTOM_BENT = Limb(flex=45.0, bend=85.0, end=15.0)
_TOP_REST = Limb(flex=8.0, abd=-9.0, end=20.0)
_TOP_HIP = At("hip_l", offset=(-8.0, 5.0, 6.0))  # just behind and above the top hip joint
_HAND_ON_HIP = Limb(reach=_TOP_HIP, pole=(0.0, 0.6, 1.0), end_dir=(0.2, 1.0, -0.6))
# the top hand on the floor in front of the chest, for balance
_HAND_IN_FRONT = Limb(reach=(-42.0, -24.0, 4.0), pole=(0.4, -0.2, 1.0), end_dir=(-0.5, -1.0, 0.0))
# the bottom elbow on the floor in front of the face, the hand under the head
_HEAD_ON_HAND = Limb(
    reach=At("head", offset=(-2.0, -5.0, -9.0)), pole=(-1.0, -0.2, -0.3), end_dir=(0.2, 0.0, 1.0)
)

# the shoulders are wider than the hips, so the trunk rises a few degrees from the
# pelvis to rest the bottom shoulder on the floor; it lies down, it is not propped up
ON_SIDE_HEAD_ON_HAND = Pose(
    orientation="side",
    pelvis=(0.0, 0.0, 19.0),
    side_bend=7.0,
    legs={"r": _BOTTOM_BENT, "l": _TOP_REST},
    arms={"r": _HEAD_ON_HAND, "l": _HAND_IN_FRONT},
)


def _raised(pose: Pose, rise: float = RAISE_CM, flex: float | None = None) -> Pose:
    """``pose`` with the straight top (left) leg lifted until its ankle is ``rise`` cm
    above where it rests, and optionally swung to ``flex`` degrees (negative: behind)."""
    rest = pose.legs["l"]
    target = build(pose).joints["ankle_l"][2] + rise
    leg = replace(rest, flex=rest.flex if flex is None else flex)

    def ankle_z(abd: float) -> float:
        moved = replace(pose, legs={**pose.legs, "l": replace(leg, abd=abd)})
        return build(moved).joints["ankle_l"][2]

    lo, hi = rest.abd, rest.abd + 45.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ankle_z(mid) < target else (lo, mid)
    return replace(pose, legs={**pose.legs, "l": replace(leg, abd=(lo + hi) / 2)})


FIND_MUSCLE = replace(ON_SIDE_HEAD_ON_HAND, arms={**ON_SIDE_HEAD_ON_HAND.arms, "l": _HAND_ON_HIP})

GM_LIFT = _raised(FIND_MUSCLE)
GM_SWEEP = _raised(FIND_MUSCLE, flex=-SWEEP_DEG)
GM_SET_DOWN = replace(
    FIND_MUSCLE,
    legs={"r": _BOTTOM_BENT, "l": Limb(flex=98.0, abd=-10.0, rot=-20.0, bend=90.0, end=10.0)},
)

# head resting on the outstretched bottom arm
_PILLOW_ARM = Limb(flex=172.0, abd=8.0, bend=10.0)
_HAND_ON_FLOOR = Limb(reach=(-32.0, -28.0, 4.0), pole=(0.3, 0.0, 1.0), end_dir=(-0.3, -1.0, 0.0))

ON_SIDE = Pose(
    orientation="side",
    pelvis=(0.0, 0.0, 19.0),
    side_bend=6.0,
    legs={"r": Limb(flex=6.0, end=20.0), "l": Limb(flex=6.0, abd=-7.0, end=20.0)},
    arms={"r": _PILLOW_ARM, "l": _HAND_ON_FLOOR},
)

_STACKED_BOTTOM = Limb(flex=45.0, bend=90.0, end=15.0)
# the top foot rests on the bottom one; the pole sets where the top knee points
_CLAM_CLOSED = Limb(
    reach=At("ankle_r", offset=(0.0, 0.0, 8.0)), pole=(0.3, -1.0, -0.35), end_dir=(0.6, 0.8, 0.0)
)
_CLAM_OPEN = replace(_CLAM_CLOSED, pole=(0.3, -0.45, 1.0))

STACKED = replace(
    ON_SIDE,
    legs={"r": _STACKED_BOTTOM, "l": _CLAM_CLOSED},
    arms={"r": _PILLOW_ARM, "l": _HAND_ON_HIP},
)
CLAM_OPEN = replace(STACKED, legs={"r": _STACKED_BOTTOM, "l": _CLAM_OPEN})

LEG_DOWN = replace(STACKED, legs={"r": _STACKED_BOTTOM, "l": Limb(flex=4.0, abd=-9.0, end=20.0)})
LEG_UP = _raised(LEG_DOWN)

# resting on the side between sets: knees softly bent, the top hand on the floor
ON_SIDE_RESTING = replace(
    ON_SIDE,
    legs={
        "r": Limb(flex=35.0, bend=45.0, end=15.0),
        "l": Limb(flex=40.0, abd=-8.0, bend=50.0, end=15.0),
    },
)

# --- lying on the back, head to picture-right ------------------------------------------

BACK_VIEW = Camera(yaw=14.0, pitch=12.0)
BACK_MAT = Mat(-80.0, 95.0, -38.0, 38.0)
_FEET_FLAT = (-1.0, 0.0, -0.05)
_ANKLE_X = -42.0


def _planted(side: str) -> Limb:
    y = -11.0 if side == "l" else 11.0
    return Limb(reach=(_ANKLE_X, y, 7.5), pole=(0.0, 0.0, 1.0), end_dir=_FEET_FLAT)


# hands flat on the floor beside the hips, so they stay put when the hips lift
_ARMS_AT_SIDES = {
    "l": Limb(reach=(-4.5, -25.0, 4.5), pole=(0.0, -0.3, 1.0), end_dir=(-1.0, 0.0, 0.0)),
    "r": Limb(reach=(-4.5, 25.0, 4.5), pole=(0.0, 0.3, 1.0), end_dir=(-1.0, 0.0, 0.0)),
}

ON_BACK = Pose(
    orientation="supine",
    pelvis=(0.0, 0.0, 12.0),
    legs={"l": _planted("l"), "r": _planted("r")},
    arms=_ARMS_AT_SIDES,
)


def _bridge_pitch() -> float:
    """Tilt of the body at the top of a bridge: shoulders on the floor where they were,
    and a straight line from the shoulders through the hips to the knees."""
    trunk, thigh, shin = LENGTHS["trunk"], LENGTHS["thigh"], LENGTHS["shin"]
    neck = (trunk, 12.0)  # shoulder centre (x, z) stays put
    ankle = (_ANKLE_X, 7.5)

    def shin_gap(deg: float) -> float:
        a = math.radians(deg)
        knee = (neck[0] - (trunk + thigh) * math.cos(a), neck[1] + (trunk + thigh) * math.sin(a))
        return math.dist(knee, ankle) - shin

    lo, hi = 1.0, 60.0
    for _ in range(60):
        mid = (lo + hi) / 2
        # the knee rises, and moves away from the planted foot, as the tilt grows
        if shin_gap(mid) > 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


_BRIDGE = _bridge_pitch()
BRIDGE_UP = replace(
    ON_BACK,
    pitch=-_BRIDGE,
    nod=_BRIDGE,
    pelvis=(
        LENGTHS["trunk"] * (1.0 - math.cos(math.radians(_BRIDGE))),
        0.0,
        12.0 + LENGTHS["trunk"] * math.sin(math.radians(_BRIDGE)),
    ),
)

KNEE_HUG = replace(
    ON_BACK,
    legs={"l": Limb(flex=126.0, bend=130.0, end=20.0), "r": _planted("r")},
    arms={
        "l": Limb(
            reach=At("knee_l", "ankle_l", 0.22, (0.0, -3.0, 5.0)),
            pole=(0.3, -1.0, 0.2),
            end_dir=(0.0, 1.0, 0.0),
        ),
        "r": Limb(
            reach=At("knee_l", "ankle_l", 0.22, (0.0, 4.0, 5.0)),
            pole=(0.3, 1.0, 0.2),
            end_dir=(0.0, -1.0, 0.0),
        ),
    },
)

ROLL_VIEW = Camera(yaw=45.0, pitch=35.0)
ROLL_MAT = Mat(-80.0, 95.0, -75.0, 75.0)
_BENT_UP = Limb(flex=55.0, bend=132.0, end=20.0)
_ARMS_OUT = {"l": Limb(abd=65.0), "r": Limb(abd=65.0)}
ON_BACK_ARMS_OUT = replace(ON_BACK, legs={"l": _BENT_UP, "r": _BENT_UP}, arms=_ARMS_OUT)
KNEES_ROLLED = replace(ON_BACK_ARMS_OUT, roll=-62.0, twist=-62.0)
# the roll seen from behind the head, so the knees go to the figure's left on the
# picture's left, the way the person lying there sees their own knees go
ROLL_HEAD_VIEW = Camera(yaw=-90.0, pitch=62.0)

# resting on the back between sets: knees bent, arms loose and a little out
ON_BACK_RESTING = replace(
    ON_BACK,
    arms={
        "l": Limb(reach=(-2.0, -32.0, 4.5), pole=(0.0, -0.3, 1.0), end_dir=(-1.0, -0.3, 0.0)),
        "r": Limb(reach=(-2.0, 32.0, 4.5), pole=(0.0, 0.3, 1.0), end_dir=(-1.0, 0.3, 0.0)),
    },
)


# --- every step -----------------------------------------------------------------------

_LEG_L = ("leg_l",)
_HEAD_ON_HAND_ARM = ("arm_r",)
_LEFT_ON_TOP = ("leg_l", "arm_l")  # the left shin crosses in front of the right
_CRADLE_FRONT = ("leg_l", "arm_r", "arm_l")  # the raised thigh in front of the trunk

SCENES: dict[str, Scene] = {
    "seated-leg-to-chest/sit-tall": Scene(SIT_TALL, CHAIR_VIEW, (CHAIR,), accent=_LEG_L),
    "seated-leg-to-chest/raise-knee": Scene(
        RAISE_KNEE,
        CHAIR_VIEW,
        (CHAIR,),
        accent=_LEG_L,
        start=SIT_TALL,
        motions=(Motion("knee_l", pivot="hip_l", reach=1.3),),
        front=_CRADLE_FRONT,
    ),
    "seated-leg-to-chest/hold": Scene(
        HOLD_KNEE, CHAIR_VIEW, (CHAIR,), accent=_LEG_L, front=_CRADLE_FRONT
    ),
    "seated-leg-cross/sit-crossed": Scene(
        SIT_CROSSED, FLOOR_SIT_VIEW, (FLOOR_SIT_MAT,), accent=_LEG_L, front=_LEFT_ON_TOP
    ),
    "seated-leg-cross/lean": Scene(
        LEAN,
        FLOOR_SIT_VIEW,
        (FLOOR_SIT_MAT,),
        accent=_LEG_L,
        start=SIT_CROSSED,
        motions=(Motion("head", pivot="pelvis", reach=1.25, trim=(0.05, 0.02)),),
        front=_LEFT_ON_TOP,
    ),
    "seated-leg-cross/hold": Scene(
        LEAN_HOLD, FLOOR_SIT_VIEW, (FLOOR_SIT_MAT,), accent=_LEG_L, front=_LEFT_ON_TOP
    ),
    "glute-med-side-lying/lie-on-side": Scene(
        ON_SIDE_HEAD_ON_HAND, SIDE_VIEW, (SIDE_MAT,), accent=_LEG_L, front=_HEAD_ON_HAND_ARM
    ),
    "glute-med-side-lying/find-muscle": Scene(
        FIND_MUSCLE, SIDE_VIEW, (SIDE_MAT,), accent=("glute_med",), front=_HEAD_ON_HAND_ARM
    ),
    "glute-med-side-lying/lift": Scene(
        GM_LIFT,
        SIDE_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=FIND_MUSCLE,
        motions=(Motion("ankle_l", pivot="hip_l", reach=1.2, trim=(0.0, 0.0)),),
        ghost=_LEG_L,
        front=_HEAD_ON_HAND_ARM,
    ),
    "glute-med-side-lying/sweep-back": Scene(
        GM_SWEEP,
        SIDE_TOP_VIEW,
        (SIDE_TOP_MAT,),
        accent=_LEG_L,
        start=GM_LIFT,
        motions=(Motion("ankle_l", pivot="hip_l", reach=1.2, trim=(0.0, 0.0)),),
        ghost=_LEG_L,
        front=_HEAD_ON_HAND_ARM,
    ),
    "glute-med-side-lying/set-down": Scene(
        GM_SET_DOWN,
        SIDE_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=GM_SWEEP,
        motions=(Motion("ankle_l", pivot="hip_l", reach=1.15),),
        ghost=_LEG_L,
        front=_HEAD_ON_HAND_ARM,
    ),
    # after the last rep: the leg stays up and back, no movement
    "glute-med-side-lying/end-hold": Scene(
        GM_SWEEP, SIDE_TOP_VIEW, (SIDE_TOP_MAT,), accent=_LEG_L, front=_HEAD_ON_HAND_ARM
    ),
    "bridge/lie-on-back": Scene(ON_BACK, BACK_VIEW, (BACK_MAT,), accent=("glutes",)),
    "bridge/lift": Scene(
        BRIDGE_UP,
        BACK_VIEW,
        (BACK_MAT,),
        accent=("glutes",),
        start=ON_BACK,
        motions=(Motion("glute", offset=(0.0, 0.0, -7.0), trim=(0.0, 0.12)),),
    ),
    "bridge/squeeze": Scene(
        BRIDGE_UP, BACK_VIEW, (BACK_MAT,), accent=("glutes",), marks=(Squeeze("glute"),)
    ),
    "bridge/lower": Scene(
        ON_BACK,
        BACK_VIEW,
        (BACK_MAT,),
        accent=("glutes",),
        marks=(Arrow("glute", angle=-90.0, gap=34.0),),
    ),
    "knee-to-chest/lie-on-back": Scene(ON_BACK, BACK_VIEW, (BACK_MAT,), accent=_LEG_L),
    "knee-to-chest/pull-knee": Scene(
        KNEE_HUG,
        BACK_VIEW,
        (BACK_MAT,),
        accent=_LEG_L,
        start=ON_BACK,
        motions=(Motion("knee_l", pivot="hip_l", reach=1.3),),
        front=("arm_l",),
    ),
    "lower-back-rotation/lie-on-back": Scene(
        ON_BACK_ARMS_OUT, ROLL_VIEW, (ROLL_MAT,), accent=("leg_l", "leg_r")
    ),
    "lower-back-rotation/roll-knees": Scene(
        KNEES_ROLLED,
        ROLL_HEAD_VIEW,
        (ROLL_MAT,),
        accent=("leg_l", "leg_r"),
        start=ON_BACK_ARMS_OUT,
        motions=(Motion("knee_l", pivot="ankle_l", reach=1.45),),
        ghost=("leg_l", "leg_r"),
        far=("leg_r",),
    ),
    "side-lying-hip-series/lie-on-side": Scene(ON_SIDE, HIP_VIEW, (SIDE_MAT,), accent=_LEG_L),
    "side-lying-hip-series/stack": Scene(STACKED, HIP_VIEW, (SIDE_MAT,), accent=_LEG_L),
    "side-lying-hip-series/clamshell-open": Scene(
        CLAM_OPEN,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=STACKED,
        motions=(Motion("knee_l", pivot="ankle_l", reach=1.5),),
    ),
    "side-lying-hip-series/clamshell-close": Scene(
        STACKED,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=CLAM_OPEN,
        motions=(Motion("knee_l", pivot="ankle_l", reach=1.5),),
        ghost=_LEG_L,
    ),
    "side-lying-hip-series/leg-raise-up": Scene(
        LEG_UP,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=LEG_DOWN,
        motions=(Motion("ankle_l", pivot="hip_l", reach=1.34, trim=(0.0, 0.0)),),
        ghost=_LEG_L,
    ),
    "side-lying-hip-series/leg-raise-down": Scene(
        LEG_DOWN,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        start=LEG_UP,
        motions=(Motion("ankle_l", pivot="hip_l", reach=1.34, trim=(0.0, 0.0)),),
        ghost=_LEG_L,
    ),
    "side-lying-hip-series/pulse": Scene(
        LEG_UP, HIP_VIEW, (SIDE_MAT,), accent=_LEG_L, marks=(Pulse("toe_l", shift=(30.0, 0.0)),)
    ),
    "side-lying-hip-series/circles-clockwise": Scene(
        LEG_UP,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        marks=(Circles("toe_l", clockwise=True, shift=(29.0, 0.0)),),
    ),
    "side-lying-hip-series/circles-counterclockwise": Scene(
        LEG_UP,
        HIP_VIEW,
        (SIDE_MAT,),
        accent=_LEG_L,
        marks=(Circles("toe_l", clockwise=False, shift=(29.0, 0.0)),),
    ),
    # the session page's pictures for a rest: resting, so no arrows
    "rest/on-back": Scene(ON_BACK_RESTING, BACK_VIEW, (BACK_MAT,)),
    "rest/on-side": Scene(ON_SIDE_RESTING, HIP_VIEW, (SIDE_MAT,)),
    "rest/seated": Scene(SIT_RESTING, CHAIR_VIEW, (CHAIR,)),
}

# Pictures the session page shows that are not a catalogue step, with what each shows.
SESSION_PICTURES: dict[str, str] = {
    "glute-med-side-lying/end-hold": "End hold: the top leg held up a few inches and a little back",
    "rest/on-back": "Rest lying on the back",
    "rest/on-side": "Rest lying on the side",
    "rest/seated": "Rest sitting in the chair",
}
