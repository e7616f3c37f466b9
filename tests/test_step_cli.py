"""The guide's step CLI commands, as the bundle's RUNBOOK.md gives them, against its step-ca.

At each end of the supported range (step-ca and the step CLI 0.26.1, the guide's, and the
newest of both, built by tests/peers), the runbook's section 6 is read from the generated
bundle and its `step` command lines run in a shell on an "admin machine" folder holding the
export's certs/, with its own STEPPATH: `step ca bootstrap` with the root's fingerprint,
then a certificate for the phone and the desktop's request signed, named as the bundle
names devices. `step ca health`, `step ca provisioner list` (every provisioner loaded as
ca.json writes it, device-attest-01 and Apple attestation among them), a refused
`step ca renew` (the provisioner does not renew devices' certificates) and `step ca
revoke` as the runbook words it follow; so does the guide's own `step ca certificate
"My Android Phone"`, which step-ca refuses under name constraints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from conftest import require, runbook_section
from peers import EDGES, Edge, peer, release
from runbook import commands
from servers import free_port
from test_step_ca import ADMIN_PASSPHRASE, Server, install, install_step_ca, step_ca, step_spec

EXTRA = """\
    - {type: acme, name: apple, challenges: [device-attest-01], attestation_formats: [apple]}
clients:
  - {kind: pkcs12, name: My Android Phone, platform: android, provisioner: admin}
  - {kind: windows-tpm, name: My Desktop, provisioner: admin, key_algorithm: ECDSA_P384}
