"""When Traefik renews a certificate from its ACME resolver: one table, from Traefik's code.

Traefik renews when less than a period is left, and sizes that period by the lifetime in
whole hours: `certificatesDuration` up to 3.6, the certificate's own NotAfter - NotBefore
(rounded) from 3.7 on. step-ca's ACME certificates last the provisioner's
default_tls_cert_duration plus a one-minute backdate, which rounds away, so both give the
same bucket once certificatesDuration equals that duration (PKI108).

The table is the newest release's (3.7). Older releases (3.0 among them) differ only
for lifetimes from 6 to 30 days: their step is at 7 days, with 1 day instead of 2.
"""

from __future__ import annotations

from pkispec.spec.durations import DAY, HOUR, Duration

#: (lifetime at least, renew when less than this is left), longest first (Traefik 3.7)
PERIODS: tuple[tuple[int, int], ...] = (
    (365 * DAY, 4 * 30 * DAY),
    (90 * DAY, 30 * DAY),
    (30 * DAY, 10 * DAY),
    (6 * DAY, 2 * DAY),
    (1 * DAY, 6 * HOUR),
)
SHORTEST = 20 * 60


def renew_before(lifetime: Duration) -> Duration:
    """How long before its end Traefik renews a certificate of this lifetime."""
    hours = round(lifetime.seconds / HOUR) * HOUR
    for at_least, period in PERIODS:
        if hours >= at_least:
            return Duration(period)
    return Duration(SHORTEST)
