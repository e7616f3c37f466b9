"""Lifetimes as people write them, converted exactly for each tool."""

from __future__ import annotations

import pytest

from pkispec.spec.durations import Duration
from pkispec.spec.traefik_renewal import renew_before


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("69y", 25202),
        ("10y", 3652),
        ("25202d", 25202),
        ("3652d", 3652),
        ("1y", 365),
        ("4y", 1461),
        ("2w", 14),
    ],
)
def test_years_are_julian_years_in_whole_days(text: str, days: int) -> None:
    duration = Duration.parse(text)
    assert duration.whole_days
    assert duration.days == days


@pytest.mark.parametrize(
    ("text", "go", "hours"),
    [("24h", "24h", 24), ("1d12h", "36h", 36), ("90m", "1h30m", 1), ("45s", "45s", 0)],
)
def test_go_durations_and_hours(text: str, go: str, hours: int) -> None:
    duration = Duration.parse(text)
    assert duration.go() == go
    assert duration.hours == hours


@pytest.mark.parametrize(
    "text", ["", "10", "d", "1.5d", "-1d", "10 days", "0d", "1d1d", "1234567d"]
)
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|zero|twice"):
        Duration.parse(text)


def test_non_strings_are_refused() -> None:
    with pytest.raises(ValueError, match="a duration is a string"):
        Duration.parse(3652)


def test_order_and_human_form() -> None:
    assert Duration.parse("3652d") < Duration.parse("69y")
    assert Duration.parse("1d12h").human() == "1d12h"
    assert Duration.parse("36h").human() == "1d12h"


@pytest.mark.parametrize(
    ("lifetime", "before"),
    [
        ("1h", "20m"),
        ("23h", "20m"),
        ("24h", "6h"),
        ("5d", "6h"),
        ("6d", "2d"),
        ("29d", "2d"),
        ("30d", "10d"),
        ("90d", "30d"),
        ("1y", "120d"),
    ],
)
def test_traefik_renews_as_its_getcertificaterenewdurations_says(
    lifetime: str, before: str
) -> None:
    """Traefik 3.7's table (pkg/provider/acme), which its runbook line and PKI108 quote."""
    assert renew_before(Duration.parse(lifetime)) == Duration.parse(before)
