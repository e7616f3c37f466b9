"""The CRL host: nginx site, publish script, freshness check (and renewal) with timers."""

from __future__ import annotations

from typing import Any

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import Plan
from pkispec.render.templating import header, render


def _render(plan: Plan, template: str, **context: Any) -> str:
    return render(
        template,
        header=header(plan.name),
        name=plan.name,
        prefix=plan.prefix,
        crl=plan.crl,
        publish=plan.publish,
        root=plan.root,
        scripts=plan.scripts,
        **context,
    )


def _advice(plan: Plan) -> str:
    if plan.crl.renewal == "automatic":
        return f"the renewal timer {plan.publish.renew_unit}.timer should have re-signed it"
    return (
        f"re-sign it at an offline ceremony ({plan.scripts.crl}, {plan.scripts.export}, "
        f"{plan.scripts.publish})"
    )


def render_crl_host(plan: Plan) -> list[Artifact]:
    p, b = plan.publish, plan.layout.bundle
    out = [
        Artifact.text(f"{b.crl_host_nginx}/{p.site_name}.conf", _render(plan, "nginx-crl.conf.j2")),
        Artifact.text(
            f"{b.crl_host}/{plan.scripts.publish}", _render(plan, "publish-crl.sh.j2"), SCRIPT
        ),
        Artifact.text(
            f"{b.crl_host_scripts}/{p.check_unit}",
            _render(plan, "crl-check.sh.j2", renew_advice=_advice(plan)),
            SCRIPT,
        ),
        Artifact.text(
            f"{b.crl_host_units}/{p.check_unit}.service", _render(plan, "crl-check.service.j2")
        ),
        Artifact.text(
            f"{b.crl_host_units}/{p.check_unit}.timer",
            _render(
                plan,
                "timer.j2",
                calendar="daily",
                accuracy="1h",
                unit=p.check_unit,
                description=f"Check the root CRL of {plan.name} daily",
            ),
        ),
    ]
    if plan.crl.renewal == "automatic":
        out += [
            Artifact.text(
                f"{b.crl_host_scripts}/{p.renew_unit}", _render(plan, "crl-renew.sh.j2"), SCRIPT
            ),
            Artifact.text(
                f"{b.crl_host_units}/{p.renew_unit}.service", _render(plan, "crl-renew.service.j2")
            ),
            Artifact.text(
                f"{b.crl_host_units}/{p.renew_unit}.timer",
                _render(
                    plan,
                    "timer.j2",
                    calendar="daily",
                    accuracy="1h",
                    unit=p.renew_unit,
                    description=f"Re-sign the root CRL of {plan.name} when due",
                ),
            ),
        ]
    return out
