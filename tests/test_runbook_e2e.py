"""The example's RUNBOOK.md, applied by its own commands, machine by machine, on loopback.

The example's bundle is built and its runbook applied block by block by tests/e2e/operator.py
(what the operator does besides the runbook's commands is listed there), on the machines the
example names: the air-gapped machine, on no wire; the CRL host and the CA server, one host
as in the guide (nginx on :80, step-ca on :443, both pki-ca.dmz.vlan.party); the admin
machine, which is also the Linux machine trusting the root. Each step-ca release the project
supports runs it: the guide's 0.26.1 and the newest. systemctl is tests/e2e/systemctl.py,
which starts a unit from its own User=, Environment= and ExecStart= lines, and lists what
it does not emulate.

Sections 0 to 7 and 10 (the spec's second phase, on a workstation holding the spec in
git) run as the first procedure; then the spec is changed as section 8 says and
section 8 of the rebuilt bundle runs on the same machines. NOT_RUN names what does not.
"""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from conftest import EXAMPLE, compile_checked, materialize
from e2e.machines import require_machines
from e2e.operator import EXPORT, OUT, PASSPHRASES, Operator, Site, Workstation, prepare
from e2e.systemctl import NOT_EMULATED
from peers import Edge
from runbook import blocks, choices, section_blocks, variables

#: sections whose blocks belong to a later procedure, with the test that proves them
NOT_RUN = {
    8: "revoking an intermediate needs the spec changed first (the `revoked` fixture)",
    9: "rotating the intermediate needs the spec changed first (test_rotation)",
}


def site(step_ca: Edge) -> Site:
    """The example's machines: the CRL host and the CA server are one host, as in the guide."""
    return Site(
        addresses={
            "offline": None,
            "crl-host": "127.1.0.2",
            "ca-server": "127.1.0.2",
            "admin": "127.1.0.3",
        },
        serves={"pki-ca.dmz.vlan.party": "ca-server"},
        step_ca=step_ca,
    )


@dataclass
class Applied:
    """The operator after the first procedure, and the root CRLs served on the way."""

    operator: Operator
    crls: dict[str, x509.CertificateRevocationList] = field(default_factory=dict)


@pytest.fixture(scope="module", params=["oldest", "newest"])
def applied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Applied]:
    """The example's runbook, sections 0 to 7 and 10, applied in order with each step-ca
    release."""
    work = tmp_path_factory.mktemp("runbook")
    require_machines(work)
    bundle = materialize(compile_checked(EXAMPLE), work / "homelab")
    with ExitStack() as stack:
        person = prepare(stack, work, bundle, site(request.param))
        person.workstation = Workstation.before_the_ceremony(
            work / "workstation", EXAMPLE.read_text(encoding="utf-8"), "homelab"
        )
        assert set(PASSPHRASES) <= set(person.passfiles()), "the runbook names these variables"
        done = Applied(person)
        before = {3: lambda: done.crls.setdefault("published", person.served_crl())}
        person.apply_all(NOT_RUN, before)
        done.crls["re-signed"] = person.served_crl()
        yield done


@pytest.fixture(scope="module")
def operator(applied: Applied) -> Operator:
    return applied.operator


#: section 8's first paragraph, done to the example: the intermediate marked revoked, and
#: its successor, named for step-ca
REVOKED = "    revoked: {date: 2026-12-01, reason: keyCompromise}\n"
SUCCESSOR = """\
  - name: intermediate-2
    common_name: vlan.party Intermediate CA 2
    key: {type: ec, curve: secp384r1}
    lifetime: 3652d
    pathlen: 0
    name_constraints:
      permitted_dns: [vlan.party]
"""


def revoking_spec(text: str) -> str:
    """The example with its intermediate revoked and a successor in step-ca's service."""
    start = text.index("  - name: intermediate\n")
    end = text.index("\nceremony:")
    text = text[:end] + SUCCESSOR + text[end:]
    text = text[:start] + text[start:].replace("    pathlen: 0\n", "    pathlen: 0\n" + REVOKED, 1)
    return text.replace("  intermediate: intermediate\n", "  intermediate: intermediate-2\n", 1)


