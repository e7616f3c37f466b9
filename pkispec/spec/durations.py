"""Lifetimes as people write them (``69y``, ``3652d``, ``24h``, ``1d12h``), held exactly.

A duration is a whole number of seconds. Years are Julian years counted in whole days:
``Ny`` is ``floor(N * 365.25)`` days, so ``10y`` is 3652 days and ``69y`` is 25202 days,
the two lifetimes of the guide. Each tool gets the duration in its own unit, and a
duration that does not fit that unit exactly is refused rather than rounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d{1,6})([ywdhms])")
PATTERN = r"^(\d{1,6}[ywdhms])+$"
_WHOLE = re.compile(PATTERN)
DAY = 86400
HOUR = 3600


def _year_seconds(years: int) -> int:
    return (years * 36525 // 100) * DAY


@dataclass(frozen=True, order=True)
class Duration:
    """An exact duration; ``text`` keeps what the spec said, for messages."""

    seconds: int
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if not isinstance(value, str):
            raise ValueError("a duration is a string such as '3652d', '69y', '24h' or '1d12h'")
        text = value.strip()
        if not _WHOLE.match(text):
            raise ValueError(
                f"'{value}' is not a duration\nhint: write numbers with units "
                "(y, w, d, h, m, s), e.g. '3652d', '69y', '24h', '1d12h'"
            )
        seconds = 0
        units = [unit for _, unit in _PART.findall(text)]
        if len(set(units)) != len(units):
            raise ValueError(f"'{value}' names a unit twice\nhint: add them up, e.g. '3d'")
        for number, unit in _PART.findall(text):
            n = int(number)
            seconds += _year_seconds(n) if unit == "y" else n * _UNIT_SECONDS[unit]
        if seconds == 0:
            raise ValueError(f"'{value}' is zero\nhint: a duration must be positive")
        return cls(seconds, text)

    @property
    def whole_days(self) -> bool:
        return self.seconds % DAY == 0

    @property
    def whole_hours(self) -> bool:
        return self.seconds % HOUR == 0

    @property
    def days(self) -> int:
        """Whole days; callers check `whole_days` first (rules do, with PKI103)."""
        return self.seconds // DAY

    @property
    def hours(self) -> int:
        return self.seconds // HOUR

    def go(self) -> str:
        """The Go duration string step-ca reads (``24h``, ``2160h30m``, ``90s``)."""
        hours, rest = divmod(self.seconds, HOUR)
        minutes, seconds = divmod(rest, 60)
        out = ""
        if hours:
            out += f"{hours}h"
        if minutes:
            out += f"{minutes}m"
        if seconds or not out:
            out += f"{seconds}s"
        return out

    def human(self) -> str:
        """Days and the rest, for messages and comments: ``3652d``, ``1d12h``."""
        days, rest = divmod(self.seconds, DAY)
        out = f"{days}d" if days else ""
        if rest:
            out += Duration(rest).go()
        return out

    def __str__(self) -> str:
        return self.text or self.human()
