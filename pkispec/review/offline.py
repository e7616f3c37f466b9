"""What a change means for the offline CA: the root, its CRL and the intermediates.

A property written into a certificate cannot change in place: the root's needs a new
root in every trust store, an intermediate's (and the root CRL URL, which every
intermediate carries as its CRL distribution point) a new signing at an offline ceremony.
"""

from __future__ import annotations

from pkispec.plan import Scripts
from pkispec.plan.layout import LAYOUT
from pkispec.review.fields import field_changes, show, span
from pkispec.review.notes import Notes
from pkispec.spec import Checked
from pkispec.spec.facts import key_label, signing_intermediate
from pkispec.spec.model import Intermediate, Root, Spec, merged_subject

NEW_ROOT = "needs a new root ceremony and redistribution of the root to every trust store"
#: the ceremony scripts keep what exists, so a new signing needs the old files moved away
RE_KEY = (
    "before re-signing an intermediate, move its private/, csr/ and certs/ folders "
    "aside on the air-gapped machine (RUNBOOK.md section 8): the scripts keep an "
    "existing certificate and reuse one the root already issued for the same key"
)
_CERT_FIELDS = {"common_name", "subject", "key", "digest", "lifetime"}

CEREMONY = LAYOUT.bundle.ceremony  # where the ceremony's scripts are in the bundle


def _dn(fields: dict[str, str]) -> str:
    return ", ".join(f"{name}={value}" for name, value in fields.items()) or "(empty)"


def _written(
    notes: Notes,
    who: str,
    old: tuple[Spec, Root | Intermediate],
    new: tuple[Spec, Root | Intermediate],
) -> list[str]:
    """The certificate's own properties that changed, said as changes; their names."""
    (old_spec, a), (new_spec, b) = old, new
    found: list[str] = []
    if a.common_name != b.common_name:
        notes.change(f"{who}: common name {show(a.common_name)} -> {show(b.common_name)}")
        found.append("common name")
    subject_a, subject_b = merged_subject(old_spec, a.subject), merged_subject(new_spec, b.subject)
    if subject_a != subject_b:
        notes.change(f"{who}: subject {_dn(subject_a)} -> {_dn(subject_b)}")
        found.append("subject")
    if a.key != b.key:
        notes.change(f"{who}: key {key_label(a.key)} -> {key_label(b.key)}")
        found.append("key")
    if a.digest != b.digest:
        notes.change(f"{who}: digest {a.digest} -> {b.digest}")
        found.append("digest")
    if a.lifetime != b.lifetime:
        notes.change(span(f"{who}: lifetime", a.lifetime, b.lifetime))
        found.append("lifetime")
    return found


def _committed(
    notes: Notes,
    who: str,
    old: bytes | None,
    new: bytes | None,
    *,
    where: str | None,
    what: str = "certificate",
) -> None:
    """A public file of the second phase committed, dropped or replaced."""
    if old == new:
        return
    if old is None:
        notes.change(f"{who}: its {what} is committed now ({where})")
    elif new is None:
        notes.change(f"{who}: no committed {what} any more")
    else:
        notes.change(f"{who}: the committed {what} {where} is another one")


def root(notes: Notes, old: Checked, new: Checked) -> bool:
    """The root and its CRL; True when the root must be made again."""
    a, b = old.spec.root, new.spec.root
    written = _written(notes, "root", (old.spec, a), (new.spec, b))
    notes.change(
        *(
            f"root: {line}"
            for line in field_changes(a, b, skip={*_CERT_FIELDS, "crl", "certificate"})
        )
    )
    _committed(notes, "root", old.committed.root_der, new.committed.root_der, where=b.certificate)
    if written:
        notes.need(
            f"root ({', '.join(written)}): {NEW_ROOT} (in a fresh CA directory, "
            "PKISPEC_PREFIX: the scripts keep an existing root)"
        )
    _crl(notes, old, new)
    return bool(written)


def _crl(notes: Notes, old: Checked, new: Checked) -> None:
    a, b = old.spec.root.crl, new.spec.root.crl
    if a.url != b.url:
        notes.change(
            f"root CRL URL {a.url} -> {b.url}: it is every intermediate's CRL "
            "distribution point, and the CRL site serves the new path"
        )
    for field, words in (
        ("validity", "root CRL validity"),
        ("renew_every", "root CRL cadence (renew_every)"),
    ):
        if getattr(a, field) != getattr(b, field):
            notes.change(span(words, getattr(a, field), getattr(b, field)))
    notes.change(
        *(
            f"root CRL: {line}"
            for line in field_changes(a, b, skip={"url", "validity", "renew_every", "file"})
        )
    )
    _committed(
        notes, "root CRL", old.committed.crl_der, new.committed.crl_der, where=b.file, what="CRL"
    )
    if (a.validity, a.renew_every, a.renewal) != (b.validity, b.renew_every, b.renewal):
        notes.need(
            "root CRL validity or cadence: install the CRL host's check (and renewal) "
            "again as RUNBOOK.md section 2 says; the new validity holds from the next "
            "CRL the root signs"
        )


