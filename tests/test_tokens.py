"""CA keys on PKCS#11 tokens, with SoftHSM2 as the token: the ceremony, step-ca, rehearse.

The root's and the intermediate's keys are made on SoftHSM2 tokens (in a scratch folder)
by the generated ceremony, which reaches them through libp11's engine and OpenSC's
pkcs11-tool, exactly as it would a YubiKey or a SmartCard-HSM. Then: openssl verifies
every certificate and CRL, pkilint lints them, no private key exists in any file, a
second run changes nothing, a wrong PIN is one line and leaves everything as it was, the
root revokes the intermediate with its token, and step-ca (both releases, built with cgo)
starts with its intermediate key on the token and issues to lego over ACME.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from test_ceremony_kill import WRAPPER, count_calls, killed_then_completed

from ceremony_run import Ceremony
from conftest import ROOT, compile_text, materialize, require
from peers import EDGES, Edge, peer, release
from pkispec.plan import make_plan
from pkispec.rehearse.softhsm import MODULE, SoftTokens
from pkispec.spec import load
from servers import free_port, require_port
from test_step_ca import (
    ADMIN_PASSPHRASE,
    Server,
    admin_key,
    challenge_dns,
    install_step_ca,
    lego,
    sign,
    step_ca,
    step_spec,
    verify_issued,
)

TOKENS = f"""\
root:
  common_name: ACME Test Root CA
  key: {{type: ec, curve: secp384r1}}
  pkcs11: {{module: {MODULE}, token: "pkispec root (UserPIN)", label: root-ca, id: "01"}}
"""
INTERMEDIATE = f"""\
    key: {{type: ec, curve: secp256r1}}
    pkcs11:
      module: {MODULE}
      token: "YubiKey PIV #12345678"
      label: Private key for Digital Signature
      id: "02"
"""


def token_spec(port: int, steppath: Path, edge: Edge) -> str:
    """test_step_ca's spec, with the root's and the intermediate's keys on tokens."""
    text = step_spec(port, steppath, edge=edge)
    text = text.replace(
        "root:\n  common_name: ACME Test Root CA\n  key: {type: ec, curve: secp256r1}\n", TOKENS
    )
    text = text.replace(
        "    common_name: ACME Test Intermediate CA\n    key: {type: ec, curve: secp256r1}\n",
        "    common_name: ACME Test Intermediate CA\n" + INTERMEDIATE,
    )
    assert text.count("pkcs11") == 2
    return text


@dataclass
class TokenCeremony:
    ceremony: Ceremony
    tokens: SoftTokens
    bundle: Path

    @property
    def env(self) -> dict[str, str]:
        return self.ceremony.env


def on_tokens(work: Path, text: str) -> TokenCeremony:
    """Compile `text`, make its tokens, and point the ceremony's PIN variables at them
    (a CA whose key is a file keeps the ceremony's passphrase file)."""
    for tool in ("openssl", "softhsm2-util", "pkcs11-tool"):
        require(tool)
    work.mkdir(parents=True, exist_ok=True)
    spec_file = work / "spec.pki.yaml"
    spec_file.write_text(text, encoding="utf-8")
    bundle = materialize(compile_text(text, work), work / "bundle")
    plan = make_plan(load(spec_file).spec)
    tokens = SoftTokens(work / "softhsm", plan.cas)
    ceremony = Ceremony(bundle, work, plan)
    ceremony.env["SOFTHSM2_CONF"] = str(tokens.conf)
    for ca in plan.cas:
        if ca.token is None:
            continue  # its key is a file: the ceremony's passphrase file serves
        pin = work / f"{ca.slug}.pin"
        pin.write_text(tokens.pins[ca.token.token] + "\n", encoding="utf-8")
        ceremony.env[ca.passfile_var] = str(pin)
    return TokenCeremony(ceremony, tokens, bundle)


def offline_spec(work: Path) -> str:
    """The token spec for the ceremony alone: no step-ca runs, so no 'localhost', which
    pkilint rightly calls no domain name."""
    text = token_spec(free_port(), work / "step", "oldest")
    text = text.replace("[pkispec.test, localhost]", "[pkispec.test]")
    return text.replace("dns_names: [localhost]", "dns_names: [ca.pkispec.test]")


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> TokenCeremony:
    work = tmp_path_factory.mktemp("tokens")
    c = on_tokens(work, offline_spec(work))
    c.ceremony.run_all()
    return c


