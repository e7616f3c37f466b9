"""What a change of the spec means, read from the two checked specs (never from text).

`explain` says what changed (clients, provisioners and what they issue, lifetimes, the
proxies, trust and devices) and what each change needs by hand: a ceremony for what is
written into a certificate, ca.json carried over for step-ca.
"""

from __future__ import annotations

from pydantic import BaseModel

from pkispec.compiler import Compiled
from pkispec.review import offline
from pkispec.review.fields import field_changes, show
from pkispec.review.notes import Notes
from pkispec.review.stepca import step_ca
from pkispec.spec.model import Client, Spec


def _client(client: Client) -> str:
    if client.kind == "pkcs12":
        return f"pkcs12 for {client.platform}, provisioner {show(client.provisioner)}"
    if client.kind == "windows-tpm":
        return f"Windows TPM key, provisioner {show(client.provisioner)}"
    return f"Apple device-attest-01, provisioner {show(client.provisioner)}"


def _clients(notes: Notes, old: Spec, new: Spec) -> None:
    before = {client.name: client for client in old.clients}
    after = {client.name: client for client in new.clients}
    for name, client in after.items():
        if name not in before:
            notes.change(f"client '{name}' added ({_client(client)})")
        elif before[name] != client:
            notes.change(
                f"client '{name}' changed: "
                + "; ".join(field_changes(before[name], client, skip={"name"}))
            )
    notes.change(
        *(
            f"client '{name}' removed (a certificate it holds stays valid until it "
            "expires or is revoked)"
            for name in before
            if name not in after
        )
    )


def _section(notes: Notes, what: str, old: BaseModel | None, new: BaseModel | None) -> None:
    """A part of the spec in one line: added, removed, or its changed keys."""
    if old == new:
        return
    if old is None:
        notes.change(f"{what} added")
    elif new is None:
        notes.change(f"{what} removed")
    else:
        notes.change(f"{what}: " + "; ".join(field_changes(old, new)))


def _proxies(notes: Notes, old: Spec, new: Spec) -> None:
    for key, words in (
        ("traefik", "proxy Traefik"),
        ("caddy", "proxy Caddy"),
        ("nginx", "proxy nginx"),
    ):
        _section(notes, words, getattr(old.proxies, key, None), getattr(new.proxies, key, None))


def explain(before: Compiled, after: Compiled) -> list[str]:
    """What changes from `before` to `after`, and what that needs by hand; no lines:
    nothing."""
    old, new = before.checked, after.checked
    notes = Notes()
    if old.spec.name != new.spec.name:
        notes.change(f"bundle name {old.spec.name} -> {new.spec.name}")
    _section(notes, "subject defaults", old.spec.subject, new.spec.subject)
    new_root = offline.root(notes, old, new)
    scripts = (before.plan.scripts, after.plan.scripts)
    offline.intermediates(notes, old, new, new_root=new_root, scripts=scripts)
    _section(notes, "ceremony", old.spec.ceremony, new.spec.ceremony)
    _section(notes, "CRL site", old.spec.crl_publishing, new.spec.crl_publishing)
    step_ca(notes, old.spec, new.spec)
    _proxies(notes, old.spec, new.spec)
    _clients(notes, old.spec, new.spec)
    _section(notes, "profile signer", old.spec.profile_signer, new.spec.profile_signer)
    _section(notes, "trust", old.spec.trust, new.spec.trust)
    if not notes.changes and old.spec != new.spec:  # a key no section above reads
        notes.change("the spec changed; read the file changes below")
    return notes.lines()
