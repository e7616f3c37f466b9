"""devices/issue-certificate.py: client certificates from the real step-ca, without the step CLI.

The generated script replaces the guide's `step ca certificate` + `openssl pkcs12 -export`
and `step ca sign`. The bundle's own copy, built from the step-ca test spec with clients
and a profile signer, runs here with Debian 12's /usr/bin/python3 and its
python3-cryptography (38.0.4), as on the CA host or an admin's Debian laptop, against the
newest step-ca on the ceremony's intermediate, with the JWK provisioner made by the
generated install script. What it writes is opened by the programs that consume it:
`cryptography` and `openssl pkcs12` read the PKCS#12 files, `openssl verify` checks every
certificate under the test intermediate's name constraints (DNS only: the clients' URI
and email SANs are unconstrained, and a CN with spaces is not read as a host name).
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conftest import IN_CI, ROOT, require, secrets_in
from pkispec.artifact import SCRIPT, Artifact
from pkispec.render import quoting
from pkispec.render.devices import ssh_config
from pkispec.render.program import fill_program
from pkispec.render.templating import header
from runbook import commands
from servers import free_port
from test_step_ca import (
    ADMIN_PASSPHRASE,
    Server,
    install,
    install_step_ca,
    post,
    step_ca,
    step_spec,
)

DEBIAN_PYTHON = Path("/usr/bin/python3")  # with python3-cryptography 38.0.4 on Debian 12
P12_PASSPHRASE, KEY_PASSPHRASE = "the phone's p12 passphrase", "the signer key's passphrase"


CLIENTS_SPEC = """\
clients:
  - {kind: pkcs12, name: My Android Phone, platform: android, provisioner: admin,
     profile: modern, lifetime: 30d}
  - {kind: pkcs12, name: My iPhone, platform: ios, provisioner: admin}
  - {kind: windows-tpm, name: My Desktop, provisioner: admin, key_algorithm: ECDSA_P384}
