"""The offline ceremony: one bash + openssl script per step, and their shared library."""

from __future__ import annotations

from typing import Any

from pkispec.artifact import FILE, SCRIPT, Artifact
from pkispec.plan import Plan
from pkispec.render import quoting
from pkispec.render.program import fill_program
from pkispec.render.templating import header, render


def _script(plan: Plan, name: str, template: str, **context: Any) -> Artifact:
    text = render(
        template,
        header=header(plan.name),
        scripts=plan.scripts,
        prefix=plan.prefix,
        root=plan.root,
        intermediates=plan.intermediates,
        crl=plan.crl,
        publish=plan.publish,
        **context,
    )
    return Artifact.text(plan.layout.bundle.ceremony_script(name), text, SCRIPT)


def render_ceremony(plan: Plan) -> list[Artifact]:
    s = plan.scripts
    lib = fill_program(
        "lib.sh", header(plan.name), {"PKISPEC_DEFAULT_PREFIX": quoting.shell(plan.prefix)}
    )
    out = [
        Artifact.text(plan.layout.bundle.ceremony_script(s.lib), lib, FILE),  # sourced, not run
        _script(plan, s.prepare, "prepare.sh.j2"),
        _script(plan, s.root, "root.sh.j2", ca=plan.root),
        _script(plan, s.crl, "crl.sh.j2"),
        _script(plan, s.export, "export.sh.j2"),
    ]
    for ca in plan.intermediates:
        out += [
            _script(plan, s.request[ca.slug], "request.sh.j2", ca=ca),
            _script(plan, s.sign[ca.slug], "sign.sh.j2", ca=ca),
            _script(plan, s.revoke[ca.slug], "revoke.sh.j2", ca=ca),
        ]
    return out
