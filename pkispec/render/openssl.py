"""openssl.cnf for the root and for each intermediate."""

from __future__ import annotations

from pkispec.artifact import Artifact
from pkispec.plan import CaPlan, Plan
from pkispec.render.templating import header, render


def _cnf(plan: Plan, ca: CaPlan) -> Artifact:
    text = render(
        "openssl.cnf.j2",
        header=header(plan.name),
        ca=ca,
        prefix=plan.prefix,
        crl=plan.crl,
        intermediates=plan.intermediates,
        policy_name=f"policy_{ca.slug}",
    )
    return Artifact.text(plan.layout.bundle.openssl_cnf(ca.slug), text)


def render_openssl(plan: Plan) -> list[Artifact]:
    return [_cnf(plan, ca) for ca in plan.cas]
