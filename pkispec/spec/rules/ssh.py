"""The SSH certificate authority's rules: every host and user once, and lifetimes that a
daily renewal keeps alive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pkispec.errors import Problem, YamlPath
from pkispec.spec.durations import Duration
from pkispec.spec.model import Spec

#: a host renews its certificate every day: one that lasts less would lapse after one
#: missed run
HOST_AT_LEAST = Duration.parse("2d")
#: step-ca's shortest SSH certificate (minUserSSHCertDuration, minHostSSHCertDuration)
STEP_SHORTEST = Duration.parse("5m")


def _twice(values: Sequence[str], base: YamlPath, what: str) -> Iterator[Problem]:
    for index, value in enumerate(values):
        if value in values[:index]:
            yield Problem(
                "PKI115",
                f"the {what} '{value}' is named twice",
                (*base, index),
                hint=f"name each {what} once",
            )


def ssh(spec: Spec) -> Iterator[Problem]:
    """Hosts, users and each one's principals are named once; lifetimes fit step-ca and
    the daily renewal.

    Codes: PKI115 (a name twice, a host certificate shorter than two days, a user
    certificate below step-ca's five minutes).
    """
    section = spec.ssh
    if section is None:
        return
    for index, host in enumerate(section.hosts):
        if host.name in [h.name for h in section.hosts[:index]]:
            yield Problem(
                "PKI115",
                f"the SSH host '{host.name}' is named twice",
                ("ssh", "hosts", index, "name"),
                hint="list each host once, with all its principals",
            )
        yield from _twice(host.principals, ("ssh", "hosts", index, "principals"), "principal")
    for index, user in enumerate(section.users):
        if user.name in [u.name for u in section.users[:index]]:
            yield Problem(
                "PKI115",
                f"the SSH user '{user.name}' is named twice",
                ("ssh", "users", index, "name"),
                hint="list each user once, with all the accounts they log in as",
            )
        yield from _twice(user.principals, ("ssh", "users", index, "principals"), "principal")
    yield from _twice(section.revoked_keys, ("ssh", "revoked_keys"), "revoked key")
    if section.host_lifetime < HOST_AT_LEAST:
        yield Problem(
            "PKI115",
            f"host certificates last {section.host_lifetime}, and each host renews its "
            "own once a day: one missed day would leave it without one",
            ("ssh", "host_lifetime"),
            hint=f"make it {HOST_AT_LEAST} or longer; step-ca's default is 30d",
        )
    if section.user_lifetime < STEP_SHORTEST:
        yield Problem(
            "PKI115",
            f"user certificates last {section.user_lifetime}, shorter than step-ca's "
            f"shortest SSH certificate, {STEP_SHORTEST}",
            ("ssh", "user_lifetime"),
            hint=f"make it {STEP_SHORTEST} or longer; step-ca's default is 16h",
        )
