"""The PKI meaning of a spec: rules that a well-shaped spec must also keep.

Each rule is a plain function from the Spec to the problems it finds, so all of them run
and every problem is reported at once. Paths point into the YAML for line and column. The
rules live by stage, as the plan does (`offline`, `tokens`, `step`, `edge`, `devices`,
`ssh`, and `names` for what spans them); the facts they judge by are
`pkispec.spec.facts`. `RULES` keeps one order across the modules, which is the order of
the problems a spec gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pkispec.errors import Problem
from pkispec.spec.model import Spec
from pkispec.spec.rules.devices import (
    apple_attestation,
    client_lifetimes,
    devices,
    revocation,
    trust_source,
    trust_targets,
)
from pkispec.spec.rules.edge import proxy_challenges, traefik_duration, traefik_settings
from pkispec.spec.rules.names import client_uri_host, name_constraints, unique_names
from pkispec.spec.rules.offline import (
    constraints_not_empty,
    crl,
    crl_listen,
    distinct_subjects,
    lifetimes,
    policies,
    renewal_windows,
    revocations,
    upper_bounds,
)
from pkispec.spec.rules.ssh import ssh
from pkispec.spec.rules.step import (
    attestation_without_challenge,
    claims,
    references,
    step_crl,
    step_version,
)
from pkispec.spec.rules.tokens import tokens

__all__ = ["RULES", "Rule", "check"]

Rule = Callable[[Spec], Iterator[Problem]]

#: every rule, in the order its problems are reported
RULES: tuple[Rule, ...] = (
    lifetimes,
    upper_bounds,
    crl,
    crl_listen,
    policies,
    constraints_not_empty,
    distinct_subjects,
    unique_names,
    references,
    claims,
    traefik_duration,
    name_constraints,
    step_version,
    attestation_without_challenge,
    step_crl,
    devices,
    client_uri_host,
    client_lifetimes,
    apple_attestation,
    trust_source,
    trust_targets,
    revocation,
    revocations,
    traefik_settings,
    proxy_challenges,
    renewal_windows,
    ssh,
    tokens,
)


def check(spec: Spec) -> list[Problem]:
    """Every problem of every rule, in rule order."""
    return [problem for rule in RULES for problem in rule(spec)]