def intermediates(
    notes: Notes, old: Checked, new: Checked, *, new_root: bool, scripts: tuple[Scripts, Scripts]
) -> None:
    """Added, removed and changed intermediates, and which need a new signing."""
    before = {inter.name: inter for inter in old.spec.intermediates}
    after = {inter.name: inter for inter in new.spec.intermediates}
    url_moved = old.spec.root.crl.url != new.spec.root.crl.url
    for name, inter in after.items():
        if name not in before:
            notes.change(f"intermediate '{name}' added")
            notes.need(
                f"intermediate '{name}' is new: at an offline ceremony run "
                f"{CEREMONY}/{scripts[1].prepare} (it keeps what exists), its "
                f"request and sign steps ({scripts[1].request[name]}, "
                f"{scripts[1].sign[name]}), then {scripts[1].export}"
            )
            continue
        if inter.revoked and not before[name].revoked:
            notes.change(
                f"intermediate '{name}' revoked ({inter.revoked.reason}, {inter.revoked.date})"
            )
            notes.need(
                f"intermediate '{name}' is revoked: follow RUNBOOK.md section 8 in "
                f"its order: the ceremony ({CEREMONY}/{scripts[1].revoke[name]} "
                f"{inter.revoked.reason}, the successor's steps, "
                f"{scripts[1].export}), the CRL host's publish, step-ca's cut-over, "
                "each proxy, then every device it issued to"
            )
            continue
        reasons = _intermediate(notes, (old, before[name]), (new, inter))
        reasons += ["the root CRL URL"] if url_moved else []
        reasons += ["a new root"] if new_root else []
        if reasons:
            _resign(notes, new.spec, name, reasons, scripts[1])
    for name in [name for name in before if name not in after]:
        notes.change(f"intermediate '{name}' removed")
        notes.need(
            f"intermediate '{name}' removed: if it was ever signed, revoke it with "
            f"the old bundle's {CEREMONY}/{scripts[0].revoke[name]} (the new "
            "bundle has no revoke script for it)"
        )


def _resign(notes: Notes, spec: Spec, name: str, reasons: list[str], scripts: Scripts) -> None:
    signer = signing_intermediate(spec).name if spec.ca_server else None
    then = (
        ", then step-ca cut over to it (PKISPEC_CUT_OVER=1, RUNBOOK.md section 9)"
        if name == signer
        else f", then {scripts.export} and the CRL host's publish step"
    )
    notes.need(
        f"intermediate '{name}' ({', '.join(reasons)}): needs the intermediate "
        f"'{name}' re-signed at an offline ceremony ({CEREMONY}/"
        f"{scripts.request[name]}, {scripts.sign[name]}){then}"
    )
    notes.need(RE_KEY)
    if spec.proxies and (spec.proxies.traefik or spec.proxies.caddy or spec.proxies.nginx):
        notes.need(
            "the proxies check client certificates against the intermediates' "
            "certificates: give them those of the new export (RUNBOOK.md section 5)"
        )


def _intermediate(
    notes: Notes, old: tuple[Checked, Intermediate], new: tuple[Checked, Intermediate]
) -> list[str]:
    (old_checked, a), (new_checked, b) = old, new
    who = f"intermediate '{b.name}'"
    reasons = _written(notes, who, (old_checked.spec, a), (new_checked.spec, b))
    if a.pathlen != b.pathlen:
        notes.change(f"{who}: path length {a.pathlen} -> {b.pathlen}")
        reasons.append("path length")
    if a.name_constraints != b.name_constraints:
        if a.name_constraints is None or b.name_constraints is None:
            said = [
                "name constraints added"
                if a.name_constraints is None
                else "name constraints removed"
            ]
        else:
            said = field_changes(a.name_constraints, b.name_constraints, "name constraints ")
        notes.change(*(f"{who}: {line}" for line in said))
        reasons.append("name constraints")
    notes.change(
        *(
            f"{who}: {line}"
            for line in field_changes(
                a, b, skip={*_CERT_FIELDS, "pathlen", "name_constraints", "certificate", "revoked"}
            )
        )
    )
    _committed(
        notes,
        who,
        old_checked.committed.intermediates.get(a.name),
        new_checked.committed.intermediates.get(b.name),
        where=b.certificate,
    )
    return reasons
