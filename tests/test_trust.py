"""The root's way into trust stores, run for real where this machine can run it.

trust/linux/install-root.sh runs against a throwaway root made here with `cryptography`:
into a scratch folder (PKISPEC_CA_DIR), then once as it runs on a Debian machine, with
update-ca-certificates, inside a private mount namespace whose /usr/local/share/
ca-certificates, /etc/ssl/certs and /etc/ca-certificates* are scratch folders (so nothing
of this machine changes), after which openssl's default store trusts the root.

Install-Root.ps1 is not run: there is no PowerShell here (Debian ships none; `apt-cache
policy powershell` has no candidate). What is checked is what Windows PowerShell 5.1 needs
to read it (a UTF-8 byte-order mark, CRLF) and, with a lexer that follows
about_Quoting_Rules (typographic quotes are quotes too), that every string ends where it
should and a root name with an apostrophe stays in comments or inside one literal.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import EXAMPLE, IN_CI, compile_text, materialize, require
from pkispec.render import quoting

NAME = "homelab-root"  # <spec name>-root: the file the root is installed as
DEBIAN_LOCAL_CAS = "/usr/local/share/ca-certificates"  # update-ca-certificates' LOCALCERTSDIR
JAVA_CACERTS = Path("/etc/ssl/certs/java/cacerts")  # ca-certificates-java's keystore
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


@dataclass
class Root:
    pem: Path
    fingerprint: str  # SHA-256 of the DER, lowercase hex
    leaf: Path  # a certificate the root signed, to ask a store about


def make_name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def throwaway_root(common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A self-signed CA certificate for a day, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(make_name(common_name))
        .issuer_name(make_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return ca, key


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Root:
    work = tmp_path_factory.mktemp("root")
    ca, key = throwaway_root("Throwaway Root")
    now = dt.datetime.now(dt.UTC)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(make_name("leaf.example"))
        .issuer_name(ca.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .sign(key, hashes.SHA256())
    )
    (work / "root.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (work / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    return Root(work / "root.pem", ca.fingerprint(hashes.SHA256()).hex(), work / "leaf.pem")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, its root named with an apostrophe, trusted on every target."""
    text = EXAMPLE_TEXT.replace(
        "common_name: vlan.party Root CA", 'common_name: "O\'Brien Root"', 1
    )
    text = text.replace(
        "targets: [linux, windows, apple, android]",
        "targets: [linux, windows, apple, android, firefox]",
        1,
    )
    assert "O'Brien Root" in text and "firefox]" in text
    where = tmp_path_factory.mktemp("trust")
    return materialize(compile_text(text, where), where / "homelab")


