"""A spec whose CA keys are on PKCS#11 tokens: its RUNBOOK.md applied by its own commands.

The `softhsm` golden spec puts the root's key on one SoftHSM2 token and step-ca's
intermediate's on another. Its runbook, in its first phase, is applied block by block by
tests/e2e/operator.py on four machines: the air-gapped machine (on no wire), where
softhsm2-util initialises both tokens (the operator types each token's PIN at its prompts)
and the ceremony makes both keys on them; the CRL host; the CA server, to which the
intermediate's token moves as the runbook's blocks move it (a SoftHSM2 token is a folder),
and where step-ca, a cgo build of each release, signs with the key on it; and the admin
machine, which gets a certificate from step-ca over ACME with lego, as a proxy would.

SoftHSM2 is the only token that runs here: the runbook's blocks for a YubiKey, a Nitrokey
or a TPM are checked by their goldens only (tests/golden/tokens).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from conftest import ROOT, compile_checked, materialize
from e2e.machines import require_machines
from e2e.operator import EXPORT, Operator, Site, Workstation, prepare
from peers import Edge
from runbook import blocks, section_blocks

SPEC = ROOT / "tests" / "golden" / "softhsm" / "spec.yaml"
ADDRESSES: dict[str, str | None] = {
    "offline": None,
    "crl-host": "127.3.0.2",
    "ca-server": "127.3.0.3",
    "admin": "127.3.0.4",
}
#: the runbook's names, and the name the admin machine asks step-ca for
SERVES = {
    "pki.soft-lab.example": "crl-host",
    "ca.soft-lab.example": "ca-server",
    "www.soft-lab.example": "admin",
}
NOT_RUN = {
    8: "revoking an intermediate needs the spec changed first",
    9: "rotating the intermediate needs the spec changed first (test_rotation, file keys)",
}
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
#: where the runbook puts what it makes, on the machines that hold a CA's key
KEPT = {
    "offline": "/root/ca /root/pkispec-tokens /var/lib/softhsm",
    "ca-server": f"/etc/step {EXPORT} /var/lib/softhsm",
}
ROOT_CA, ISSUING = "Soft Token Lab Root CA", "Soft Token Lab Issuing CA"


@pytest.fixture(scope="module", params=["oldest", "newest"])
def operator(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Operator]:
    """Sections 0 to 7 and 10 of the softhsm spec's runbook, applied in order with each
    step-ca release (cgo builds, which have the PKCS#11 KMS)."""
    edge: Edge = request.param
    work = tmp_path_factory.mktemp("tokens")
    require_machines(work)
    spec = work / "softhsm.pki.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    bundle = materialize(compile_checked(spec), work / "softhsm")
    with ExitStack() as stack:
        person = prepare(stack, work, bundle, Site(ADDRESSES, SERVES, step_ca=edge))
        person.workstation = Workstation.before_the_ceremony(
            work / "workstation", spec.read_text(encoding="utf-8"), "softhsm"
        )
        assert {"PKISPEC_ROOT_PINFILE", "PKISPEC_ISSUING_PINFILE"} <= set(person.passfiles())
        person.apply_all(NOT_RUN)
        yield person


def tokens(operator: Operator, machine: str) -> list[str]:
    """The labels of the SoftHSM2 tokens a machine has, as pkcs11-tool lists them."""
    listed = operator.sh(machine, f"pkcs11-tool --module {SOFTHSM} --list-token-slots")
    return sorted(
        line.split(":", 1)[1].strip() for line in listed.splitlines() if "token label" in line
    )


def test_every_block_of_the_runbook_ran_or_is_named(operator: Operator) -> None:
    every = blocks(operator.runbook)
    skipped = [b for b in every if b.section in NOT_RUN]
    carried = sum(b.kind == "carry" for b in every if b.section not in NOT_RUN)
    assert len(operator.ran) + len(skipped) + carried == len(every)
    ran = "\n".join(b.script for b in operator.ran)
    assert "softhsm2-util --init-token" in ran, "the tokens were initialised as written"


def test_the_ceremony_made_both_keys_on_their_tokens_and_no_key_file(operator: Operator) -> None:
    verified = operator.sh(
        "offline", "openssl verify -CAfile /root/ca/certs/ca.pem /root/ca/issuing/certs/issuing.pem"
    )
    assert verified.strip().endswith(": OK")
    for machine, folders in KEPT.items():
        found = operator.sh(
            machine,
            f"grep -rlE -- '-----BEGIN (ENCRYPTED |EC )?PRIVATE KEY' {folders} || true",
        )
        assert found == "", f"a private key file on {machine}: {found}"
    for label, token in (("root-ca", "soft-lab-root"), ("issuing-ca", "soft-lab-issuing")):
        objects = operator.sh(
            "offline",
            f"pkcs11-tool --module {SOFTHSM} --token-label {token} --list-objects --type pubkey",
        )
        assert f"label:      {label}" in objects, objects


def test_only_the_intermediates_token_moved_to_the_ca_server(operator: Operator) -> None:
    """The root's token stays on the air-gapped machine; the CA server has the
    intermediate's, and the user step owns it."""
    assert tokens(operator, "offline") == ["soft-lab-issuing", "soft-lab-root"]
    assert tokens(operator, "ca-server") == ["soft-lab-issuing"]
    owners = operator.sh("ca-server", "stat -c %U /var/lib/softhsm/tokens/pkispec-issuing/*")
    assert set(owners.split()) == {"step"}


def lego_chain(operator: Operator, folder: str) -> list[x509.Certificate]:
    """A certificate for the admin machine from step-ca over ACME (http-01), into `folder`."""
    operator.sh(
        "admin",
        f"rm -rf {folder} && LEGO_CA_CERTIFICATES=/root/root.pem lego --accept-tos"
        " --email ops@soft-lab.example --server https://ca.soft-lab.example/acme/acme/directory"
        f" --path {folder} --domains www.soft-lab.example --http --http.port :80 run",
    )
    pem = operator.sh("admin", f"cat {folder}/certificates/www.soft-lab.example.crt")
    return x509.load_pem_x509_certificates(pem.encode())


def is_the_tokens_key(operator: Operator, cert: x509.Certificate, token: str, label: str) -> bool:
    """Whether `cert`'s public key is the key `label` on the CA server's token `token`."""
    key = operator.sh(
        "ca-server",
        f"pkcs11-tool --module {SOFTHSM} --token-label {token} --read-object"
        f" --type pubkey --label {label} | base64 -w0",
    )
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return spki == base64.b64decode(key)


def test_step_ca_signs_with_the_key_on_the_token(operator: Operator) -> None:
    """As the user step, with no key file and no passphrase: only the token's PIN."""
    assert operator.sh("ca-server", "ps -o user= -C step-ca").split() == ["step"]
    assert operator.sh("ca-server", "ls /etc/step/secrets").split() == ["pkcs11-pin"]
    operator.sh("admin", "curl -sf -o /root/root.pem http://pki.soft-lab.example/certs/root.pem")
    leaf, intermediate = lego_chain(operator, "/root/lego")[:2]
    assert intermediate.subject.rfc4514_string().startswith(f"CN={ISSUING},")
    leaf.verify_directly_issued_by(intermediate)
    verified = operator.sh(
        "admin",
        "openssl verify -CAfile /root/root.pem -untrusted /root/lego/certificates/"
        "www.soft-lab.example.issuer.crt /root/lego/certificates/www.soft-lab.example.crt",
    )
    assert verified.strip().endswith(": OK")
    assert is_the_tokens_key(operator, intermediate, "soft-lab-issuing", "issuing-ca")


def test_the_served_crl_is_signed_by_the_key_on_the_roots_token(operator: Operator) -> None:
    pem = operator.sh("offline", "cat /root/ca/certs/ca.pem")
    root = x509.load_pem_x509_certificate(pem.encode())
    crl = operator.served_crl()
    key = root.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    assert crl.is_signature_valid(key)
    assert crl.issuer == root.subject
    assert operator.choices["FINGERPRINT"] == root.fingerprint(hashes.SHA256()).hex()


def test_the_second_phase_pins_the_ceremonys_root(operator: Operator) -> None:
    station = operator.workstation
    assert station is not None
    assert f"fingerprint: {operator.choices['FINGERPRINT']}" in station.spec.read_text("utf-8")
    assert station.run("git status --porcelain", {}).stdout == ""


#: step-ca on a copy of the CA server's ca.json, on another port and database, for 10 s
SECOND_STEP_CA = """\
python3 - <<'PY'
import json
config = json.load(open("/etc/step/config/ca.json"))
config["address"] = "127.0.0.1:9443"
config["db"]["dataSource"] = "/root/copy-db"
json.dump(config, open("/root/copy.json", "w"))
PY
rm -rf /root/copy-db
STEPPATH=/etc/step timeout 10 /usr/bin/step-ca /root/copy.json 2>&1
"""


def test_the_ca_servers_files_without_the_token_sign_nothing(operator: Operator) -> None:
    """The attacker's move: /etc/step taken, PIN and all, without the token. A second
    step-ca on the same files serves while the token's folder is there (it runs until
    `timeout` stops it, 124) and refuses to start once the token is gone."""
    ca = operator.on("ca-server")
    with_token = ca.run(SECOND_STEP_CA, check=False)
    assert with_token.returncode == 124, with_token.stdout
    assert "Serving HTTPS on 127.0.0.1:9443" in with_token.stdout
    folder = "/var/lib/softhsm/tokens/pkispec-issuing"
    ca.run(f"mv {folder} /root/token-away")
    try:
        without = ca.run(SECOND_STEP_CA, check=False)
    finally:
        ca.run(f"mv /root/token-away {folder}")
    assert without.returncode not in (0, 124), without.stdout
    assert "Serving HTTPS" not in without.stdout
    print("without the token:", without.stdout.strip().splitlines()[-1])
    assert "could not find PKCS#11 token" in without.stdout, without.stdout


#: section 8's first paragraph, done to the spec: `issuing` revoked, and its successor on a
#: SoftHSM2 token of its own, named for step-ca
SUCCESSOR = """\
    revoked: {date: 2026-12-01, reason: keyCompromise}
  - name: issuing-2
    common_name: Soft Token Lab Issuing CA 2
    key: {type: ec, curve: secp256r1}
    pkcs11:
      module: /usr/lib/softhsm/libsofthsm2.so
      token: soft-lab-issuing-2
      label: issuing-2-ca
      id: "03"
    lifetime: 5y
    name_constraints:
      permitted_dns: [soft-lab.example]
"""


def revoking_spec(text: str) -> str:
    last = "      permitted_dns: [soft-lab.example]\n"
    assert text.count(last) == 1
    text = text.replace(last, last + SUCCESSOR)
    named = "  name: Soft Token Lab CA\n"
    return text.replace(named, named + "  intermediate: issuing-2\n")


@pytest.fixture(scope="module")
def revoked(operator: Operator, tmp_path_factory: pytest.TempPathFactory) -> Operator:
    """Section 8 of the rebuilt bundle, on the same machines: the successor's token
    prepared, the revocation, the successor made on its token, the token moved to the CA
    server, the CRL host, and step-ca's cut-over to the key on the new token."""
    work = tmp_path_factory.mktemp("revoked")
    spec = work / "softhsm.pki.yaml"
    spec.write_text(revoking_spec(SPEC.read_text(encoding="utf-8")), encoding="utf-8")
    operator.rebuilt(materialize(compile_checked(spec), work / "softhsm"))
    assert section_blocks(operator.runbook, 8), "the rebuilt runbook lists section 8's steps"
    for block in section_blocks(operator.runbook, 8):
        operator.apply(block)
    return operator


def test_the_revoked_intermediate_is_refused_with_the_served_crl(revoked: Operator) -> None:
    """The relying party's check, with the CRL the CRL host serves after section 8: the
    revoked intermediate is refused, its successor is not."""
    crl = revoked.served_crl()
    revoked.sh(
        "admin",
        "curl -sf http://pki.soft-lab.example/crls/root.crl"
        " | openssl crl -inform DER -out /root/root.crl.pem",
    )
    for name in ("issuing", "issuing-2"):
        pem = revoked.sh("offline", f"cat /root/ca/{name}/certs/{name}.pem")
        revoked.on("admin").write_text(f"/root/{name}.pem", pem)
        check = revoked.on("admin").run(
            "openssl verify -crl_check -CRLfile /root/root.crl.pem -CAfile /root/root.pem"
            f" /root/{name}.pem",
            check=False,
        )
        entry = crl.get_revoked_certificate_by_serial_number(
            x509.load_pem_x509_certificate(pem.encode()).serial_number
        )
        if name == "issuing":
            assert check.returncode != 0 and "certificate revoked" in check.stdout + check.stderr
            assert entry is not None
            reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
            assert reason == x509.ReasonFlags.key_compromise
        else:
            assert check.returncode == 0, check.stdout + check.stderr
            assert entry is None


def test_after_the_cut_over_step_ca_signs_with_the_successors_token(revoked: Operator) -> None:
    """ca.json's key and KMS now name the successor's key on its token; the old
    certificate, PIN and ca.json stay as *.retired, and the provisioners are kept."""
    leaf, intermediate = lego_chain(revoked, "/root/lego-2")[:2]
    assert intermediate.subject.rfc4514_string().startswith(f"CN={ISSUING} 2,")
    leaf.verify_directly_issued_by(intermediate)
    assert is_the_tokens_key(revoked, intermediate, "soft-lab-issuing-2", "issuing-2-ca")
    config = json.loads(revoked.sh("ca-server", "cat /etc/step/config/ca.json"))
    assert "token=soft-lab-issuing-2;object=issuing-2-ca;id=%03" in config["key"]
    assert "token=soft-lab-issuing-2" in config["kms"]["uri"]
    assert [p["name"] for p in config["authority"]["provisioners"]] == ["acme"]
    assert tokens(revoked, "ca-server") == ["soft-lab-issuing-2"], "the revoked key is gone"
    retired = revoked.sh("ca-server", "ls /etc/step/certs /etc/step/secrets /etc/step/config")
    assert {"intermediate_ca.crt.retired", "pkcs11-pin.retired", "ca.json.retired"} <= set(
        retired.split()
    )