profile_signer: {name: Profile Signer, provisioner: admin}
"""


def client(
    common_name: str,
    sans: list[str],
    output: str,
    profile: str | None = None,
    lifetime: str | None = None,
) -> dict[str, Any]:
    return {
        "common_name": common_name,
        "sans": sans,
        "provisioner": "admin",
        "output": output,
        "pkcs12": profile,
        "lifetime": lifetime,
    }


#: what the bundle's script should hold for CLIENTS_SPEC: a URI SAN per device (iOS gets
#: the compatible PKCS#12 by default)
CLIENTS = {
    "my-android-phone": client(
        "My Android Phone",
        ["pkispec://localhost/client/my-android-phone"],
        "pkcs12",
        "modern",
        "720h",
    ),
    "my-iphone": client(
        "My iPhone", ["pkispec://localhost/client/my-iphone"], "pkcs12", "compatible"
    ),
    "my-desktop": client("My Desktop", ["pkispec://localhost/client/my-desktop"], "csr"),
    "profile-signer": client(
        "Profile Signer", ["pkispec://localhost/client/profile-signer"], "key"
    ),
}
#: rendered directly, beside the bundle's script: a client the spec never makes (below),
#: and an email and a DNS name among the SANs
OTHERS = {
    "no-sans": client("My Tablet", [], "key"),
    "mixed": client(
        "Mixed Names",
        ["mixed.pkispec.test", "mixed@pkispec.test", "pkispec://localhost/client/mixed"],
        "key",
    ),
}
#: `openssl pkcs12 -info` of each profile, iteration counts left out
P12_ALGORITHMS = {
    "modern": {
        "MAC": "sha256",
        "PKCS7 Encrypted data": "PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256",
        "Shrouded Keybag": "PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256",
    },
    "compatible": {
        "MAC": "sha1",
        "PKCS7 Encrypted data": "pbeWithSHA1And3-KeyTripleDES-CBC",
        "Shrouded Keybag": "pbeWithSHA1And3-KeyTripleDES-CBC",
    },
}


@dataclass
class Tool:
    """A generated script, the CA it talks to, and the passphrase files it reads."""

    script: Path
    server: Server
    work: Path

    @property
    def intermediate(self) -> Path:
        return self.work / "step" / "certs" / "intermediate_ca.crt"

    def passfile(self, name: str, text: str) -> Path:
        path = self.work / f"{name}.pass"
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("PKISPEC_")}
        base |= {
            "PKISPEC_PROVISIONER_PASSFILE": str(self.passfile("admin", ADMIN_PASSPHRASE)),
            "PKISPEC_P12_PASSFILE": str(self.passfile("p12", P12_PASSPHRASE)),
            "PKISPEC_KEY_PASSFILE": str(self.passfile("key", KEY_PASSPHRASE)),
        }
        # a new session has no terminal: a missing passphrase cannot hang at a prompt
        return subprocess.run(
            [str(DEBIAN_PYTHON), str(self.script), *args],
            env=base | env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            start_new_session=True,
        )

    def issue(self, slug: str, out: Path, *args: str) -> None:
        proc = self.run(slug, "--root", str(self.server.root), "--out", str(out), *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stderr == ""


def render_script(ca_url: str, where: Path) -> Path:
    path = where / "issue-certificate.py"
    path.write_text(
        fill_program(
            "issue_certificate.py",
            header("acmetest"),
            {
                "CA_URL": quoting.python(ca_url),
                "CLIENTS": quoting.python_table(OTHERS | CLIENTS),
                "SSH": quoting.python(ssh_config(None)),
            },
        ),
        encoding="utf-8",
    )
    return path


def script_clients(script: Path) -> dict[str, Any]:
    """The CLIENTS literal of a generated script, read without running it."""
    module = ast.parse(script.read_text(encoding="utf-8"))
    values = [
        node.value
        for node in module.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "CLIENTS"
    ]
    assert len(values) == 1 and values[0] is not None
    clients: dict[str, Any] = ast.literal_eval(values[0])
    return clients


def require_debian_python() -> None:
    proc = (
        subprocess.run(
            [str(DEBIAN_PYTHON), "-c", "import cryptography"], capture_output=True, check=False
        )
        if DEBIAN_PYTHON.exists()
        else None
    )
    if proc is None or proc.returncode != 0:
        message = (
            "Debian's python3 with python3-cryptography is not installed "
            "(scripts/setup.sh --test installs it)"
        )
        pytest.fail(message) if IN_CI else pytest.skip(message)


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tool]:
    require("openssl")
    require_debian_python()
    work = tmp_path_factory.mktemp("clients")
    port = free_port()
    text = step_spec(port, work / "step").replace(
        "  provisioners:\n", "  crl: {}\n  provisioners:\n", 1
    )
    text = text.replace(
        "{type: jwk, name: admin, admin: true}",
        "{type: jwk, name: admin, admin: true, claims: {max_tls_cert_duration: 90d}}",
        1,
    )
    ceremony, bundle = install(work, text + CLIENTS_SPEC)
    install_step_ca(ceremony, bundle, work / "step")
    script = bundle / "devices" / "issue-certificate.py"
    assert mode(script) == 0o755
    assert script_clients(script) == CLIENTS
    with step_ca(work / "step", port, ceremony.export / "certs" / "root.pem") as server:
        yield Tool(script, server, work)


@pytest.fixture(scope="module")
def others(tool: Tool) -> Tool:
    """The same script rendered for the clients a spec does not give."""
    folder = tool.work / "others"
    folder.mkdir()
    return Tool(render_script(tool.server.url, folder), tool.server, tool.work)


# --- checks with the consumers ---------------------------------------------------------


def openssl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)


def verify(tool: Tool, leaf: Path) -> None:
    proc = openssl(
        "verify", "-CAfile", str(tool.server.root), "-untrusted", str(tool.intermediate), str(leaf)
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def check_leaf(tool: Tool, leaf: x509.Certificate, slug: str) -> None:
    """Subject and SANs exactly as configured, issued by the test intermediate, for its
    lifetime (720h asked) or the provisioner's 24h, plus step-ca's 1-minute backdate."""
    config = (OTHERS | CLIENTS)[slug]
    intermediate = x509.load_pem_x509_certificate(tool.intermediate.read_bytes())
    assert leaf.issuer == intermediate.subject
    assert leaf.subject == x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, str(config["common_name"]))]
    )
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(str(n.value) for n in san) == sorted(config["sans"])
    usage = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in usage
    hours = 720 if config["lifetime"] == "720h" else 24
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == dt.timedelta(
        hours=hours, minutes=1
    )


def p12_algorithms(info: str) -> dict[str, str]:
    """`MAC: sha256, Iteration 2048` and the like, without the iteration counts."""
    found = {}
    for line in info.splitlines():
        label, colon, rest = line.partition(": ")
        if colon and label in ("MAC", "PKCS7 Encrypted data", "Shrouded Keybag"):
            found[label] = re.sub(r", Iteration \d+", "", rest)
    return found


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def spki(key: object) -> bytes:
    assert isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey)
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


# --- pkcs12 ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["my-android-phone", "my-iphone"])
def test_a_pkcs12_opens_with_its_passphrase_and_holds_key_leaf_and_chain(
    tool: Tool, tmp_path: Path, slug: str
) -> None:
    out = tmp_path / "out"
    tool.issue(slug, out)
    assert sorted(p.name for p in out.iterdir()) == [f"{slug}.crt", f"{slug}.p12"]
    p12_file = out / f"{slug}.p12"
    assert (mode(p12_file), mode(out / f"{slug}.crt")) == (0o600, 0o644)

    bundle = pkcs12.load_pkcs12(p12_file.read_bytes(), P12_PASSPHRASE.encode())
    assert bundle.cert is not None and bundle.key is not None
    leaf = bundle.cert.certificate
    assert bundle.cert.friendly_name == str(CLIENTS[slug]["common_name"]).encode()
    assert spki(bundle.key) == spki(leaf.public_key())
    assert leaf == x509.load_pem_x509_certificate((out / f"{slug}.crt").read_bytes())
    check_leaf(tool, leaf, slug)
    chain = {c.certificate for c in bundle.additional_certs}
    assert chain == {
        x509.load_pem_x509_certificate(p.read_bytes())
        for p in (tool.intermediate, tool.server.root)
    }

    # openssl 3.0 reads both profiles without -legacy (3DES is in its default provider)
    passin = ["-passin", f"file:{tool.passfile('p12', P12_PASSPHRASE)}"]
    info = openssl("pkcs12", "-info", "-noout", "-in", str(p12_file), *passin)
    assert info.returncode == 0, info.stderr
    profile = str(CLIENTS[slug]["pkcs12"])
    assert p12_algorithms(info.stdout + info.stderr) == P12_ALGORITHMS[profile]
    certs = tmp_path / "from-p12.pem"
    proc = openssl(
        "pkcs12", "-in", str(p12_file), "-nokeys", "-clcerts", "-out", str(certs), *passin
    )
    assert proc.returncode == 0, proc.stderr
    verify(tool, certs)


@pytest.mark.parametrize("slug", ["my-android-phone", "my-iphone"])
def test_a_pkcs12_does_not_open_with_a_wrong_passphrase(
    tool: Tool, tmp_path: Path, slug: str
) -> None:
    tool.issue(slug, tmp_path)
    p12_file = tmp_path / f"{slug}.p12"
    with pytest.raises(ValueError, match="Invalid password"):
        pkcs12.load_pkcs12(p12_file.read_bytes(), b"wrong")
    proc = openssl("pkcs12", "-info", "-noout", "-in", str(p12_file), "-passin", "pass:wrong")
    assert proc.returncode != 0
    assert "Mac verify error" in proc.stderr


# --- key ---------------------------------------------------------------------------------


def test_the_key_output_is_an_encrypted_key_that_opens_and_matches(
    tool: Tool, tmp_path: Path
) -> None:
    """The profile signer: openssl smime -sign reads the key with its passphrase."""
    tool.issue("profile-signer", tmp_path)
    key_file, crt, chain = (tmp_path / f"profile-signer{s}" for s in (".key", ".crt", ".chain.pem"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (key_file, crt, chain)
    )
    assert (mode(key_file), mode(crt), mode(chain)) == (0o600, 0o644, 0o644)
    assert key_file.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(key_file.read_bytes(), b"wrong")
    key = serialization.load_pem_private_key(key_file.read_bytes(), KEY_PASSPHRASE.encode())
    leaf = x509.load_pem_x509_certificate(crt.read_bytes())
    assert spki(key) == spki(leaf.public_key())
    check_leaf(tool, leaf, "profile-signer")
    certs = x509.load_pem_x509_certificates(chain.read_bytes())
    assert certs == [
        leaf,
        *(
            x509.load_pem_x509_certificate(p.read_bytes())
            for p in (tool.intermediate, tool.server.root)
        ),
    ]
    verify(tool, crt)
    message = tmp_path / "message.txt"
    message.write_text("a profile\n", encoding="utf-8")
    proc = openssl(
        "smime",
        "-sign",
        "-in",
        str(message),
        "-signer",
        str(crt),
        "-inkey",
        str(key_file),
        "-passin",
        f"file:{tool.passfile('key', KEY_PASSPHRASE)}",
        "-certfile",
        str(chain),
        "-outform",
        "DER",
        "-nodetach",
        "-out",
        str(tmp_path / "signed.der"),
    )
    assert proc.returncode == 0, proc.stderr


def test_dns_email_and_uri_sans_are_requested_as_such(others: Tool, tmp_path: Path) -> None:
    others.issue("mixed", tmp_path)
    leaf = x509.load_pem_x509_certificate((tmp_path / "mixed.crt").read_bytes())
    check_leaf(others, leaf, "mixed")
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(map(repr, san)) == sorted(
        map(
            repr,
            [
                x509.DNSName("mixed.pkispec.test"),
                x509.RFC822Name("mixed@pkispec.test"),
                x509.UniformResourceIdentifier("pkispec://localhost/client/mixed"),
            ],
        )
    )
    verify(others, tmp_path / "mixed.crt")


def test_without_sans_step_ca_takes_the_cn_for_a_dns_name_and_refuses_it(
    others: Tool, tmp_path: Path
) -> None:
    """Why every client is given its SANs: with none in the token, step-ca makes the
    subject ("My Tablet") a DNS name, which its own check of the intermediate's name
    constraints cannot place (older releases issued it, and openssl verify refused it)."""
    proc = others.run("no-sans", "--root", str(others.server.root), "--out", str(tmp_path))
    assert proc.returncode == 1
    assert 'cannot parse domain "My Tablet"' in proc.stderr
    assert list(tmp_path.iterdir()) == []


# --- csr ---------------------------------------------------------------------------------


def certreq_request(where: Path, subject: str, san: str | None) -> Path:
    """A P-384 request as certreq writes it: its own PEM label, CRLF line ends."""
    extensions = ["-addext", f"subjectAltName={san}"] if san else []
    made = openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        str(where / "tpm.key"),
        "-subj",
        subject,
        *extensions,
        "-addext",
        "keyUsage=critical,digitalSignature",
        "-out",
        str(where / "r.pem"),
    )
    assert made.returncode == 0, made.stderr
    text = (where / "r.pem").read_text().replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST")
    path = where / "desktop.req"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return path


DESKTOP_SAN = "URI:pkispec://localhost/client/my-desktop"


def test_a_p384_request_naming_exactly_the_spec_is_signed(tool: Tool, tmp_path: Path) -> None:
    request = certreq_request(tmp_path, "/CN=My Desktop", DESKTOP_SAN)
    out = tmp_path / "out"
    tool.issue("my-desktop", out, "--csr", str(request))
    assert sorted(p.name for p in out.iterdir()) == ["my-desktop.crt", "my-desktop.p7b"]
    leaf = x509.load_pem_x509_certificate((out / "my-desktop.crt").read_bytes())
    csr = x509.load_pem_x509_csr(request.read_bytes())
    assert spki(leaf.public_key()) == spki(csr.public_key())
    assert leaf.public_key().curve.name == "secp384r1"  # type: ignore[union-attr]
    check_leaf(tool, leaf, "my-desktop")
    verify(tool, out / "my-desktop.crt")
    # what certreq -accept gets: the certificate and its intermediate, read back by openssl
    chain = subprocess.run(
        ["openssl", "pkcs7", "-inform", "DER", "-in", str(out / "my-desktop.p7b"), "-print_certs"],
        capture_output=True,
        check=True,
    ).stdout
    certs = [
        x509.load_pem_x509_certificate(b"-----BEGIN" + part)
        for part in chain.split(b"-----BEGIN")[1:]
    ]
    # a SET OF in DER order, which is not the chain's: the leaf and its issuer, in any order
    assert leaf in certs
    assert [c.subject for c in certs if c != leaf] == [leaf.issuer]


@pytest.mark.parametrize(
    ("subject", "san"),
    [
        ("/CN=Someone Else", DESKTOP_SAN),
        ("/CN=My Desktop", DESKTOP_SAN + ",DNS:desktop.pkispec.test"),
        ("/CN=My Desktop", "URI:pkispec://localhost/client/my-android-phone"),
        ("/CN=My Desktop", None),
    ],
    ids=["other-cn", "extra-san", "other-san", "no-san"],
)
def test_a_request_naming_anything_else_is_refused(
    tool: Tool, tmp_path: Path, subject: str, san: str | None
) -> None:
    request = certreq_request(tmp_path, subject, san)
    out = tmp_path / "out"
    proc = tool.run(
        "my-desktop", "--root", str(tool.server.root), "--csr", str(request), "--out", str(out)
    )
    assert proc.returncode == 1
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("error: the request's ")
    assert "; refused" in proc.stderr
    assert not out.exists(), "nothing is written"


def test_the_csr_client_needs_its_request(tool: Tool, tmp_path: Path) -> None:
    proc = tool.run("my-desktop", "--root", str(tool.server.root), "--out", str(tmp_path))
    assert (proc.returncode, proc.stderr) == (
        1,
        "error: my-desktop brings its own request: give it with --csr FILE\n",
    )


def test_step_cas_refusal_is_its_own_message(tool: Tool, tmp_path: Path) -> None:
    """A request the script passes (the names are right) that step-ca refuses: RSA 1024."""
    made = openssl(
        "req",
        "-new",
        "-newkey",
        "rsa:1024",
        "-nodes",
        "-keyout",
        str(tmp_path / "weak.key"),
        "-subj",
        "/CN=My Desktop",
        "-addext",
        f"subjectAltName={DESKTOP_SAN}",
        "-out",
        str(tmp_path / "weak.req"),
    )
    assert made.returncode == 0, made.stderr
    proc = tool.run(
        "my-desktop",
        "--root",
        str(tool.server.root),
        "--csr",
        str(tmp_path / "weak.req"),
        "--out",
        str(tmp_path / "out"),
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: step-ca refused (403): ")
    assert "2048" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


# --- failures ----------------------------------------------------------------------------


def test_a_wrong_provisioner_passphrase_is_one_line_and_writes_nothing(
    tool: Tool, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = tool.run(
        "my-android-phone",
        "--root",
        str(tool.server.root),
        "--out",
        str(out),
        PKISPEC_PROVISIONER_PASSFILE=str(tool.passfile("wrong", "not it")),
    )
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "error: wrong passphrase: the provisioner's key does not open with it\n"
    assert not out.exists()


def test_no_passphrase_and_no_terminal_is_an_error_not_a_hang(tool: Tool, tmp_path: Path) -> None:
    proc = tool.run(
        "my-android-phone",
        "--root",
        str(tool.server.root),
        "--out",
        str(tmp_path / "out"),
        PKISPEC_PROVISIONER_PASSFILE="",
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[-1] == (
        "error: no passphrase was typed ($PKISPEC_PROVISIONER_PASSFILE names a file with it)"
    )
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_client_lists_the_known_ones(tool: Tool) -> None:
    proc = tool.run("my-toaster", "--root", str(tool.server.root))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "issue-certificate.py: error: unknown client 'my-toaster'; the spec's clients are: "
        "my-android-phone, my-desktop, my-iphone, profile-signer"
    )


def test_an_existing_file_is_never_replaced(tool: Tool, tmp_path: Path) -> None:
    kept = tmp_path / "my-android-phone.crt"
    kept.write_text("an earlier certificate\n", encoding="utf-8")
    proc = tool.run("my-android-phone", "--root", str(tool.server.root), "--out", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr == (
        f"error: {kept} exists; it is kept (add --renew to issue again: "
        "the old files become *.previous)\n"
    )
    assert kept.read_text(encoding="utf-8") == "an earlier certificate\n"
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]


def test_tls_to_step_ca_trusts_only_the_given_root(tool: Tool, tmp_path: Path) -> None:
    other = tmp_path / "other-root.pem"
    made = openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        str(tmp_path / "other.key"),
        "-subj",
        "/CN=Other Root",
        "-days",
        "1",
        "-out",
        str(other),
    )
    assert made.returncode == 0, made.stderr
    proc = tool.run("my-android-phone", "--root", str(other), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1
    assert "CERTIFICATE_VERIFY_FAILED" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


# --- passphrases typed at the prompts ----------------------------------------------------


def run_on_a_tty(argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run `argv` with a terminal and no passphrase files, answering each prompt in turn."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PKISPEC_")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        try:
            os.execve(argv[0], argv, env)  # noqa: S606 - the generated script itself
        finally:
            os._exit(127)  # never return into pytest
    seen, answered_at, left = b"", 0, list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not select.select([fd], [], [], 0.5)[0]:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        seen += chunk
        if left and seen[answered_at:].endswith(b": "):
            os.write(fd, left.pop(0).encode() + b"\n")
            answered_at = len(seen)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


def test_passphrases_typed_at_the_prompts(tool: Tool, tmp_path: Path) -> None:
    code, seen = run_on_a_tty(
        [
            str(DEBIAN_PYTHON),
            str(tool.script),
            "my-iphone",
            "--root",
            str(tool.server.root),
            "--out",
            str(tmp_path),
        ],
        [ADMIN_PASSPHRASE, "typed twice", "typed twice"],
    )
    assert code == 0, seen
    assert "Passphrase of the provisioner 'admin': " in seen
    assert "New passphrase of my-iphone.p12: " in seen
    assert "typed twice" not in seen, "not echoed"
    p12 = pkcs12.load_pkcs12((tmp_path / "my-iphone.p12").read_bytes(), b"typed twice")
    assert p12.key is not None


@pytest.mark.parametrize("typed", [["one", "two"], ["", ""]], ids=["differ", "empty"])
def test_a_p12_passphrase_must_be_typed_the_same_twice_and_not_be_empty(
    tool: Tool, tmp_path: Path, typed: list[str]
) -> None:
    code, seen = run_on_a_tty(
        [
            str(DEBIAN_PYTHON),
            str(tool.script),
            "my-iphone",
            "--root",
            str(tool.server.root),
            "--out",
            str(tmp_path / "out"),
        ],
        [ADMIN_PASSPHRASE, *typed],
    )
    assert code == 1, seen
    assert seen.rstrip().endswith(
        "error: the two passphrases differ, or are empty; nothing was written"
    )
    assert not (tmp_path / "out").exists()


# --- the script itself -------------------------------------------------------------------


def test_the_rendered_script_passes_mypy_strict_ruff_and_the_secret_scan(tmp_path: Path) -> None:
    script = render_script("https://pki-ca.dmz.vlan.party", tmp_path)
    assert (
        secrets_in([Artifact.text("devices/issue-certificate.py", script.read_text(), SCRIPT)])
        == []
    )
    for argv in (
        ["mypy", "--strict", "--no-incremental"],
        ["ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml")],
    ):
        proc = subprocess.run(
            [require(argv[0]), *argv[1:], str(script)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


# --- renewal and revocation, as the runbook writes them -----------------------------------


def runbook_line(tool: Tool, flag: str) -> list[str]:
    """The runbook's device-tool line with `flag`, as arguments of the script."""
    runbook = (tool.script.parent.parent / "RUNBOOK.md").read_text(encoding="utf-8")
    (line,) = [
        line
        for line in commands(runbook, 6, "admin")
        if line.startswith("devices/issue-certificate.py ") and flag in line
    ]
    return shlex.split(line)[1:]