def install(bundle: Path, *args: str, ca_dir: Path | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"]}
    if ca_dir is not None:
        env["PKISPEC_CA_DIR"] = str(ca_dir)
    return subprocess.run(
        ["bash", str(bundle / "trust" / "linux" / "install-root.sh"), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


# --- install-root.sh into a scratch folder --------------------------------------------------


def test_the_right_fingerprint_installs_the_root_as_pem(
    bundle: Path, root: Root, tmp_path: Path
) -> None:
    require("openssl")
    done = install(bundle, root.fingerprint, str(root.pem), ca_dir=tmp_path / "cas")
    assert done.returncode == 0, done.stderr
    installed = tmp_path / "cas" / f"{NAME}.crt"
    assert [p.name for p in (tmp_path / "cas").iterdir()] == [installed.name]
    assert installed.read_bytes() == root.pem.read_bytes()
    assert x509.load_pem_x509_certificate(installed.read_bytes()) == x509.load_pem_x509_certificate(
        root.pem.read_bytes()
    )
    assert installed.stat().st_mode & 0o777 == 0o644
    assert root.fingerprint in done.stdout


def test_colons_and_capitals_in_the_fingerprint_are_accepted(
    bundle: Path, root: Root, tmp_path: Path
) -> None:
    """As `openssl x509 -fingerprint -sha256` prints it: AB:CD:..."""
    require("openssl")
    shown = subprocess.run(
        ["openssl", "x509", "-in", str(root.pem), "-noout", "-fingerprint", "-sha256"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    colons = shown.strip().split("=", 1)[1]
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", colons)
    done = install(bundle, colons, str(root.pem), ca_dir=tmp_path / "cas")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cas" / f"{NAME}.crt").is_file()


def test_a_wrong_fingerprint_installs_nothing(bundle: Path, root: Root, tmp_path: Path) -> None:
    require("openssl")
    wrong = f"{int(root.fingerprint, 16) ^ 1:064x}"
    done = install(bundle, wrong, str(root.pem), ca_dir=tmp_path / "cas")
    assert done.returncode != 0
    assert f"has the fingerprint {root.fingerprint}, not {wrong}" in done.stderr
    assert "nothing installed" in done.stderr
    assert not (tmp_path / "cas").exists()


@pytest.mark.parametrize("fingerprint", ["", "abc", "zz" * 32, "ab" * 33])
def test_something_that_is_no_sha256_fingerprint_is_refused(
    bundle: Path, root: Root, tmp_path: Path, fingerprint: str
) -> None:
    done = install(bundle, fingerprint, str(root.pem), ca_dir=tmp_path / "cas")
    assert done.returncode != 0
    assert "64 hex digits" in done.stderr
    assert not (tmp_path / "cas").exists()


def test_a_source_that_is_no_certificate_installs_nothing(
    bundle: Path, root: Root, tmp_path: Path
) -> None:
    require("openssl")
    key = tmp_path / "key.pem"
    key.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    text = tmp_path / "notes.txt"
    text.write_text("the root is in the safe\n", encoding="utf-8")
    for source in (key, text):
        done = install(bundle, root.fingerprint, str(source), ca_dir=tmp_path / "cas")
        assert done.returncode != 0
        assert f"{source} is not a PEM certificate" in done.stderr
    missing = install(
        bundle, root.fingerprint, str(tmp_path / "absent.pem"), ca_dir=tmp_path / "cas"
    )
    assert missing.returncode != 0
    assert not (tmp_path / "cas").exists()


# --- update-ca-certificates -----------------------------------------------------------------


def scratch_store(base: Path) -> dict[str, Path]:
    dirs = {name: base / name for name in ("local", "share", "etc", "hooks")}
    for path in dirs.values():
        path.mkdir(parents=True)
    dirs["conf"] = base / "ca-certificates.conf"
    dirs["conf"].write_text("", encoding="utf-8")
    return dirs


def test_update_ca_certificates_takes_what_the_script_installed(
    bundle: Path, root: Root, tmp_path: Path
) -> None:
    """Debian's update-ca-certificates, pointed at scratch folders by its own options."""
    tool = require("update-ca-certificates")
    store = scratch_store(tmp_path)
    done = install(bundle, root.fingerprint, str(root.pem), ca_dir=store["local"])
    assert done.returncode == 0, done.stderr
    updated = subprocess.run(
        [
            tool,
            "--certsconf",
            str(store["conf"]),
            "--certsdir",
            str(store["share"]),
            "--localcertsdir",
            str(store["local"]),
            "--etccertsdir",
            str(store["etc"]),
            "--hooksdir",
            str(store["hooks"]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert updated.returncode == 0, updated.stderr
    assert "1 added, 0 removed" in updated.stdout
    assert (store["etc"] / "ca-certificates.crt").read_bytes() == root.pem.read_bytes()
    assert (store["etc"] / f"{NAME}.pem").readlink() == store["local"] / f"{NAME}.crt"
    verified = subprocess.run(
        [
            "openssl",
            "verify",
            "-no-CAfile",
            "-no-CAstore",
            "-CApath",
            str(store["etc"]),
            str(root.leaf),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


NAMESPACE_RUN = r"""
set -euo pipefail
scratch=$1 fingerprint=$2 source=$3 leaf=$4 script=$5
mount --bind "$scratch/local" /usr/local/share/ca-certificates
mount --bind "$scratch/etc" /etc/ssl/certs
mount --bind "$scratch/ca-certificates.conf" /etc/ca-certificates.conf
mount --bind "$scratch/hooks" /etc/ca-certificates/update.d
if openssl verify "$leaf" >/dev/null 2>&1; then echo "trusted before"; exit 3; fi
bash "$script" "$fingerprint" "$source"
openssl verify "$leaf"
"""


def namespaces_usable() -> bool:
    if os.geteuid() != 0 or not Path("/etc/ca-certificates/update.d").is_dir():
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"], capture_output=True, check=False
    )
    return probe.returncode == 0


def test_install_root_sh_as_on_debian_inside_a_private_mount_namespace(
    bundle: Path, root: Root, tmp_path: Path
) -> None:
    """Without PKISPEC_CA_DIR: the real paths, the real update-ca-certificates, openssl's
    default store; every path written to is a scratch folder bound over the real one."""
    require("update-ca-certificates")
    require("unshare")
    if not namespaces_usable():
        message = "needs root and unshare --mount to bind scratch folders over /etc"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    store = scratch_store(tmp_path)
    host_etc = sorted(Path("/etc/ssl/certs").iterdir())
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "bash",
            "-c",
            NAMESPACE_RUN,
            "run",
            str(tmp_path),
            root.fingerprint,
            str(root.pem),
            str(root.leaf),
            str(bundle / "trust" / "linux" / "install-root.sh"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ok: {DEBIAN_LOCAL_CAS}/{NAME}.crt ({root.fingerprint})" in done.stdout
    assert f"{root.leaf}: OK" in done.stdout
    assert (store["local"] / f"{NAME}.crt").read_bytes() == root.pem.read_bytes()
    assert (store["etc"] / "ca-certificates.crt").read_bytes() == root.pem.read_bytes()
    assert sorted(Path("/etc/ssl/certs").iterdir()) == host_etc  # this machine is untouched
    assert not Path(DEBIAN_LOCAL_CAS, f"{NAME}.crt").exists()


# --- Install-Root.ps1 -----------------------------------------------------------------------

PS_SINGLE = "'\u2018\u2019\u201a\u201b"  # about_Quoting_Rules: smart quotes are quotes too
PS_DOUBLE = '"\u201c\u201d\u201e'


@dataclass
class PsTokens:
    single: list[str]  # single-quoted literals, as PowerShell reads them
    double: list[str]  # double-quoted strings (backtick escapes left as written)
    comments: list[str]
    code: str = ""  # everything else


def _quoted(text: str, i: int, quotes: str, backtick: bool) -> tuple[str, int]:
    """The string starting after text[i-1] (a quote) up to its closing quote."""
    value = ""
    while i < len(text):
        ch = text[i]
        if backtick and ch == "`" and i + 1 < len(text):
            value += text[i : i + 2]
            i += 2
        elif ch in quotes and i + 1 < len(text) and text[i + 1] in quotes:
            value += ch
            i += 2
        elif ch in quotes:
            return value, i + 1
        else:
            value += ch
            i += 1
    raise AssertionError(f"a string never ends: {value[:60]!r}")


def ps_tokens(text: str) -> PsTokens:
    tokens = PsTokens([], [], [])
    i = 0
    while i < len(text):
        ch = text[i]
        assert not (ch == "@" and text[i + 1 : i + 2] in (PS_SINGLE + PS_DOUBLE)), "here-string"
        if text.startswith("<#", i):
            end = text.index("#>", i)
            tokens.comments.append(text[i : end + 2])
            i = end + 2
        elif ch == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            tokens.comments.append(text[i:end])
            i = end
        elif ch == "`":
            tokens.code += text[i : i + 2]
            i += 2
        elif ch in PS_SINGLE:
            value, i = _quoted(text, i + 1, PS_SINGLE, backtick=False)
            tokens.single.append(value)
        elif ch in PS_DOUBLE:
            value, i = _quoted(text, i + 1, PS_DOUBLE, backtick=True)
            tokens.double.append(value)
        else:
            tokens.code += ch
            i += 1
    return tokens


@pytest.mark.parametrize(
    "value",
    [
        "O'Brien Root",
        "it\u2019s",
        "\u2018curly\u2019 \u201alow\u201b",
        "'",
        "''",
        "$(Remove-Item C:\\) `n $env:TEMP",
        'say "hi"',
        "http://pki.example/certs/root.pem",
    ],
)
def test_powershell_quoting_reads_back_as_one_literal(value: str) -> None:
    tokens = ps_tokens(f"$x = {quoting.powershell(value)}; Write-Output $x # done\r\n")
    assert tokens.single == [value]
    assert tokens.double == []
    assert tokens.comments == ["# done\r"]


def test_install_root_ps1_is_utf8_with_bom_and_crlf(bundle: Path) -> None:
    data = (bundle / "trust" / "windows" / "Install-Root.ps1").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # else Windows PowerShell 5.1 reads ANSI
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r\r" not in data
    data.decode("utf-8-sig")


def test_install_root_ps1_keeps_a_quoted_root_name_where_it_belongs(bundle: Path) -> None:
    text = (bundle / "trust" / "windows" / "Install-Root.ps1").read_bytes().decode("utf-8-sig")
    tokens = ps_tokens(text)  # every string ends: nothing runs on into the code
    # the root's name is in comments (today) or whole inside a literal, never in the code
    assert "Brien" not in tokens.code
    assert any("O'Brien Root" in c for c in tokens.comments)
    assert all(s == "O'Brien Root" or "Brien" not in s for s in tokens.single + tokens.double)
    assert "http://pki-ca.dmz.vlan.party/certs/root.pem" in tokens.single  # -Source default
    assert f"{NAME}.crt" in tokens.single
    param = re.search(r"param\((.*?)\r\n\)", text, re.S)
    assert param and "[Parameter(Mandatory = $true)][string]$Fingerprint" in param.group(1)


# --- a root replaced under the same name, then removed: curl and Java --------------------

PROBE_JAVA = """\
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;

public class Probe {
    public static void main(String[] args) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
        try {
            c.getResponseCode();
            System.out.println("java trusts " + args[0]);
        } catch (javax.net.ssl.SSLException e) {
            System.out.println("java refuses " + args[0]);
        }
    }
}
"""
#: inside the namespace: scratch folders over every path the scripts and Java's hook write,
#: then root A installed, root B under the same name, and the uninstall; curl and Java
#: (its cacerts from Debian's ca-certificates-java jar, fed by the hook protocol) asked
#: after each step about a server of each root
REPLACE_RUN = r"""
set -euo pipefail
scratch=$1 bundle=$2 url_a=$3 url_b=$4 fp_a=$5 fp_b=$6 pem_a=$7 pem_b=$8 probe=$9
mount --bind "$scratch/local" /usr/local/share/ca-certificates
mount --bind "$scratch/etc" /etc/ssl/certs
mount --bind "$scratch/ca-certificates.conf" /etc/ca-certificates.conf
mount --bind "$scratch/hooks" /etc/ca-certificates/update.d
mount --bind "$scratch/share" /usr/share/ca-certificates
ask() {
  local url
  for url in "$url_a" "$url_b"; do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then echo "curl trusts $url"
    else echo "curl refuses $url"; fi
    java "$probe" "$url"
  done
  if keytool -list -cacerts -storepass changeit -alias debian:homelab-root.pem >/dev/null 2>&1
  then echo "java alias present"; else echo "java alias absent"; fi
}
echo "== A"; bash "$bundle/trust/linux/install-root.sh" "$fp_a" "$pem_a"; ask
echo "== B"; bash "$bundle/trust/linux/install-root.sh" "$fp_b" "$pem_b"; ask
echo "== again"; bash "$bundle/trust/linux/install-root.sh" "$fp_b" "$pem_b"
echo "== gone"; bash "$bundle/trust/linux/uninstall-root.sh"; ask
if find /usr/local/share/ca-certificates /etc/ssl/certs -lname '*homelab*' -o -name '*homelab*' |
  grep .; then echo "left behind"; else echo "no file left"; fi
"""
#: what Debian's jks-keystore hook does, without deferring to a dpkg trigger: the lines it
#: is given go to ca-certificates-java's jar at once (as the trigger would run it)
JAVA_HOOK = """\
#!/bin/sh
set -e
exec java -Xmx64m -jar /usr/share/ca-certificates-java/ca-certificates-java.jar \\
    -storepass changeit
"""


def tls_server_root(work: Path, name: str) -> tuple[Path, str, ssl.SSLContext]:
    """A root and a TLS server context for 127.0.0.1 under it; the root's PEM and
    fingerprint."""
    ca, key = throwaway_root(name)
    now = dt.datetime.now(dt.UTC)
    subject = ca.subject
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(make_name("127.0.0.1"))
        .issuer_name(subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = work / name.replace(" ", "-")
    folder.mkdir()
    (folder / "root.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "chain.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "chain.pem", folder / "key.pem")
    return folder / "root.pem", ca.fingerprint(hashes.SHA256()).hex(), context


@contextmanager
def https(context: ssl.SSLContext) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_replaced_root_leaves_curl_and_java_and_the_uninstall_leaves_nothing(
    bundle: Path, tmp_path: Path
) -> None:
    """Issue #20: root A, then root B under the same file name; then the uninstall."""
    for tool in ("update-ca-certificates", "unshare", "curl", "java", "keytool"):
        require(tool)
    if not namespaces_usable() or not JAVA_CACERTS.exists():
        message = f"needs root, unshare --mount, and ca-certificates-java's {JAVA_CACERTS}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    store = scratch_store(tmp_path / "store")
    # one of Debian's own CAs, as on every machine: update-ca-certificates rebuilds its
    # bundle only when it has a certificate to put in
    mozilla = sorted(Path("/usr/share/ca-certificates/mozilla").glob("*.crt"))[0]
    (store["share"] / "mozilla").mkdir()
    shutil.copyfile(mozilla, store["share"] / "mozilla" / mozilla.name)
    store["conf"].write_text(f"mozilla/{mozilla.name}\n", encoding="utf-8")
    (store["etc"] / "java").mkdir()
    shutil.copyfile(JAVA_CACERTS, store["etc"] / "java" / "cacerts")
    hook = store["hooks"] / "jks-keystore"
    hook.write_text(JAVA_HOOK, encoding="utf-8")
    hook.chmod(0o755)
    probe = tmp_path / "Probe.java"
    probe.write_text(PROBE_JAVA, encoding="utf-8")
    pem_a, fp_a, context_a = tls_server_root(tmp_path, "Root A")
    pem_b, fp_b, context_b = tls_server_root(tmp_path, "Root B")
    with https(context_a) as url_a, https(context_b) as url_b:
        done = subprocess.run(
            [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "bash",
                "-c",
                REPLACE_RUN,
                "run",
                str(tmp_path / "store"),
                str(bundle),
                url_a,
                url_b,
                fp_a,
                fp_b,
                str(pem_a),
                str(pem_b),
                str(probe),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
            env={k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")},
        )
    assert done.returncode == 0, done.stdout + done.stderr
    phases = dict(part.split("\n", 1) for part in done.stdout.split("== ")[1:])
    asked = {
        name: [line for line in text.splitlines() if line.startswith(("curl ", "java "))]
        for name, text in phases.items()
    }
    assert asked["A"] == [
        f"curl trusts {url_a}",
        f"java trusts {url_a}",
        f"curl refuses {url_b}",
        f"java refuses {url_b}",
        "java alias present",
    ]
    assert asked["B"] == [
        f"curl refuses {url_a}",
        f"java refuses {url_a}",
        f"curl trusts {url_b}",
        f"java trusts {url_b}",
        "java alias present",
    ]
    assert "removed: /usr/local/share/ca-certificates/homelab-root.crt" in phases["B"]
    assert "is installed already" in phases["again"]
    assert asked["gone"] == [
        f"curl refuses {url_a}",
        f"java refuses {url_a}",
        f"curl refuses {url_b}",
        f"java refuses {url_b}",
        "java alias absent",
    ]
    assert phases["gone"].rstrip().endswith("no file left")
    assert not Path(DEBIAN_LOCAL_CAS, f"{NAME}.crt").exists()  # this machine is untouched
