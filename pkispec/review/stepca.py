"""What a change means for step-ca: its ca.json, its provisioners and what they issue.

install-step-ca.sh keeps an installed ca.json (RUNBOOK.md section 3), so every change
that reaches ca.json is carried over by hand. Durations are compared as step-ca merges
them (its defaults, then ca_server.claims, then the provisioner's own), so a change of the
global claims shows at every provisioner it reaches.
"""

from __future__ import annotations

from pkispec.plan.layout import LAYOUT
from pkispec.review.fields import field_changes, show, span
from pkispec.review.notes import Notes
from pkispec.spec.facts import effective_claims, renewal_disabled, signing_intermediate
from pkispec.spec.model import AcmeProvisioner, CaServer, Provisioner, Spec

CA_JSON = (
    "ca.json changed: install-step-ca.sh keeps an installed ca.json; carry the "
    "change over by hand and restart step-ca"
)
#: ca_server keys that do not reach ca.json (the install script and the unit read them)
_NOT_IN_CA_JSON = {"user", "version", "intermediate"}
_DURATIONS = (
    ("min_tls_cert_duration", "shortest certificate duration"),
    ("default_tls_cert_duration", "default certificate duration"),
    ("max_tls_cert_duration", "longest certificate duration"),
)


def _describe(prov: Provisioner) -> str:
    if isinstance(prov, AcmeProvisioner):
        formats = (
            f", attestation {show(prov.attestation_formats)}" if prov.attestation_formats else ""
        )
        return f"acme, challenges {show(prov.challenges)}{formats}"
    return "jwk, admin" if prov.admin else "jwk"


def _provisioner(
    notes: Notes, old: tuple[Spec, CaServer, Provisioner], new: tuple[Spec, CaServer, Provisioner]
) -> None:
    (spec_a, server_a, a), (spec_b, server_b, b) = old, new
    who = f"provisioner '{b.name}'"
    if a.type != b.type:
        notes.change(f"{who}: now {_describe(b)} (was {_describe(a)})")
        return
    notes.change(*(f"{who}: {line}" for line in field_changes(a, b, skip={"claims"})))
    merged_a, merged_b = effective_claims(server_a, a.claims), effective_claims(server_b, b.claims)
    for key, words in _DURATIONS:
        if merged_a[key] != merged_b[key]:
            notes.change(span(f"{who}: {words}", merged_a[key], merged_b[key]))
    renews_a, renews_b = not renewal_disabled(spec_a, a), not renewal_disabled(spec_b, b)
    if renews_a != renews_b:
        notes.change(f"{who}: renewal " + ("allowed" if renews_b else "disabled"))


def _provisioners(notes: Notes, old: Spec, new: Spec, a: CaServer, b: CaServer) -> None:
    before = {prov.name: prov for prov in a.provisioners}
    after = {prov.name: prov for prov in b.provisioners}
    for name, prov in after.items():
        if name in before:
            _provisioner(notes, (old, a, before[name]), (new, b, prov))
        else:
            notes.change(f"provisioner '{name}' added ({_describe(prov)})")
    notes.change(*(f"provisioner '{name}' removed" for name in before if name not in after))


def step_ca(notes: Notes, old: Spec, new: Spec) -> None:
    a, b = old.ca_server, new.ca_server
    if a == b:
        return
    if a is None:
        notes.change(f"step-ca added ({LAYOUT.bundle.ca_server}/)")
        notes.need("step-ca is new: install it on the CA host as RUNBOOK.md section 3 says")
        return
    if b is None:
        notes.change(f"step-ca removed: the bundle has no {LAYOUT.bundle.ca_server}/ any more")
        notes.need("step-ca removed from the spec: stop and remove the installed step-ca by hand")
        return
    signer_a, signer_b = signing_intermediate(old).name, signing_intermediate(new).name
    notes.change(
        *(f"step-ca: {line}" for line in field_changes(a, b, skip={"provisioners", "intermediate"}))
    )
    _provisioners(notes, old, new, a, b)
    if signer_a != signer_b:
        notes.change(f"step-ca: signing intermediate '{signer_a}' -> '{signer_b}'")
        notes.need(
            f"step-ca signs with intermediate '{signer_b}' instead of '{signer_a}': "
            "cut it over on each CA host with PKISPEC_CUT_OVER=1 "
            f"{LAYOUT.bundle.install_step_ca} EXPORT_DIR KEY and restart step-ca "
            "(RUNBOOK.md section 9)"
        )
    if a.version != b.version:
        notes.need(
            f"step-ca {a.version} -> {b.version}: install that release on the CA host "
            "and restart step-ca"
        )
    if any(
        getattr(a, key) != getattr(b, key)
        for key in type(b).model_fields
        if key not in _NOT_IN_CA_JSON
    ):
        notes.need(CA_JSON)
