"""What expires when: the report of `pkispec status`, from the committed public files.

`status` is a pure function of the checked spec (its committed certificates and CRL, and
the drift `load(..., drift="report")` found) and a moment `now` the caller passes: the
CLI reads the clock, nothing here does. One item per thing, in the spec's order: the
root, each intermediate, the root CRL. Each is in one of these states, mildest first:

- ok: valid and not yet due;
- unknown: not committed yet (before the ceremony), so nothing can be said;
- due: its renewal window has begun. The root is due 2 years before its notAfter: its
  lifetime is decades, and replacing it means a new root ceremony and bringing the new
  root to every trust store (phones, PCs, browsers, profiles) while the old one still
  works, which takes months for devices that are not at hand, so a year's warning is
  too little. An intermediate is due its renewal window (`renew_before`, or a fifth of its
  lifetime and at most 180 days) before its notAfter. The root CRL
  is due once less than `validity - renew_every` of it is left, the very window of the
  CRL host's daily check (CrlPlan.due_seconds);
- drift: a committed file no longer matches the spec (PKI113), or the CRL is not signed
  by the committed root, or is no CRL at all;
- expired: at or past its notAfter (nextUpdate for the CRL), as the CRL host's check;
- revoked: an intermediate the spec marks revoked and the committed root CRL lists: it is
  out of service as intended, and neither expiry nor renewal concerns it any more.

An intermediate the committed root CRL lists but the spec does not mark revoked is drift:
the spec still trusts it (its proxies, step-ca's signer). One the spec marks revoked but
the CRL does not list yet is due: the procedure of the runbook's section 8 is under way.

An item that is both expired and drifted is expired, and its message says both. The
report's state is its worst item's; the exit status is 0 for ok and unknown, 1 for due
and 3 for drift and expired (2 stays "the spec is unusable", as for every command).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from pkispec.errors import Located
from pkispec.plan.offline import make_crl
from pkispec.spec import Checked
from pkispec.spec.durations import DAY, Duration
from pkispec.spec.model import Intermediate

if TYPE_CHECKING:
    from cryptography import x509

State = Literal["ok", "unknown", "revoked", "due", "drift", "expired"]
Kind = Literal["root", "intermediate", "crl", "spec"]

#: mildest first; the report's state is the worst of its items
RANK: dict[State, int] = {"ok": 0, "unknown": 1, "revoked": 2, "due": 3, "drift": 4, "expired": 5}
EXIT_STATUS: dict[State, int] = {
    "ok": 0,
    "unknown": 0,
    "revoked": 0,
    "due": 1,
    "drift": 3,
    "expired": 3,
}
#: how long before its notAfter the root is due (see the module's docstring)
ROOT_DUE = Duration.parse("2y")


@dataclass(frozen=True)
class Item:
    """One thing the report speaks of, and what it says about it."""

    kind: Kind
    name: str  # "root", the intermediate's name, or a YAML path
    state: State
    message: str
    file: str | None = None  # the committed file, relative to the spec
    not_after: datetime | None = None  # certificates
    next_update: datetime | None = None  # the CRL
    days_left: int | None = None  # whole days until then, rounded down

    @property
    def label(self) -> str:
        return {
            "root": "root",
            "crl": "root CRL",
            "intermediate": f"intermediate '{self.name}'",
        }.get(self.kind, self.name)

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "file": self.file,
            "state": self.state,
            "message": self.message,
            "not_after": iso(self.not_after),
            "next_update": iso(self.next_update),
            "days_left": self.days_left,
        }


@dataclass(frozen=True)
class Report:
    spec: str
    now: datetime
    items: tuple[Item, ...]

    @property
    def state(self) -> State:
        return max((item.state for item in self.items), key=RANK.__getitem__, default="ok")

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.state]

    def text(self) -> str:
        """One aligned line per item, in the spec's order, then a summary line."""
        states = max(len(state) for state in RANK)
        labels = max((len(item.label) for item in self.items), default=0)
        lines = [
            f"{item.state:<{states}}  {item.label:<{labels}}  {item.message}" for item in self.items
        ]
        counts = [
            f"{n} {state}"
            for state in sorted(RANK, key=RANK.__getitem__, reverse=True)
            if (n := sum(item.state == state for item in self.items))
        ]
        lines.append(f"{self.spec}: {self.state} at {iso(self.now)} ({', '.join(counts)})")
        return "\n".join(lines) + "\n"

    def json_text(self) -> str:
        doc = {
            "spec": self.spec,
            "now": iso(self.now),
            "state": self.state,
            "items": [item.as_json() for item in self.items],
        }
        return json.dumps(doc, indent=2) + "\n"


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z: 2027-05-01T12:00:00Z."""
    if when is None:
        return None
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_when(text: str) -> datetime:
    """An ISO 8601 date or date-time, UTC when it names no zone; ValueError otherwise."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date or date-time; write e.g. "
            "2027-05-01 or 2027-05-01T12:00:00Z (UTC when no zone is "
            "given)"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def status(checked: Checked, now: datetime) -> Report:
    """The report of `checked` (loaded with drift="report") at `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("status needs an aware datetime")  # a bug in the caller
    spec, committed = checked.spec, checked.committed
    drift = list(checked.drift)
    root = _certificate(committed.root_der)
    crl = _crl(committed.crl_der) if committed.crl_der is not None else None
    if crl is not None and root is not None and not _signed_by(crl, root):
        crl = None  # its own item says so; a forged CRL revokes nothing
    items = [_root_item(checked, root, _take(drift, ("root", "certificate")), now)]
    for index, inter in enumerate(spec.intermediates):
        cert = _certificate(committed.intermediates.get(inter.name))
        item = _intermediate_item(
            index, inter, cert, _take(drift, ("intermediates", index, "certificate")), now
        )
        items.append(_revocation(item, inter, cert, crl))
    items.append(_crl_item(checked, root, now))
    items += [
        Item("spec", ".".join(map(str, d.problem.path)), "drift", d.problem.message) for d in drift
    ]  # drift of anything else, should there ever be any
    return Report(spec.name, now, tuple(items))


def _take(drift: list[Located], path: tuple[str | int, ...]) -> list[str]:
    """The findings at `path`, removed from `drift`."""
    found = [d for d in drift if d.problem.path == path]
    for d in found:
        drift.remove(d)
    return [d.problem.finding or d.problem.message for d in found]


def _certificate(der: bytes | None) -> x509.Certificate | None:
    if der is None:
        return None
    from cryptography import x509

    return x509.load_der_x509_certificate(der)


def _left(until: datetime, now: datetime) -> tuple[int, int]:
    """(seconds, whole days rounded down) from now until `until`; negative when past."""
    seconds = int((until - now).total_seconds())
    return seconds, seconds // DAY


def _judge(until: datetime, window: int, now: datetime, findings: list[str]) -> tuple[State, int]:
    """expired > drift > due > ok, and the whole days left."""
    seconds, days = _left(until, now)
    if seconds <= 0:
        return "expired", days
    if findings:
        return "drift", days
    return ("due" if seconds <= window else "ok"), days


def _say(
    state: State,
    until: datetime,
    days: int,
    window: int,
    *,
    findings: list[str],
    due_advice: str,
    expired_advice: str,
) -> str:
    when, due_from = iso(until), iso(until - timedelta(seconds=window))
    if state == "expired":
        text = f"expired at {when}: {expired_advice}"
    elif state == "due" or (state == "drift" and days * DAY <= window):
        text = f"expires {when}, in {days} days: {due_advice}"
    else:
        text = f"valid until {when} ({days} days); due from {due_from}"
    return "; ".join([*findings, text])


def _mismatch(findings: list[str]) -> list[str]:
    return [f"does not match the spec: {'; '.join(findings)}"] if findings else []


def _root_item(
    checked: Checked, cert: x509.Certificate | None, findings: list[str], now: datetime
) -> Item:
    relative = checked.spec.root.certificate
    if relative is None or cert is None:
        return Item(
            "root",
            "root",
            "unknown",
            "not committed: commit certs/root.pem of the export and set root.certificate",
        )
    until, window = cert.not_valid_after_utc, ROOT_DUE.seconds
    state, days = _judge(until, window, now, findings)
    message = _say(
        state,
        until,
        days,
        window,
        findings=_mismatch(findings),
        due_advice="make a new root at a ceremony and bring it to every trust store",
        expired_advice="no chain under it verifies; make a new root at a ceremony",
    )
    return Item("root", "root", state, message, relative, until, None, days)


def _intermediate_item(
    index: int,
    inter: Intermediate,
    cert: x509.Certificate | None,
    findings: list[str],
    now: datetime,
) -> Item:
    if inter.certificate is None or cert is None:
        return Item(
            "intermediate",
            inter.name,
            "unknown",
            "not committed: commit "
            f"certs/{inter.name}.pem of the export and set "
            f"intermediates[{index}].certificate",
        )
    until, window = cert.not_valid_after_utc, inter.renewal_window.seconds
    state, days = _judge(until, window, now, findings)
    message = _say(
        state,
        until,
        days,
        window,
        findings=_mismatch(findings),
        due_advice="sign a new intermediate at an offline ceremony",
        expired_advice="nothing it issued verifies; sign a new intermediate at a ceremony",
    )
    return Item("intermediate", inter.name, state, message, inter.certificate, until, None, days)


def _revocation(
    item: Item,
    inter: Intermediate,
    cert: x509.Certificate | None,
    crl: x509.CertificateRevocationList | None,
) -> Item:
    """The intermediate's item as the committed root CRL and the spec's `revoked` have it."""
    if cert is None or crl is None:
        if inter.revoked is None or item.state == "unknown":
            return item
        return _replace(
            item,
            "due",
            f"the spec revokes it ({inter.revoked.reason}, "
            f"{inter.revoked.date}): commit the root CRL that lists it, made by "
            "the runbook's section 8, so that this can be checked",
        )
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if entry is None:
        if inter.revoked is None:
            return item
        return _replace(
            item,
            "due",
            f"the spec revokes it ({inter.revoked.reason}), and the "
            "committed root CRL does not list it yet: follow the runbook's "
            "section 8 and commit the new crls/root.crl",
        )
    when = iso(entry.revocation_date_utc)
    if inter.revoked is None:
        return _replace(
            item,
            "drift",
            f"the committed root CRL lists it as revoked at {when}, "
            "and the spec still trusts it: mark it revoked (with its successor) "
            "and follow the runbook's section 8",
        )
    return _replace(
        item,
        "revoked",
        f"revoked at {when} ({inter.revoked.reason}), as the "
        "spec says: the proxies trust it no more",
    )


def _replace(item: Item, state: State, message: str) -> Item:
    return Item(
        item.kind,
        item.name,
        state,
        message,
        item.file,
        item.not_after,
        item.next_update,
        item.days_left,
    )


def _crl(data: bytes) -> x509.CertificateRevocationList | None:
    """DER as the export writes crls/root.crl, or PEM."""
    from cryptography import x509

    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        return None


def _signed_by(crl: x509.CertificateRevocationList, root: x509.Certificate) -> bool:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    key = root.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        return False
    try:
        return crl.is_signature_valid(key)
    except (TypeError, ValueError):
        return False


def _crl_item(checked: Checked, root: x509.Certificate | None, now: datetime) -> Item:
    spec = checked.spec
    relative, data = spec.root.crl.file, checked.committed.crl_der
    if relative is None or data is None:
        return Item(
            "crl",
            "root",
            "unknown",
            "not committed: commit crls/root.crl of the export and set root.crl.file",
        )
    crl = _crl(data)
    if crl is None:
        return Item("crl", "root", "drift", f"{relative} is no CRL (neither DER nor PEM)", relative)
    until = crl.next_update_utc
    if until is None:
        return Item(
            "crl",
            "root",
            "drift",
            "it has no nextUpdate, which every CRL of the ceremony has",
            relative,
        )
    findings = [] if root is None or _signed_by(crl, root) else ["not signed by the committed root"]
    plan = make_crl(spec)
    state, days = _judge(until, plan.due_seconds, now, findings)
    message = _say(
        state,
        until,
        days,
        plan.due_seconds,
        findings=findings,
        due_advice="re-sign it and publish it"
        + (
            " (the CRL host's timer should have)"
            if plan.renewal == "automatic"
            else " at an offline ceremony"
        ),
        expired_advice="clients that check it refuse every chain under the "
        "root; re-sign and publish it",
    )
    if root is None:
        message += "; its signature is unchecked without root.certificate"
    return Item("crl", "root", state, message, relative, None, until, days)
