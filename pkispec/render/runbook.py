"""RUNBOOK.md: the spec's own ordered steps, which machine each runs on, what to check."""

from __future__ import annotations

from pkispec.artifact import Artifact
from pkispec.plan import Plan
from pkispec.render.templating import header, render


def render_runbook(plan: Plan) -> list[Artifact]:
    text = render(
        "RUNBOOK.md.j2",
        header=header(plan.name),
        name=plan.name,
        prefix=plan.prefix,
        root=plan.root,
        intermediates=plan.intermediates,
        cas=plan.cas,
        crl=plan.crl,
        publish=plan.publish,
        scripts=plan.scripts,
        step=plan.step,
        edge=plan.edge,
        devices=plan.devices,
        trust=plan.trust,
        ssh=plan.ssh,
    )
    return [Artifact.text(plan.layout.bundle.runbook, text)]