@pytest.fixture(scope="module")
def revoked(operator: Operator, tmp_path_factory: pytest.TempPathFactory) -> Operator:
    """Section 8 of the rebuilt bundle, on the same machines: the revocation, the
    successor, the CRL host, step-ca's cut-over, the devices' certificates again."""
    work = tmp_path_factory.mktemp("revoked")
    spec = work / "homelab.pki.yaml"
    spec.write_text(revoking_spec(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    operator.rebuilt(materialize(compile_checked(spec), work / "homelab"))
    assert section_blocks(operator.runbook, 8), "the rebuilt runbook lists section 8's steps"
    for block in section_blocks(operator.runbook, 8):
        operator.apply(block)
    return operator


def test_every_block_of_the_runbook_ran_or_is_named(operator: Operator) -> None:
    every = blocks(operator.runbook)
    ran = operator.ran
    skipped = [b for b in every if b.section in NOT_RUN]
    assert {b.section for b in skipped} <= set(NOT_RUN)
    assert len(ran) + len(skipped) + sum(b.kind == "carry" for b in every) == len(every)
    machines = {*operator.site.addresses, *operator.site.stands_in, "windows-pc", "workstation"}
    assert {b.machine for b in every if b.kind == "sh"} <= machines
    print("unit settings the stand-in systemctl does not emulate:", ", ".join(NOT_EMULATED))


def test_the_operators_choices_are_the_runbooks(operator: Operator) -> None:
    """Every variable a block uses is one of the runbook's choices (or a documented
    variable of the scripts), and the test chose each of them."""
    used = set().union(*(variables(b) for b in blocks(operator.runbook)))
    assert used == choices(operator.runbook)
    station = operator.workstation.choices if operator.workstation else {}
    assert used <= {*operator.choices, *station}


def test_the_ceremony_made_a_chain_openssl_verifies(operator: Operator) -> None:
    out = operator.sh(
        "offline",
        "openssl verify -CAfile /root/ca/certs/ca.pem /root/ca/intermediate/certs/intermediate.pem",
    )
    assert out.strip().endswith(": OK")


def test_the_fingerprint_written_down_is_the_roots(operator: Operator) -> None:
    pem = operator.sh("admin", f"cat {EXPORT}/certs/root.pem")
    root = x509.load_pem_x509_certificate(pem.encode())
    assert operator.choices["FINGERPRINT"] == root.fingerprint(hashes.SHA256()).hex()


def test_step_ca_runs_as_its_unit_says(operator: Operator) -> None:
    """Started by the stand-in systemctl from step-ca.service: as the user `step`, which
    install-step-ca.sh made on the CA server only."""
    assert operator.sh("ca-server", "ps -o user= -C step-ca").split() == ["step"]
    assert subprocess.run(["id", "step"], capture_output=True, check=False).returncode != 0


def test_the_trusting_machine_reaches_step_ca_by_its_name(operator: Operator) -> None:
    """After section 4 the admin machine's curl trusts step-ca through the system store,
    which this host's does not."""
    url = re.search(r'step-ca "[^"]+" at (https://\S+),', operator.runbook)
    assert url
    assert operator.sh("admin", f"curl -sf {url.group(1)}/health").strip() == '{"status":"ok"}'


def test_the_phones_pkcs12_and_its_renewal(operator: Operator) -> None:
    """Section 6: the phone's PKCS#12 opens with its passphrase and holds a certificate of
    the intermediate; the renewal kept the first as *.previous."""
    listing = operator.sh("admin", f"ls {OUT}").split()
    assert {"my-android-phone.p12", "my-android-phone.p12.previous"} <= set(listing)
    data = base64.b64decode(operator.sh("admin", f"base64 -w0 {OUT}/my-android-phone.p12"))
    p12 = pkcs12.load_pkcs12(data, PASSPHRASES["PKISPEC_P12_PASSFILE"].encode())
    assert p12.cert is not None and p12.key is not None
    assert p12.cert.certificate.issuer.rfc4514_string() == (
        "CN=vlan.party Intermediate CA 1,O=vlan.party,C=DE"
    )


def test_the_desktops_request_came_back_with_its_chain(operator: Operator) -> None:
    chain = pkcs7.load_der_pkcs7_certificates((operator.windows / "my-desktop.p7b").read_bytes())
    subjects = [c.subject.rfc4514_string() for c in chain]
    assert "CN=My Desktop" in subjects
    assert "CN=vlan.party Intermediate CA 1,O=vlan.party,C=DE" in subjects


def test_the_re_signed_crl_is_served(applied: Applied) -> None:
    """Section 7's offline ceremony, carry and publish: the CRL host serves a newer CRL."""
    first, second = applied.crls["published"], applied.crls["re-signed"]
    number = x509.CRLNumber
    assert (
        second.extensions.get_extension_for_class(number).value.crl_number
        == first.extensions.get_extension_for_class(number).value.crl_number + 1
    )


def test_the_revoked_intermediate_is_on_the_served_crl(revoked: Operator) -> None:
    pem = revoked.sh("offline", "cat /root/ca/intermediate/certs/intermediate.pem")
    intermediate = x509.load_pem_x509_certificate(pem.encode())
    entry = revoked.served_crl().get_revoked_certificate_by_serial_number(
        intermediate.serial_number
    )
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason == x509.ReasonFlags.key_compromise


def test_step_ca_issues_from_the_successor_after_the_cut_over(revoked: Operator) -> None:
    """After section 8's cut-over the devices' certificates, issued again as section 8
    says, come from the successor; step-ca's old files stay as *.retired beside the new."""
    data = base64.b64decode(revoked.sh("admin", f"base64 -w0 {OUT}/my-android-phone.p12"))
    p12 = pkcs12.load_pkcs12(data, PASSPHRASES["PKISPEC_P12_PASSFILE"].encode())
    assert p12.cert is not None
    assert p12.cert.certificate.issuer.rfc4514_string() == (
        "CN=vlan.party Intermediate CA 2,O=vlan.party,C=DE"
    )
    assert ".retired" in revoked.sh("ca-server", "ls /etc/step/certs /etc/step/secrets")


def test_the_desktop_renewed_from_the_successor(revoked: Operator) -> None:
    chain = pkcs7.load_der_pkcs7_certificates((revoked.windows / "my-desktop.p7b").read_bytes())
    issuers = {
        c.issuer.rfc4514_string() for c in chain if c.subject.rfc4514_string() == "CN=My Desktop"
    }
    assert issuers == {"CN=vlan.party Intermediate CA 2,O=vlan.party,C=DE"}


def test_the_second_phase_pins_the_ceremonys_root(operator: Operator) -> None:
    """Section 10: the spec names the ceremony's files and pins its root; the bundle built
    from it installs that root by default, and everything is committed."""
    station = operator.workstation
    assert station is not None
    fingerprint = operator.choices["FINGERPRINT"]
    assert f"fingerprint: {fingerprint}" in station.spec.read_text(encoding="utf-8")
    install = station.build / "homelab" / "trust" / "linux" / "install-root.sh"
    assert fingerprint in install.read_text(encoding="utf-8")
    log = station.run("git log --format=%s", {})
    assert log.stdout.splitlines() == [
        "homelab: the ceremony's public files",
        "the spec and its bundle, reviewed",
    ]
    assert station.run("git status --porcelain", {}).stdout == ""


def test_a_committed_root_that_is_not_the_pinned_one_is_refused(operator: Operator) -> None:
    """The attacker's move on the repository: another root in place of the ceremony's.
    The build CI runs refuses it, naming the spec's line."""
    station = operator.workstation
    assert station is not None
    root = station.spec.parent / "root.pem"
    genuine = root.read_bytes()
    other = Path(__file__).parent / "golden" / "edge" / "root.pem"
    try:
        root.write_bytes(other.read_bytes())
        check = station.run('pkispec build --check "$SPEC" -o "$BUILD"', {})
    finally:
        root.write_bytes(genuine)
    assert check.returncode == 2, check.stdout + check.stderr
    assert "PKI113" in check.stderr and f"{station.spec.name}:" in check.stderr
