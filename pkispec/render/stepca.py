"""The online CA host: step-ca's ca.json, its install script and its systemd unit.

ca.json goes through the JSON serializer, never a text template. Nothing random is in it:
the intermediate key stays encrypted and is copied in at install time (or stays on its
PKCS#11 token, which step-ca's KMS opens with a PIN stored at install time), the
fingerprint in defaults.json is computed there from the root, and JWK provisioners get
their keys there too (add-jwk-provisioner.py), each under a passphrase of its own.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import AcmePlan, Plan, StepPlan
from pkispec.plan.layout import LAYOUT
from pkispec.render import quoting
from pkispec.render.program import fill_program
from pkispec.render.templating import header, render

#: where install-step-ca.sh puts each file, relative to STEPPATH (the guide's layout)
FILES = LAYOUT.step


def _settings(claims: tuple[tuple[str, Any], ...], template: str | None) -> dict[str, Any]:
    """What every provisioner carries besides its kind: its claims, and the leaf template
    that names step-ca's CRL."""
    out: dict[str, Any] = {}
    if claims:
        out["claims"] = dict(claims)
    if template:
        out["options"] = {"x509": {"template": template}}
    return out


def _provisioner(acme: AcmePlan) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "ACME", "name": acme.name}
    if acme.force_cn:
        out["forceCN"] = True
    if acme.challenges is not None:
        out["challenges"] = list(acme.challenges)
    if acme.attestation_formats:
        out["attestationFormats"] = list(acme.attestation_formats)
    return out | _settings(acme.claims, acme.leaf_template)


def _database(step: StepPlan) -> dict[str, str]:
    if step.db_type == "mysql":  # the data source holds a password: set-data-source.py
        return {"type": "mysql", "dataSource": "", "database": step.db_name}
    return {"type": step.db_type, "dataSource": step.db_path}


def ca_json(step: StepPlan) -> dict[str, Any]:
    authority: dict[str, Any] = {"provisioners": [_provisioner(a) for a in step.acme]}
    if step.sshpop:  # hosts renew their SSH certificates with their own keys
        authority["provisioners"].append(
            {"type": "SSHPOP", "name": step.sshpop, "claims": {"enableSSHCA": True}}
        )
    if step.claims:
        authority["claims"] = dict(step.claims)
    document: dict[str, Any] = {
        "address": step.address,
        "authority": authority,
        "crt": step.path(FILES.cert),
        "db": _database(step),
        "dnsNames": list(step.dns_names),
        "key": step.path(FILES.key),
        "logger": {"format": "text"},
        "root": step.path(FILES.root_cert),
    }
    token = step.signer.token
    if token is not None:  # step-ca signs through the token; the PIN is read from a file
        document["key"] = f"pkcs11:{token.path}"
        module = quote(token.module, safe="/._-")
        document["kms"] = {
            "type": "pkcs11",
            "uri": f"pkcs11:module-path={module};{token.token_attr}"
            f"?pin-source={step.path(FILES.pin)}",
        }
    if step.crl:
        document["crl"] = dict(step.crl)
    if step.ssh_keys:
        document["ssh"] = dict(step.ssh_keys)
    return document


def _text(plan: Plan, step: StepPlan, template: str) -> str:
    return render(
        template,
        header=header(plan.name),
        step=step,
        prefix=plan.prefix,
        signer=step.signer,
        exports=plan.publish.exports,
        provisioners=_jwk_settings(step),
        cut_over_files=(FILES.cert, FILES.key, FILES.password, FILES.pin, FILES.ca_json),
    )


def _jwk_settings(step: StepPlan) -> dict[str, dict[str, Any]]:
    return {name: _settings(claims, step.leaf_template) for name, claims in step.jwk}


def _add_jwk_provisioner(plan: Plan, step: StepPlan) -> str:
    return fill_program(
        "add_jwk_provisioner.py",
        header(plan.name),
        {
            "PROVISIONERS": quoting.python(_jwk_settings(step)),
            "STEPPATH": quoting.python(step.steppath),
            "CA_JSON": quoting.python(FILES.ca_json),
        },
    )


def _set_data_source(plan: Plan, step: StepPlan) -> str:
    return fill_program(
        "set_data_source.py",
        header(plan.name),
        {
            "STEP_CA": quoting.python(step.name),
            "STEPPATH": quoting.python(step.steppath),
            "CA_JSON": quoting.python(FILES.ca_json),
            "DSN_FILE": quoting.python(step.dsn_file),
        },
    )


def render_step_ca(plan: Plan) -> list[Artifact]:
    step = plan.step
    if step is None:
        return []
    document = json.dumps(ca_json(step), indent=2, sort_keys=True) + "\n"
    jwk = (
        [
            Artifact.text(
                plan.layout.bundle.add_jwk_provisioner,
                _add_jwk_provisioner(plan, step),
                SCRIPT,
            )
        ]
        if step.jwk
        else []
    )
    jwk += (
        [Artifact.text(plan.layout.bundle.set_data_source, _set_data_source(plan, step), SCRIPT)]
        if step.db_type == "mysql"
        else []
    )
    return [
        *jwk,
        Artifact.text(plan.layout.bundle.ca_json, document),
        Artifact.text(
            plan.layout.bundle.install_step_ca,
            _text(plan, step, "install-step-ca.sh.j2"),
            SCRIPT,
        ),
        Artifact.text(
            f"{plan.layout.bundle.ca_server_units}/{step.unit}.service",
            _text(plan, step, "step-ca.service.j2"),
        ),
    ]