"""
PHONE_URI = "pkispec://localhost/client/my-android-phone"
DESKTOP_URI = "pkispec://localhost/client/my-desktop"


@dataclass
class Admin:
    """The machine an operator issues from: the export's certs/, the step CLI, a STEPPATH."""

    folder: Path
    env: dict[str, str]
    server: Server
    runbook: str

    def sh(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", command],
            cwd=self.folder,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def ok(self, command: str) -> str:
        done = self.sh(command)
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
        return done.stdout

    def cert(self, name: str) -> x509.Certificate:
        return x509.load_pem_x509_certificate((self.folder / name).read_bytes())


def runbook_step_lines(runbook: str) -> list[str]:
    """The `step ...` command lines of the runbook's client section."""
    return [line for line in commands(runbook, 6, "admin") if line.startswith("step ")]


def with_passfile(command: str) -> str:
    """What the runbook says to add for a passphrase read from a file."""
    if command.startswith(("step ca certificate", "step ca sign")):
        return command + " --provisioner-password-file admin.pass"
    return command


def desktop_request(folder: Path) -> None:
    """my-desktop.csr as certreq makes it from the bundle's INF: CN and the device URI."""
    done = subprocess.run(
        [
            require("openssl"),
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-noenc",
            "-keyout",
            "my-desktop.key",
            "-out",
            "my-desktop.csr",
            "-subj",
            "/CN=My Desktop",
            "-addext",
            f"subjectAltName=URI:{DESKTOP_URI}",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(
    scope="module",
    params=EDGES,
    ids=[
        f"{release('step', e).label}+{release('step-ca', e).label}".replace(" ", "-") for e in EDGES
    ],
)
def admin(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Admin]:
    edge: Edge = request.param
    step = peer("step", edge)
    require("openssl")
    work = tmp_path_factory.mktemp("stepcli")
    port = free_port()
    text = step_spec(port, work / "step", edge=edge).replace(
        "  provisioners:\n", "  crl: {}\n  provisioners:\n", 1
    )  # step-ca's CRL, to read
    ceremony, bundle = install(work, text + EXTRA)
    install_step_ca(ceremony, bundle, work / "step", edge)
    folder = work / "admin"
    shutil.copytree(ceremony.export / "certs", folder / "certs")
    (folder / "admin.pass").write_text(ADMIN_PASSPHRASE + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    root = x509.load_pem_x509_certificate((folder / "certs" / "root.pem").read_bytes())
    env |= {
        # the operator's choices the runbook's lines name
        "FINGERPRINT": root.fingerprint(hashes.SHA256()).hex(),
        "OUT": ".",
        "STEPPATH": str(work / "step-cli"),
        "HOME": str(work / "home"),
        "PATH": f"{step.parent}:{env['PATH']}",
    }
    with step_ca(work / "step", port, ceremony.export / "certs" / "root.pem", edge=edge) as s:
        yield Admin(folder, env, s, (bundle / "RUNBOOK.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def issued(admin: Admin) -> Admin:
    """The runbook's step lines, run in order as an operator types them."""
    desktop_request(admin.folder)
    lines = runbook_step_lines(admin.runbook)
    assert [line.split()[:3] for line in lines] == [
        ["step", "ca", "bootstrap"],
        ["step", "ca", "certificate"],
        ["step", "ca", "sign"],
    ]
    for line in lines:
        admin.ok(with_passfile(line))
    return admin


def test_the_step_cli_is_the_release_under_test(admin: Admin) -> None:
    version = admin.ok("step version")
    assert f"Smallstep CLI/{release('step', admin.server.edge).version} " in version


def test_bootstrap_pins_the_roots_fingerprint(issued: Admin) -> None:
    defaults = json.loads(
        (Path(issued.env["STEPPATH"]) / "config" / "defaults.json").read_text(encoding="utf-8")
    )
    root = x509.load_pem_x509_certificate((issued.folder / "certs" / "root.pem").read_bytes())
    assert defaults["fingerprint"] == root.fingerprint(hashes.SHA256()).hex()
    assert defaults["ca-url"] == issued.server.url


def test_step_ca_health(issued: Admin) -> None:
    assert issued.ok("step ca health").strip() == "ok"


def test_every_provisioner_is_loaded_as_ca_json_writes_it(issued: Admin) -> None:
    listed = {p["name"]: p for p in json.loads(issued.ok("step ca provisioner list"))}
    assert set(listed) == {"acme", "admin", "apple"}
    assert listed["admin"]["type"] == "JWK"
    assert listed["acme"]["type"] == "ACME"
    assert listed["apple"]["challenges"] == ["device-attest-01"]
    assert listed["apple"]["attestationFormats"] == ["apple"]


def san_of(cert: x509.Certificate) -> list[x509.GeneralName]:
    return list(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)


def verify(admin: Admin, cert: str) -> None:
    admin.ok(f"openssl verify -CAfile certs/root.pem -untrusted certs/intermediate.pem {cert}")


def test_the_phone_is_named_as_the_device_tool_names_it(issued: Admin) -> None:
    cert = issued.cert("my-android-phone.crt")
    assert san_of(cert) == [x509.UniformResourceIdentifier(PHONE_URI)]
    verify(issued, "my-android-phone.crt")


def test_the_desktops_request_is_signed(issued: Admin) -> None:
    cert = issued.cert("my-desktop.crt")
    assert san_of(cert) == [x509.UniformResourceIdentifier(DESKTOP_URI)]
    verify(issued, "my-desktop.crt")


def test_the_guides_own_command_is_refused_under_name_constraints(issued: Admin) -> None:
    """`step ca certificate "My Android Phone" phone.crt phone.key`: the name becomes a
    DNS name, which step-ca's check of the intermediate's constraints cannot place."""
    done = issued.sh(
        'step ca certificate "My Android Phone" phone.crt phone.key '
        "--provisioner admin --provisioner-password-file admin.pass"
    )
    assert done.returncode != 0
    assert "My Android Phone" in done.stderr
    assert not (issued.folder / "phone.crt").exists()


def test_a_device_certificate_is_not_renewed_over_mtls_and_is_revoked_as_written(
    issued: Admin,
) -> None:
    """The thief's move first: `step ca renew` with a device's certificate and key, which
    the provisioner's disableRenewal refuses; then the runbook's revoke line."""
    section = " ".join(runbook_section(issued.runbook, 6).split())  # whatever the breaks
    assert "`step ca renew`" in section and "disableRenewal" in section
    revoke = re.search(r"`(step ca revoke --cert NAME\.crt --key NAME\.key)`", section)
    assert revoke, "the runbook names the revoke command"
    before = issued.cert("my-android-phone.crt")
    refused = issued.sh("step ca renew my-android-phone.crt my-android-phone.key --force")
    assert refused.returncode != 0
    assert "lacked necessary authorization" in refused.stderr
    log = issued.server.work / f"step-ca-{issued.server.url.rsplit(':', 1)[1]}.log"
    assert "renew is disabled for provisioner 'admin'" in log.read_text(encoding="utf-8")
    assert issued.cert("my-android-phone.crt") == before, "a refused renewal keeps the file"
    issued.ok(revoke.group(1).replace("NAME", "my-android-phone"))
    crl = x509.load_der_x509_crl(issued.server.get("/1.0/crl"))
    assert crl.get_revoked_certificate_by_serial_number(before.serial_number) is not None