def in_dir(args: list[str], tool: Tool, out: Path) -> list[str]:
    """The runbook's choices: OUT is `out`, the export's root the server's root."""
    root = "$EXPORT/certs/root.pem"
    return [str(tool.server.root) if a == root else a.replace("$OUT", str(out)) for a in args]


def test_the_runbooks_renewal_runs_twice_and_keeps_the_previous_files(
    tool: Tool, tmp_path: Path
) -> None:
    args = in_dir(runbook_line(tool, "--renew"), tool, tmp_path)
    assert args[0] == "my-android-phone"
    tool.issue("my-android-phone", tmp_path)
    serials = [
        x509.load_pem_x509_certificate(
            (tmp_path / "my-android-phone.crt").read_bytes()
        ).serial_number
    ]
    for _ in range(2):
        proc = tool.run(*args)
        assert proc.returncode == 0, proc.stderr
        serials.append(
            x509.load_pem_x509_certificate(
                (tmp_path / "my-android-phone.crt").read_bytes()
            ).serial_number
        )
        previous = x509.load_pem_x509_certificate(
            (tmp_path / "my-android-phone.crt.previous").read_bytes()
        )
        assert previous.serial_number == serials[-2]
    assert len(set(serials)) == 3
    # each certificate a renewal replaced is revoked (superseded): none keeps working
    crl = x509.load_der_x509_crl(tool.server.get("/1.0/crl"))
    for serial in serials[:2]:
        entry = crl.get_revoked_certificate_by_serial_number(serial)
        assert entry is not None
        assert (
            entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
            == x509.ReasonFlags.superseded
        )
    assert crl.get_revoked_certificate_by_serial_number(serials[2]) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "my-android-phone.crt",
        "my-android-phone.crt.previous",
        "my-android-phone.p12",
        "my-android-phone.p12.previous",
    ]
    assert oct(mode(tmp_path / "my-android-phone.p12.previous")) == "0o600"


