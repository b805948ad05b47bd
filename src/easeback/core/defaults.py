"""Every shared default and limit of a number the user can set, defined once.

The settings file, the plan options, the reminders and the command line all read
their defaults and bounds from here: a value outside its bounds is clamped with
a message naming the setting, never passed on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Limit:
    """A number's default and the closed range it must fall in."""

    default: float
    low: float
    high: float
    unit: str = ""
    whole: bool = False  # an integer (reps per minute, days), not a fraction

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{_num(self.low)}-{_num(self.high)}{unit}"

    def check(self, value: object) -> tuple[float | None, str | None]:
        """``(value to use, problem)``: a number in range comes back as is (problem None);
        one outside is clamped; anything else (text, nan, inf, bool) gives (None, why)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"{_short(value)} is not a number"
        if isinstance(value, int) and abs(value) > 10**15:
            value = math.inf if value > 0 else -math.inf  # too big to be meant: infinite
        number = float(value)
        if not math.isfinite(number):
            return None, f"{_short(value)} is not a finite number"
        if self.whole and not number.is_integer():
            return None, f"{_short(value)} is not a whole number"
        clamped = min(max(number, self.low), self.high)
        if clamped != number:
            return clamped, f"{_num(number)} is outside {self}, using {_num(clamped)}"
        return number, None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


#: Slower than 100 words a minute, "three" takes longer than the second a 3-2-1 allows it.
RATE = Limit(170, 100, 320, "words/min", whole=True)
VOLUME = Limit(1.0, 0.0, 1.0)
PREPARE_SECONDS = Limit(10.0, 3.0, 60.0, "s")
POSITION_CHANGE_SECONDS = Limit(15.0, 3.0, 90.0, "s")
REMIND_EVERY_MINUTES = Limit(50.0, 1.0, 480.0, "min")
SNOOZE_MINUTES = Limit(5.0, 1.0, 120.0, "min")
AWAY_MINUTES = Limit(5.0, 1.0, 60.0, "min")  # time away that counts as a break
REST_SECONDS = Limit(0.0, 0.0, 600.0, "s")  # between sets, when the user chooses it
# Outer bounds of a choice for one exercise; each exercise's own range then applies, and
# the catalogue's value is the default.
REPS = Limit(0, 1, 10_000, whole=True)
HOLD_SECONDS = Limit(0.0, 0.0, 86_400.0, "s")
SETS = Limit(0, 1, 1_000, whole=True)
HISTORY_DAYS = Limit(30, 1, 3660, "days", whole=True)
VERBOSITY: Final = "full"
BREAK_ROUTINE = "desk-break"