def openssl(*args: str) -> str:
    proc = subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_openssl_verifies_what_the_tokens_signed(done: TokenCeremony) -> None:
    c = done.ceremony
    root, inter = c.path("", "certs/ca.pem"), c.path("intermediate", "certs/intermediate.pem")
    openssl("verify", "-no-CApath", "-no-CAstore", "-CAfile", str(root), str(inter))
    report = openssl("crl", "-in", str(c.path("", "crl/ca.crl.pem")), "-CAfile", str(root))
    assert "verify OK" in report
    for ca in c.plan.cas:
        assert ca.token is not None
        public = done.tokens.public_key(ca.token)
        cert = x509.load_pem_x509_certificate(c.path(ca.dir, ca.files.cert).read_bytes())
        assert public == cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ), f"the {ca.title}'s certificate is for the key on its token"


def test_no_private_key_exists_in_any_file(done: TokenCeremony) -> None:
    """SoftHSM2's own token files (softhsm/) stand for the hardware, and are left out."""
    work = done.ceremony.work
    found = [
        name
        for name, data in files_of(work).items()
        if not name.startswith("softhsm/") and b"PRIVATE KEY" in data
    ]
    assert found == []
    assert not done.ceremony.path("", "private/ca.key").exists()


def test_pkilint_accepts_every_certificate_and_the_crl(done: TokenCeremony) -> None:
    c = done.ceremony
    root, inter = c.path("", "certs/ca.pem"), c.path("intermediate", "certs/intermediate.pem")
    for argv in (
        ["lint_pkix_cert", "lint", "-s", "WARNING", str(root)],
        ["lint_pkix_cert", "lint", "-s", "WARNING", str(inter)],
        ["lint_pkix_signer_signee_cert_chain", "lint", "-s", "WARNING", str(root), str(inter)],
        [
            "lint_crl",
            "lint",
            "-t",
            "ARL",
            "-p",
            "PKIX",
            "-s",
            "WARNING",
            str(c.path("", "crl/ca.crl.pem")),
        ],
    ):
        proc = subprocess.run(
            [require(argv[0]), *argv[1:]], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_a_second_run_changes_nothing_and_makes_no_key(done: TokenCeremony) -> None:
    c = done.ceremony
    before = files_of(c.prefix)
    for step in c.steps()[:-2]:  # not the CRL, which is re-signed on purpose
        c.run(step)
    assert files_of(c.prefix) == before
    assert key_objects(done, "pkispec root (UserPIN)") == 1


def test_a_wrong_pin_is_one_line_and_changes_nothing(done: TokenCeremony) -> None:
    c = done.ceremony
    wrong = c.work / "wrong.pin"
    wrong.write_text("000000\n", encoding="utf-8")
    before = files_of(c.prefix)
    proc = c.run(c.plan.scripts.crl, check=False, env={"PKISPEC_ROOT_PINFILE": str(wrong)})
    assert proc.returncode == 1, "a failure, and not the engine's segfault (139)"
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert errors == [
        "error: the token 'pkispec root (UserPIN)' did not sign: PIN incorrect "
        "(a wrong PIN, or another token?)"
    ]
    assert files_of(c.prefix) == before, "no CRL, half or whole, and no temporary file"


def test_a_pin_longer_than_the_engine_passes_is_refused_before_the_token_is_asked(
    done: TokenCeremony,
) -> None:
    """libp11's engine cuts a PIN after 32 characters, so the token would refuse the rest
    of it as a wrong PIN (after pkcs11-tool made a key with the whole): one line instead."""
    c = done.ceremony
    long = c.work / "long.pin"
    long.write_text("p" * 33 + "\n", encoding="utf-8")
    before = files_of(c.prefix)
    proc = c.run(c.plan.scripts.crl, check=False, env={"PKISPEC_ROOT_PINFILE": str(long)})
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert errors == [
        f"error: the PIN in {long} has 33 bytes, and openssl's pkcs11 engine passes 32"
        " at most: give the token a shorter PIN"
    ]
    assert files_of(c.prefix) == before


def test_the_root_revokes_with_its_token(done: TokenCeremony) -> None:
    c = done.ceremony
    c.run("revoke-intermediate.sh", "keyCompromise")
    crl = x509.load_der_x509_crl(c.path("", "crl/ca.crl").read_bytes())
    inter = x509.load_pem_x509_certificate(
        c.path("intermediate", "certs/intermediate.pem").read_bytes()
    )
    entry = crl.get_revoked_certificate_by_serial_number(inter.serial_number)
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == (
        x509.ReasonFlags.key_compromise
    )


def key_objects(c: TokenCeremony, token: str) -> int:
    listing = subprocess.run(
        [
            *("pkcs11-tool", "--module", MODULE, "--token-label", token),
            *("--list-objects", "--type", "pubkey"),
        ],
        env=c.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return listing.count("Public Key Object")


@pytest.mark.parametrize("when", ["before", "after"])
def test_killed_at_any_openssl_call_the_rerun_makes_a_correct_ca_on_the_tokens(
    tmp_path: Path, when: str
) -> None:
    """test_ceremony_kill's wrapper kills the whole step just before (or after) its K-th
    openssl call, the engine's signatures included; the rerun finds the key made on the
    token before the kill, makes no second one, and ends with a CA that verifies."""
    wrapper_dir = tmp_path / "bin"
    wrapper_dir.mkdir()
    (wrapper_dir / "openssl").write_text(WRAPPER, encoding="utf-8")
    (wrapper_dir / "openssl").chmod(0o755)
    wrapper_env = {
        "PATH": f"{wrapper_dir}:{os.environ['PATH']}",
        "REAL_OPENSSL": require("openssl"),
        "KILL_COUNTER": str(tmp_path / "counter"),
        "KILL_WHEN": when,
    }
    text = offline_spec(tmp_path)
    calls = count_calls(on_tokens(tmp_path / "probe", text).ceremony, wrapper_env)
    assert calls > 15
    failures = []
    for at in range(calls):
        c = on_tokens(tmp_path / f"{when}-{at}", text)
        try:
            killed_then_completed(c.ceremony, wrapper_env, at, when)
            root = c.ceremony.path("", "certs/ca.pem")
            inter = c.ceremony.path("intermediate", "certs/intermediate.pem")
            openssl("verify", "-no-CApath", "-no-CAstore", "-CAfile", str(root), str(inter))
            crl = c.ceremony.path("", "crl/ca.crl.pem")
            assert "verify OK" in openssl("crl", "-in", str(crl), "-CAfile", str(root))
            for ca in c.ceremony.plan.cas:
                assert ca.token is not None
                assert key_objects(c, ca.token.token) == 1, "a second key on the token"
            index = c.ceremony.path("", "index.txt").read_text(encoding="utf-8")
            assert len(index.splitlines()) == 1, "the intermediate was signed twice"
            assert not list(c.ceremony.prefix.rglob("*.tmp.*")), "temporary files were left"
        except AssertionError as exc:
            failures.append(f"killed {when} call {at}: {exc}")
        shutil.rmtree(tmp_path / f"{when}-{at}")
    assert failures == []


def test_pkispec_rehearse_runs_the_golden_spec_on_softhsm2() -> None:
    """The golden case names a Nitrokey's and a YubiKey's modules; rehearse puts SoftHSM2
    in their place and keeps the token and key labels."""
    require("softhsm2-util")
    proc = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pkispec"),
            "rehearse",
            str(ROOT / "tests" / "golden" / "tokens" / "spec.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 failed" in proc.stdout
    assert "ok   issuing: the key on the token belongs to the certificate" in proc.stdout
    assert "ok   no private key file in the CA folder" in proc.stdout


# --- step-ca with its intermediate key on the token -----------------------------------------


def install_on_token(
    c: TokenCeremony, steppath: Path, edge: Edge, pin: Path
) -> subprocess.CompletedProcess[str]:
    """install-step-ca.sh with the token's PIN read from `pin`."""
    (c.ceremony.work / "admin.pass").write_text(ADMIN_PASSPHRASE + "\n", encoding="utf-8")
    return subprocess.run(
        ["bash", str(c.bundle / "ca-server" / "install-step-ca.sh"), str(c.ceremony.export)],
        env={
            **c.env,
            "STEPPATH": str(steppath),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_PROVISIONER_PASSFILE": str(c.ceremony.work / "admin.pass"),
            "PKISPEC_STEP_CA": str(release("step-ca", edge).path),
            "PKISPEC_INTERMEDIATE_PINFILE": str(pin),
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(
    scope="module", params=EDGES, ids=[release("step-ca", e).label.replace(" ", "-") for e in EDGES]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, TokenCeremony]]:
    edge: Edge = request.param
    work = tmp_path_factory.mktemp("token-stepca")
    port = free_port()
    c = on_tokens(work, token_spec(port, work / "step", edge))
    c.ceremony.run_all()
    wrong = work / "wrong.pin"
    wrong.write_text("000000\n", encoding="utf-8")
    bad = install_on_token(c, work / "step", edge, wrong)
    assert bad.returncode == 1 and "did not sign with this PIN" in bad.stderr, bad.stderr
    assert not (work / "step" / "secrets" / "pkcs11-pin").exists()
    good = install_on_token(c, work / "step", edge, Path(c.env["PKISPEC_INTERMEDIATE_PINFILE"]))
    assert good.returncode == 0, good.stdout + good.stderr
    with (
        challenge_dns(work) as (dns, management),
        step_ca(
            work / "step",
            port,
            c.ceremony.export / "certs" / "root.pem",
            dns,
            edge,
            env={"SOFTHSM2_CONF": str(c.tokens.conf)},
        ) as s,
    ):
        s.management = management
        yield s, c


def test_step_ca_keeps_no_key_and_no_passphrase(server: tuple[Server, TokenCeremony]) -> None:
    steppath = server[0].work / "step"
    secrets = sorted(p.name for p in (steppath / "secrets").iterdir())
    assert secrets == ["pkcs11-pin"]
    assert oct((steppath / "secrets" / "pkcs11-pin").stat().st_mode & 0o777) == "0o440"
    assert not (steppath / "secrets" / "pkcs11-pin").read_bytes().endswith(b"\n")


def test_step_ca_issues_to_lego_with_the_key_on_the_token(
    server: tuple[Server, TokenCeremony],
) -> None:
    require_port(80, "ACME validates http-01 there")
    s, c = server
    pem = lego(s, "token.pkispec.test", "--http", "--http.port", "127.0.0.1:80")
    verify_issued(s, pem, "token.pkispec.test")
    issuer = x509.load_pem_x509_certificates(pem.read_bytes())[1]
    assert (
        issuer.public_key()
        == x509.load_pem_x509_certificate(
            c.ceremony.path("intermediate", "certs/intermediate.pem").read_bytes()
        ).public_key()
    )


def test_the_pkcs11_kms_is_in_the_step_ca_under_test() -> None:
    """A static step-ca refuses the ca.json above ('compiled without cgo'): the releases
    under test are cgo builds with the PKCS#11 library (Go's build info, as `go version -m`
    prints it, is in the binary)."""
    for edge in EDGES:
        data = peer("step-ca", edge).read_bytes()
        assert b"build\tCGO_ENABLED=1\n" in data
        assert b"dep\tgithub.com/miekg/pkcs11\t" in data


# --- a cut-over between a key file and a key on a token -----------------------------------

#: the incoming intermediate, on a token of its own, beside test_step_ca's (a key file)
ON_A_TOKEN = f"""\
  - name: issuing-2
    common_name: ACME Test Intermediate CA 2
    key: {{type: ec, curve: secp256r1}}
    pkcs11: {{module: {MODULE}, token: pkispec issuing 2, label: issuing-2, id: "03"}}
    lifetime: 1825d
    name_constraints: {{permitted_dns: [pkispec.test, localhost]}}
ca_server:
"""


def signer_spec(port: int, steppath: Path, signer: str) -> str:
    """The root on a token; `intermediate` in a key file, `issuing-2` on a token; step-ca
    signs with `signer`."""
    text = step_spec(port, steppath).replace("ca_server:\n", ON_A_TOKEN, 1)
    text = text.replace(
        "root:\n  common_name: ACME Test Root CA\n  key: {type: ec, curve: secp256r1}\n", TOKENS
    )
    named = "  name: ACME Test CA\n"
    return text.replace(named, f"{named}  intermediate: {signer}\n", 1)


def issued_by(c: TokenCeremony, steppath: Path, port: int) -> x509.Name:
    """The issuer of a certificate step-ca signs now, started as its unit starts it."""
    root = c.ceremony.export / "certs" / "root.pem"
    env = {"SOFTHSM2_CONF": str(c.tokens.conf)}
    with pytest.MonkeyPatch.context() as patch, step_ca(steppath, port, root, env=env) as s:
        from jwcrypto import jwa

        patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
        key = ec.generate_private_key(ec.SECP256R1())
        return sign(s, admin_key(s), "cut.pkispec.test", key).issuer


def cut_over_to(
    c: TokenCeremony, bundle: Path, steppath: Path, status: int = 0
) -> subprocess.CompletedProcess[str]:
    key = c.ceremony.path("intermediate", "private/intermediate.key")
    done = subprocess.run(
        ["bash", str(bundle / "ca-server" / "install-step-ca.sh"), str(c.ceremony.export)]
        + ([str(key)] if "INTERMEDIATE_KEY" in (bundle / "RUNBOOK.md").read_text() else []),
        env={
            **c.env,
            "STEPPATH": str(steppath),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_STEP_CA": str(peer("step-ca")),
            "PKISPEC_CUT_OVER": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == status, done.stdout + done.stderr
    return done


def test_a_cut_over_moves_step_ca_from_a_key_file_to_a_token_and_back(tmp_path: Path) -> None:
    """ca.json's key and kms follow the incoming intermediate's key (RUNBOOK sections 8
    and 9), the outgoing key file and passphrase, or PIN, are retired, and step-ca, started
    as the new bundle's unit starts it, signs with the incoming intermediate each time."""
    port, steppath = free_port(), tmp_path / "step"
    c = on_tokens(tmp_path / "a", signer_spec(port, steppath, "intermediate"))
    c.ceremony.run_all()
    on_token = materialize(
        compile_text(signer_spec(port, steppath, "issuing-2"), tmp_path), tmp_path / "b"
    )
    subject = {
        name: x509.load_pem_x509_certificate(
            (c.ceremony.export / "certs" / f"{name}.pem").read_bytes()
        ).subject
        for name in ("intermediate", "issuing-2")
    }
    install_step_ca(c.ceremony, c.bundle, steppath)
    assert issued_by(c, steppath, port) == subject["intermediate"]

    said = cut_over_to(c, on_token, steppath).stdout
    for retired in ("intermediate_ca.crt", "intermediate_ca_key", "password", "ca.json"):
        assert f"{retired}.retired" in said
    config = json.loads((steppath / "config" / "ca.json").read_text(encoding="utf-8"))
    assert config["key"].startswith("pkcs11:token=pkispec%20issuing%202;object=issuing-2;")
    assert config["kms"]["type"] == "pkcs11"
    assert sorted(p.name for p in (steppath / "secrets").iterdir() if ".retired" not in p.name) == [
        "pkcs11-pin"
    ]
    assert issued_by(c, steppath, port) == subject["issuing-2"]

    for leftover in steppath.rglob("*.retired"):  # the operator moves the last ones away
        leftover.unlink()
    # a cut-over that fails half-way (here: ca.json cannot be rewritten) leaves all as it was
    bundled = c.bundle / "ca-server" / "step" / "config" / "ca.json"
    good, before = bundled.read_bytes(), files_of(steppath)
    bundled.write_text("{", encoding="utf-8")
    failed = cut_over_to(c, c.bundle, steppath, status=1)
    bundled.write_bytes(good)
    assert "the cut-over failed; the installed intermediate is back in place" in failed.stderr
    assert files_of(steppath) == before, "no new file left, every retired one back"
    said = cut_over_to(c, c.bundle, steppath).stdout
    assert "pkcs11-pin.retired" in said and "ca.json.retired" in said
    config = json.loads((steppath / "config" / "ca.json").read_text(encoding="utf-8"))
    assert "kms" not in config and not config["key"].startswith("pkcs11:")
    assert not (steppath / "secrets" / "pkcs11-pin").exists()
    assert issued_by(c, steppath, port) == subject["intermediate"]