def crl_serials(tool: Tool) -> set[int]:
    crl = x509.load_der_x509_crl(tool.server.get("/1.0/crl"))
    return {entry.serial_number for entry in crl}


def test_the_runbooks_revocation_of_a_lost_device(tool: Tool, tmp_path: Path) -> None:
    """Revoked at step-ca with a provisioner token: in step-ca's CRL at once, and step-ca
    refuses to renew it over mTLS; the same line again says so, and changes nothing."""
    tool.issue("my-android-phone", tmp_path)
    crt = tmp_path / "my-android-phone.crt"
    leaf = x509.load_pem_x509_certificate(crt.read_bytes())
    args = in_dir(runbook_line(tool, "--revoke"), tool, tmp_path)
    proc = tool.run(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"==> revoked {crt} (serial {leaf.serial_number}, keyCompromise) at {tool.server.url}\n"
    )
    assert leaf.serial_number in crl_serials(tool)
    p12 = pkcs12.load_pkcs12(
        (tmp_path / "my-android-phone.p12").read_bytes(), P12_PASSPHRASE.encode()
    )
    assert p12.key is not None
    key = tmp_path / "key.pem"
    key.write_bytes(
        p12.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    status, body = post(tool.server, "/1.0/renew", {}, client=(crt, key))
    assert status in (401, 403), body
    before = tool.server.get("/1.0/crl")
    again = tool.run(*args)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"==> {crt} (serial {leaf.serial_number}) was revoked at {tool.server.url} already\n"
    )
    assert x509.load_der_x509_crl(tool.server.get("/1.0/crl")) == x509.load_der_x509_crl(before)


def test_only_a_certificate_of_the_client_is_revoked(tool: Tool, tmp_path: Path) -> None:
    tool.issue("my-iphone", tmp_path)
    before = crl_serials(tool)
    proc = tool.run(
        "my-android-phone",
        "--root",
        str(tool.server.root),
        "--revoke",
        str(tmp_path / "my-iphone.crt"),
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        f"error: {tmp_path / 'my-iphone.crt'} is not a certificate of "
        "my-android-phone; nothing was revoked\n"
    )
    assert crl_serials(tool) == before


def test_a_client_lasts_its_own_lifetime_and_others_the_provisioners(
    tool: Tool, tmp_path: Path
) -> None:
    """The phone asks step-ca for the spec's 30 days; the iPhone gets the provisioner's
    default (24h). Each also carries the 1-minute backdate step-ca gives."""
    for slug in ("my-android-phone", "my-iphone"):
        tool.issue(slug, tmp_path)
    certs = {
        slug: x509.load_pem_x509_certificate((tmp_path / f"{slug}.crt").read_bytes())
        for slug in ("my-android-phone", "my-iphone")
    }
    lasts = {slug: c.not_valid_after_utc - c.not_valid_before_utc for slug, c in certs.items()}
    assert lasts == {
        "my-android-phone": dt.timedelta(days=30, minutes=1),
        "my-iphone": dt.timedelta(hours=24, minutes=1),
    }
