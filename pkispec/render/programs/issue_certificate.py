#!/usr/bin/env python3
# pkispec build writes the header line here: what made the file
"""Get a client certificate of the spec from step-ca, signed for a JWK provisioner.

Usage: issue-certificate.py CLIENT --root ROOT_PEM [--csr FILE] [--out DIR]

CLIENT is one of the spec's clients (an unknown name lists them). ROOT_PEM is the root
certificate from the ceremony's export; it is the only certificate trusted for TLS to
step-ca. What is written into DIR (default: the current directory) depends on the client:

  pkcs12  CLIENT.p12 (a new P-256 key, the certificate, the intermediate and the root,
          under a passphrase) and CLIENT.crt; the key is never written unencrypted
  key     CLIENT.key (a new P-256 key, encrypted PKCS#8), CLIENT.crt and CLIENT.chain.pem
  csr     CLIENT.crt and CLIENT.p7b (with the intermediate, for certreq -accept) for the
          request in --csr FILE (e.g. made by certreq in a TPM), which must name exactly
          the spec's subject and SANs, or it is refused

An existing file is never replaced. It does what `step ca certificate` and `step ca sign`
do, with a one-time token of the provisioner, but needs only python3 and
python3-cryptography (Debian 12's 38.0.4 is enough), not the step CLI.

With `ssh` first, it is the spec's SSH tool (what `step ssh` does):
  ssh user NAME --key PUB --root ROOT_PEM   sign a user's public key (PUB, e.g.
          ~/.ssh/id_ed25519.pub) for the spec's user NAME; writes PUB's -cert.pub
  ssh host NAME --key PUB --root ROOT_PEM   the same for a host key; a certificate of the
          key that is good for more than half its life is kept
  ssh renew --key KEY --root ROOT_PEM       renew a host's certificate (KEY-cert.pub) with
          the host's private key KEY (SSHPOP): no passphrase; the timer runs it
  ssh user-ca --root ROOT_PEM --out FILE    step-ca's user CA keys, for sshd's TrustedUserCAKeys
  ssh known-hosts --root ROOT_PEM [--file F]  add the @cert-authority line of the spec's
          hosts to F (default ~/.ssh/known_hosts)

Passphrases are prompted for, or read from the first line of the file named by:
  PKISPEC_PROVISIONER_PASSFILE  the provisioner's (it decrypts the key step-ca keeps)
  PKISPEC_P12_PASSFILE          the new .p12's (not empty: iOS refuses an empty one)
  PKISPEC_KEY_PASSFILE          the new .key's
Make the .p12's passphrase long: python3-cryptography 38 gives the file's MAC a single
iteration, so a guess at the passphrase costs little more than one hash.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import http.client
import ipaddress
import json
import os
import re
import secrets
import ssl
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypedDict

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID


class Client(TypedDict):
    common_name: str
    sans: list[str]  # exactly the certificate's SANs (step-ca adds the CN when empty)
    provisioner: str  # a JWK provisioner of step-ca
    output: Literal["pkcs12", "key", "csr"]
    pkcs12: Literal["modern", "compatible"] | None  # None: compatible
    lifetime: str | None  # asked of step-ca (a Go duration); None: the provisioner's default


class SshConfig(TypedDict):
    provisioner: str  # the JWK provisioner that signs first certificates
    sshpop: str  # the provisioner hosts renew with
    hosts: dict[str, list[str]]  # host name -> its certificate's principals
    users: dict[str, list[str]]  # user name -> the accounts the certificate logs in as
    known_hosts: list[str]  # the names @cert-authority vouches for


# --- pkispec: the spec's data (pkispec build fills this block in) ---
# fmt: off
CA_URL = "https://ca.example.invalid"
#: the spec's clients, by the name given on the command line
CLIENTS: dict[str, Client] = {}
#: the spec's SSH certificate authority (no hosts and no users: the spec has none)
SSH: SshConfig = {"provisioner": "", "sshpop": "", "hosts": {}, "users": {}, "known_hosts": []}
# fmt: on
# --- end of the spec's data ---
#: PKCS#12 encryption and MAC: iOS and older Android open only the compatible one (OpenSSL
#: 3's default, AES, fails there as a "wrong password"). The algorithms are named by their
#: values: the bundle's scan for secrets would take the members' names for random tokens.
PKCS12_PROFILES = {
    "modern": (pkcs12.PBES("PBESv2 using SHA256 PBKDF2 and AES256 CBC"), hashes.SHA256()),
    "compatible": (pkcs12.PBES("PBESv1 using SHA1 and 3-Key TripleDES"), hashes.SHA1()),  # noqa: S303
}
#: what each output writes, and the mode of each file
OUTPUTS = {
    "pkcs12": {".p12": 0o600, ".crt": 0o644},
    "key": {".key": 0o600, ".crt": 0o644, ".chain.pem": 0o644},
    "csr": {".crt": 0o644, ".p7b": 0o644},
}
#: how step seals a provisioner's key: a JWE under a passphrase (RFC 7518 4.8, 5.3)
KEY_WRAPPING = "PBES2-HS256+A128KW"
CONTENT_KEY_SIZES = {"A128GCM": 16, "A256GCM": 32}
PEM_CERTIFICATE = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)
URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # what makes step-ca read a SAN as URI
TOKEN_LIFETIME = 300  # seconds
PREVIOUS = ".previous"  # what a renewal keeps of each old file
#: RFC 5280 reason codes step-ca takes for a revocation
REASONS = {
    "unspecified": 0,
    "keyCompromise": 1,
    "affiliationChanged": 3,
    "superseded": 4,
    "cessationOfOperation": 5,
}


SigningKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey


class IssueError(Exception):
    """A problem the operator can fix: one line on stderr, exit 1."""


@dataclass
class Provisioner:
    name: str
    kid: str
    key: ec.EllipticCurvePrivateKey


@dataclass
class Issued:
    leaf: x509.Certificate
    intermediates: list[x509.Certificate]
    root: x509.Certificate


# --- small helpers ------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def certificates(data: bytes) -> list[x509.Certificate]:
    return [x509.load_pem_x509_certificate(m.group()) for m in PEM_CERTIFICATE.finditer(data)]


def same_key(leaf: x509.Certificate, request: x509.CertificateSigningRequest) -> bool:
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return leaf.public_key().public_bytes(*spki) == request.public_key().public_bytes(*spki)


def general_name(san: str) -> x509.GeneralName:
    """A SAN as step-ca reads it: an IP address, a URI, an email address or a DNS name."""
    try:
        return x509.IPAddress(ipaddress.ip_address(san))
    except ValueError:
        pass
    if URI_SCHEME.match(san):
        return x509.UniformResourceIdentifier(san)
    if "@" in san:
        return x509.RFC822Name(san)
    return x509.DNSName(san)


def describe(name: x509.GeneralName) -> str:
    return f"{type(name).__name__}:{name.value}"


# --- passphrases --------------------------------------------------------------------------


def from_file(variable: str) -> str | None:
    path = os.environ.get(variable)
    if not path:
        return None
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise IssueError(f"{path} (${variable}) is empty")
    return lines[0]


def ask(prompt: str, variable: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)  # end the prompt's line
        raise IssueError(f"no passphrase was typed (${variable} names a file with it)") from None


def existing_passphrase(variable: str, prompt: str) -> str:
    return from_file(variable) or ask(prompt, variable)


def new_passphrase(variable: str, what: str) -> str:
    given = from_file(variable)
    if given is not None:
        return given
    first = ask(f"New passphrase of {what}: ", variable)
    if not first or first != ask("The same again: ", variable):
        raise IssueError("the two passphrases differ, or are empty; nothing was written")
    return first


# --- talking to step-ca -------------------------------------------------------------------


def call(
    context: ssl.SSLContext, method: str, path: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One HTTPS request to step-ca; its JSON answer, or its message as an IssueError."""
    url = urllib.parse.urlsplit(CA_URL)
    connection = http.client.HTTPSConnection(
        url.hostname or "", url.port, timeout=30, context=context
    )
    data = None if body is None else json.dumps(body).encode()
    try:
        connection.request(
            method, url.path + path, body=data, headers={"Content-Type": "application/json"}
        )
        reply = connection.getresponse()
        status, text = reply.status, reply.read()
    except (OSError, http.client.HTTPException) as exc:
        raise IssueError(f"cannot reach step-ca at {CA_URL}: {exc}") from None
    finally:
        connection.close()
    try:
        answer: dict[str, Any] = json.loads(text)
    except ValueError:
        raise IssueError(f"{CA_URL}{path} answered {status} without JSON") from None
    if status >= 400:
        raise IssueError(f"step-ca refused ({status}): {answer.get('message', answer)}")
    return answer


def provisioner(context: ssl.SSLContext, name: str) -> dict[str, Any]:
    """The JWK provisioner `name` as step-ca lists it (its public key, its encrypted key)."""
    cursor = ""
    while True:
        page = call(
            context,
            "GET",
            "/provisioners?" + urllib.parse.urlencode({"cursor": cursor, "limit": 100}),
        )
        for entry in page.get("provisioners") or []:
            if entry.get("type") == "JWK" and entry.get("name") == name:
                return dict(entry)
        cursor = page.get("nextCursor") or ""
        if not cursor:
            raise IssueError(f"step-ca at {CA_URL} has no JWK provisioner {name!r}")


def decrypt(envelope: str, passphrase: str) -> dict[str, str]:
    """The JWK inside a compact JWE sealed under a passphrase (RFC 7516, RFC 7518 4.8)."""
    try:
        protected, wrapped, iv, ciphertext, tag = envelope.split(".")
        header = json.loads(unb64(protected))
        salt = KEY_WRAPPING.encode() + b"\0" + unb64(header["p2s"])
        rounds = int(header["p2c"])
    except (ValueError, KeyError, TypeError):
        raise IssueError(
            "step-ca's encrypted key of the provisioner is no JWE this script reads"
        ) from None
    if header.get("alg") != KEY_WRAPPING or header.get("enc") not in CONTENT_KEY_SIZES:
        raise IssueError(
            f"the provisioner's key is sealed with {header.get('alg')} and "
            f"{header.get('enc')}, which this script does not read"
        )
    kdf = PBKDF2HMAC(hashes.SHA256(), 16, salt, rounds)
    wrapping = kdf.derive(passphrase.encode())
    try:
        content_key = aes_key_unwrap(wrapping, unb64(wrapped))
        if len(content_key) != CONTENT_KEY_SIZES[header["enc"]]:
            raise InvalidUnwrap
        plain = AESGCM(content_key).decrypt(
            unb64(iv), unb64(ciphertext) + unb64(tag), protected.encode()
        )
    except (InvalidUnwrap, InvalidTag):
        raise IssueError("wrong passphrase: the provisioner's key does not open with it") from None
    jwk: dict[str, str] = json.loads(plain)
    return jwk


def opened(entry: dict[str, Any]) -> Provisioner:
    """The provisioner with its private key, opened with its passphrase."""
    if "encryptedKey" not in entry:
        raise IssueError(f"step-ca keeps no encrypted key of the provisioner {entry['name']!r}")
    passphrase = existing_passphrase(
        "PKISPEC_PROVISIONER_PASSFILE", f"Passphrase of the provisioner {entry['name']!r}: "
    )
    jwk = decrypt(entry["encryptedKey"], passphrase)
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise IssueError(
            f"the provisioner's key is {jwk.get('kty')} {jwk.get('crv')}, not EC P-256 (ES256)"
        )
    key = ec.derive_private_key(int.from_bytes(unb64(jwk["d"]), "big"), ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    if (numbers.x, numbers.y) != tuple(
        int.from_bytes(unb64(entry["key"][c]), "big") for c in ("x", "y")
    ):
        raise IssueError("the provisioner's private key does not match its public key")
    return Provisioner(entry["name"], entry["key"]["kid"], key)


def jws(header: dict[str, Any], claims: dict[str, Any], key: SigningKey) -> str:
    """A compact JWS of the claims, signed with an EC P-256 (ES256) or Ed25519 (EdDSA) key."""
    signing_input = ".".join(
        b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return signing_input + "." + b64(key.sign(signing_input.encode()))
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def token_claims(issuer: str, audience: str, subject: str) -> dict[str, Any]:
    """What every token step-ca takes carries: who made it, for which API path, for
    whom, for five minutes, once."""
    now = int(time.time())
    return {
        "aud": audience,
        "iss": issuer,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + TOKEN_LIFETIME,
        "jti": secrets.token_hex(32),
    }


def one_time_token(
    signer: Provisioner,
    root: x509.Certificate,
    path: str,
    subject: str,
    extra: dict[str, Any] | None = None,
) -> str:
    """A JWT as `step ca token` makes it: ES256, for one API path of step-ca: /1.0/sign
    for exactly the names in `extra` ("sans"), /1.0/revoke for one serial number (the
    subject), or /1.0/ssh/sign for the SSH certificate `extra` describes ("step")."""
    claims = token_claims(signer.name, CA_URL + path, subject)
    claims["sha"] = root.fingerprint(hashes.SHA256()).hex()
    claims.update(extra or {})
    return jws({"alg": "ES256", "kid": signer.kid, "typ": "JWT"}, claims, signer.key)


def sign(
    context: ssl.SSLContext,
    signer: Provisioner,
    client: Client,
    request: x509.CertificateSigningRequest,
    root: x509.Certificate,
) -> Issued:
    """The certificate step-ca issues for `request`, with a token of the provisioner."""
    ott = one_time_token(
        signer, root, "/1.0/sign", client["common_name"], {"sans": list(client["sans"])}
    )
    body = {"csr": request.public_bytes(serialization.Encoding.PEM).decode(), "ott": ott}
    if client["lifetime"]:
        body["notAfter"] = client["lifetime"]  # within the provisioner's claims (the spec)
    answer = call(context, "POST", "/1.0/sign", body)
    chain = [certificates(c.encode())[0] for c in answer.get("certChain") or []]
    leaf = certificates(answer["crt"].encode())[0]
    intermediates = chain[1:] or certificates(answer["ca"].encode())
    if not same_key(leaf, request):
        raise IssueError("step-ca answered with a certificate for another key")
    return Issued(leaf, intermediates, root)


# --- requests -----------------------------------------------------------------------------


def new_request(key: ec.EllipticCurvePrivateKey, client: Client) -> x509.CertificateSigningRequest:
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, client["common_name"])])
    )
    if client["sans"]:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([general_name(s) for s in client["sans"]]), critical=False
        )
    return builder.sign(key, hashes.SHA256())


def given_request(path: Path, client: Client) -> x509.CertificateSigningRequest:
    """The CSR in `path`, if it asks for exactly the spec's subject and SANs."""
    data = path.read_bytes()
    try:
        request = (
            x509.load_pem_x509_csr(data) if b"-----BEGIN" in data else x509.load_der_x509_csr(data)
        )
    except ValueError:
        raise IssueError(f"{path} holds no certificate signing request") from None
    if not request.is_signature_valid:
        raise IssueError(f"the signature of the request in {path} does not verify")
    names = [str(a.value) for a in request.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != [client["common_name"]]:
        raise IssueError(
            f"the request's subject CN is {names}, the spec's is {client['common_name']!r}; refused"
        )
    try:
        asked = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        asked = x509.SubjectAlternativeName([])
    got = sorted(describe(n) for n in asked)
    want = sorted(describe(general_name(s)) for s in client["sans"])
    if got != want:
        raise IssueError(f"the request's SANs are {got}, the spec's are {want}; refused")
    return request


# --- writing ------------------------------------------------------------------------------


def kept(path: Path) -> IssueError:
    return IssueError(
        f"{path} exists; it is kept (add --renew to issue again: the old files become *{PREVIOUS})"
    )


def targets(slug: str, client: Client, out: Path, renew: bool) -> dict[str, Path]:
    """The files this client's output writes, by suffix; none may exist yet, but for a
    renewal, which keeps each old one as *.previous."""
    paths = {suffix: out / f"{slug}{suffix}" for suffix in OUTPUTS[client["output"]]}
    for path in paths.values():
        if path.exists() and not renew:
            raise kept(path)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise IssueError(f"{path} is not a plain file; nothing was written")
    return paths


def set_aside(path: Path) -> None:
    """A renewal's old file becomes *.previous (a previous one of those goes)."""
    if path.exists():
        path.replace(path.with_name(path.name + PREVIOUS))


def write_new(path: Path, data: bytes, mode: int, replace: bool = False) -> None:
    """Write `path` atomically: a temporary file in the same folder, renamed into place.
    Unless `replace`, never over a file: it is renamed over the empty file that claimed
    the name."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if not replace:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                raise kept(path) from None
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def pkcs12_file(
    client: Client, key: ec.EllipticCurvePrivateKey, issued: Issued, passphrase: str
) -> bytes:
    algorithm, mac = PKCS12_PROFILES[client["pkcs12"] or "compatible"]
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .key_cert_algorithm(algorithm)
        .hmac_hash(mac)
        .build(passphrase.encode())
    )
    return pkcs12.serialize_key_and_certificates(
        client["common_name"].encode(),
        key,
        issued.leaf,
        [*issued.intermediates, issued.root],
        encryption,
    )


def contents(
    client: Client, key: ec.EllipticCurvePrivateKey | None, issued: Issued, passphrase: str
) -> dict[str, bytes]:
    """What goes into each file, by suffix."""
    files = {".crt": pem(issued.leaf)}
    if client["output"] == "csr":  # certreq -accept takes the chain: Windows needs it
        # DER orders a SET OF by each member's encoding; cryptography 38 (Debian 12) keeps
        # the order it is given, and stricter readers refuse a .p7b out of that order
        chain = sorted(
            [issued.leaf, *issued.intermediates],
            key=lambda c: c.public_bytes(serialization.Encoding.DER),
        )
        files[".p7b"] = pkcs7.serialize_certificates(chain, serialization.Encoding.DER)
    if key is not None and client["output"] == "pkcs12":
        files[".p12"] = pkcs12_file(client, key, issued, passphrase)
    if key is not None and client["output"] == "key":
        files[".key"] = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        files[".chain.pem"] = pem(issued.leaf, *issued.intermediates, issued.root)
    return files


# --- the whole ----------------------------------------------------------------------------


def output_passphrase(slug: str, client: Client) -> str:
    if client["output"] == "pkcs12":
        return new_passphrase("PKISPEC_P12_PASSFILE", f"{slug}.p12")
    if client["output"] == "key":
        return new_passphrase("PKISPEC_KEY_PASSFILE", f"the key {slug}.key")
    return ""


def root_of(root_file: Path) -> x509.Certificate:
    roots = certificates(root_file.read_bytes())
    if not roots:
        raise IssueError(f"{root_file} holds no PEM certificate")
    return roots[0]


def issue(
    slug: str, root_file: Path, csr_file: Path | None, out: Path, renew: bool = False
) -> list[Path]:
    client = CLIENTS[slug]
    paths = targets(slug, client, out, renew)
    superseded = replaced(paths[".crt"], renew)
    roots = [root_of(root_file)]
    key, request = None, None
    if client["output"] == "csr":
        if csr_file is None:
            raise IssueError(f"{slug} brings its own request: give it with --csr FILE")
        request = given_request(csr_file, client)
    context = ssl.create_default_context(cafile=str(root_file))  # trusts the root alone
    signer = opened(provisioner(context, client["provisioner"]))
    passphrase = output_passphrase(slug, client)
    if request is None:
        key = ec.generate_private_key(ec.SECP256R1())
        request = new_request(key, client)
    issued = sign(context, signer, client, request, roots[0])
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = contents(client, key, issued, passphrase)
    for suffix, path in paths.items():
        if renew:
            set_aside(path)
        write_new(path, files[suffix], OUTPUTS[client["output"]][suffix])
    for old in superseded:  # the old certificate is revoked, so nothing keeps it working
        supersede(context, signer, roots[0], old, paths[".crt"])
    return list(paths.values())


def replaced(crt: Path, renew: bool) -> list[x509.Certificate]:
    """The certificate a renewal replaces, read before anything is asked of step-ca."""
    if not renew or not crt.exists():
        return []
    try:
        found = certificates(crt.read_bytes())
    except ValueError:
        found = []
    if not found:
        raise IssueError(f"{crt} holds no readable certificate; move it away to issue anew")
    return found[:1]


def supersede(
    context: ssl.SSLContext,
    signer: Provisioner,
    root: x509.Certificate,
    old: x509.Certificate,
    crt: Path,
) -> None:
    previous = crt.with_name(crt.name + PREVIOUS)
    try:
        before = revoke_serial(context, signer, root, old.serial_number, "superseded")
    except IssueError as exc:
        raise IssueError(
            f"the new files are written, but the certificate they replace "
            f"(serial {old.serial_number}) is not revoked ({exc}); revoke it: "
            f"--revoke {previous} --reason superseded"
        ) from None
    print(
        f"==> the certificate it replaces (serial {old.serial_number}) "
        + ("was revoked already" if before else "is revoked (superseded)")
    )


# --- revoking -----------------------------------------------------------------------------


def revoke(slug: str, root_file: Path, cert_file: Path, reason: str) -> tuple[int, bool]:
    """Revoke a certificate of this client at step-ca, as `step ca revoke` does with a
    provisioner token: step-ca refuses to renew it, and lists it in its CRL (if it makes
    one). Only a certificate with exactly the client's names is taken. Its serial number,
    and whether step-ca had revoked it before (a second run changes nothing)."""
    client = CLIENTS[slug]
    found = certificates(cert_file.read_bytes())
    if not found:
        raise IssueError(f"{cert_file} holds no PEM certificate (give the client's .crt)")
    leaf = found[0]
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        names = x509.SubjectAlternativeName([])
    if sorted(describe(n) for n in names) != sorted(
        describe(general_name(s)) for s in client["sans"]
    ):
        raise IssueError(f"{cert_file} is not a certificate of {slug}; nothing was revoked")
    root = root_of(root_file)
    context = ssl.create_default_context(cafile=str(root_file))
    signer = opened(provisioner(context, client["provisioner"]))
    return leaf.serial_number, revoke_serial(context, signer, root, leaf.serial_number, reason)


def revoke_serial(
    context: ssl.SSLContext, signer: Provisioner, root: x509.Certificate, number: int, reason: str
) -> bool:
    """Revoke one serial number with a token of the provisioner; whether step-ca had
    revoked it before."""
    serial = str(number)
    try:
        call(
            context,
            "POST",
            "/1.0/revoke",
            {
                "serial": serial,
                "ott": one_time_token(signer, root, "/1.0/revoke", serial),
                "passive": True,
                "reasonCode": REASONS[reason],
                "reason": reason,
            },
        )
    except IssueError as exc:
        if "is already revoked" not in str(exc):
            raise
        return True
    return False


# --- SSH certificates ---------------------------------------------------------------------

#: how many wire fields each key type's public key has, after its name (RFC 4253, 5656,
#: 8709; OpenSSH's PROTOCOL.u2f for the security keys)
SSH_KEY_FIELDS = {
    "ssh-ed25519": 1,
    "ecdsa-sha2-nistp256": 2,
    "ecdsa-sha2-nistp384": 2,
    "ecdsa-sha2-nistp521": 2,
    "ssh-rsa": 2,
    "sk-ssh-ed25519@openssh.com": 2,
    "sk-ecdsa-sha2-nistp256@openssh.com": 3,
}
CERT_SUFFIX = "-cert-v01@openssh.com"
SSH_CERT_TYPES = {1: "user", 2: "host"}


@dataclass
class SshCertificate:
    """What the SSH tool reads of an OpenSSH certificate (PROTOCOL.certkeys)."""

    blob: bytes  # the whole certificate, as the -cert.pub file has it in base64
    key: bytes  # the certified public key, in wire form
    serial: int
    kind: str  # "user" or "host"
    key_id: str
    principals: list[str]
    valid_after: int
    valid_before: int

    def line(self) -> str:
        name = wire_strings(self.blob, 1)[0][0].decode()
        return f"{name} {base64.b64encode(self.blob).decode()} {self.key_id}\n"


def wire_strings(data: bytes, count: int, offset: int = 0) -> tuple[list[bytes], int]:
    """`count` SSH wire strings (uint32 length, then the bytes) from `offset`; and where
    they end."""
    out = []
    for _ in range(count):
        if offset + 4 > len(data):
            raise ValueError("cut short")
        size = int.from_bytes(data[offset : offset + 4], "big")
        if offset + 4 + size > len(data):
            raise ValueError("cut short")
        out.append(data[offset + 4 : offset + 4 + size])
        offset += 4 + size
    return out, offset


def wire_string(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def public_key_blob(line: str, what: str) -> bytes:
    """The wire form of a public key line ('ssh-ed25519 AAAA... comment')."""
    fields = line.split()
    try:
        blob = base64.b64decode(fields[1], validate=True)
        name = wire_strings(blob, 1)[0][0].decode()
    except (IndexError, ValueError):
        raise IssueError(f"{what} is not an OpenSSH public key line") from None
    if name != fields[0] or name not in SSH_KEY_FIELDS:
        raise IssueError(f"{what} holds a key of type {fields[0]!r}, which step-ca does not sign")
    return blob


def parse_certificate(blob: bytes, what: str) -> SshCertificate:
    try:
        (name, _nonce), offset = wire_strings(blob, 2)
        kind = name.decode().removesuffix(CERT_SUFFIX)
        start = offset
        _, offset = wire_strings(blob, SSH_KEY_FIELDS[kind], offset)
        key = wire_string(kind.encode()) + blob[start:offset]
        serial = int.from_bytes(blob[offset : offset + 8], "big")
        cert_type = int.from_bytes(blob[offset + 8 : offset + 12], "big")
        (key_id, packed), offset = wire_strings(blob, 2, offset + 12)
        valid_after = int.from_bytes(blob[offset : offset + 8], "big")
        valid_before = int.from_bytes(blob[offset + 8 : offset + 16], "big")
        principals, rest, end = [], 0, len(packed)
        while rest < end:
            (principal,), rest = wire_strings(packed, 1, rest)
            principals.append(principal.decode())
    except (KeyError, ValueError, UnicodeDecodeError):
        raise IssueError(f"{what} is not an OpenSSH certificate this tool reads") from None
    return SshCertificate(
        blob,
        key,
        serial,
        SSH_CERT_TYPES.get(cert_type, str(cert_type)),
        key_id.decode(errors="replace"),
        principals,
        valid_after,
        valid_before,
    )


def certificate_file(path: Path) -> SshCertificate:
    fields = path.read_text(encoding="utf-8").split()
    try:
        blob = base64.b64decode(fields[1], validate=True)
    except (IndexError, ValueError):
        raise IssueError(f"{path} is not an OpenSSH certificate file") from None
    return parse_certificate(blob, str(path))


def cert_path(key: Path) -> Path:
    """Where ssh and sshd look for a key's certificate: KEY-cert.pub beside KEY(.pub)."""
    return key.with_name(key.name.removesuffix(".pub") + "-cert.pub")


def checked(answer: dict[str, Any], key: bytes, kind: str, principals: list[str]) -> SshCertificate:
    """step-ca's certificate, if it is of the key, the kind and the principals asked for."""
    try:
        blob = base64.b64decode(answer["crt"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise IssueError("step-ca answered without an SSH certificate") from None
    cert = parse_certificate(blob, "step-ca's answer")
    if cert.key != key or cert.kind != kind or cert.principals != principals:
        raise IssueError(
            f"step-ca answered with a {cert.kind} certificate of another key or principals "
            f"({', '.join(cert.principals)}); nothing was written"
        )
    return cert


def still_good(path: Path, key: bytes, principals: list[str]) -> SshCertificate | None:
    """The certificate at `path`, if it certifies this key for these principals and has
    more than half of its life left."""
    if not path.exists():
        return None
    try:
        cert = certificate_file(path)
    except IssueError:
        return None
    now = time.time()
    half = cert.valid_after + (cert.valid_before - cert.valid_after) / 2
    if cert.key != key or cert.principals != principals or not now < half:
        return None
    return cert


def ssh_sign(root_file: Path, kind: str, name: str, key_file: Path) -> tuple[Path, SshCertificate]:
    """Sign a user's or a host's public key with a one-time token of the provisioner, as
    `step ssh certificate --sign` does; the -cert.pub written beside it."""
    principals = SSH[f"{kind}s"][name]  # type: ignore[literal-required]
    key = public_key_blob(key_file.read_text(encoding="utf-8"), str(key_file))
    target = cert_path(key_file)
    if kind == "host":
        kept_cert = still_good(target, key, principals)
        if kept_cert is not None:
            return target, kept_cert
    context = ssl.create_default_context(cafile=str(root_file))
    signer = opened(provisioner(context, SSH["provisioner"]))
    request = {"certType": kind, "keyID": name, "principals": principals}
    ott = one_time_token(
        signer,
        root_of(root_file),
        "/1.0/ssh/sign",
        name,
        {"step": {"ssh": {**request, "validAfter": "", "validBefore": ""}}},
    )
    body = {**request, "publicKey": base64.b64encode(key).decode(), "ott": ott}
    cert = checked(call(context, "POST", "/1.0/ssh/sign", body), key, kind, principals)
    write_new(target, cert.line().encode(), 0o644, replace=True)
    return target, cert


def ssh_renew(root_file: Path, key_file: Path) -> tuple[Path, SshCertificate]:
    """Renew a host's certificate with the host's own key (step-ca's SSHPOP provisioner),
    as `step ssh renew` does: the old certificate, still valid, vouches for the request."""
    target = cert_path(key_file)
    if not target.exists():
        raise IssueError(f"{target} is missing: get the first one with `ssh host`")
    old = certificate_file(target)
    if old.kind != "host" or not old.valid_after <= time.time() < old.valid_before:
        raise IssueError(
            f"{target} is not a valid host certificate (expired, or not yet valid); get a "
            "new one with `ssh host`"
        )
    try:
        private = serialization.load_ssh_private_key(key_file.read_bytes(), None)
    except (ValueError, TypeError, OSError) as exc:
        raise IssueError(f"{key_file} is no unencrypted OpenSSH private key: {exc}") from None
    if isinstance(private, ed25519.Ed25519PrivateKey):
        alg = "EdDSA"
    elif isinstance(private, ec.EllipticCurvePrivateKey) and private.curve.name == "secp256r1":
        alg = "ES256"
    else:
        raise IssueError(f"{key_file} is neither Ed25519 nor ECDSA P-256")
    public = private.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    if public_key_blob(public.decode(), str(key_file)) != old.key:
        raise IssueError(f"{target} is not a certificate of {key_file}")
    audience = f"{CA_URL}/1.0/ssh/renew#sshpop/{SSH['sshpop']}"
    header = {"alg": alg, "typ": "JWT", "sshpop": base64.b64encode(old.blob).decode()}
    token = jws(header, token_claims(SSH["sshpop"], audience, str(old.serial)), private)
    context = ssl.create_default_context(cafile=str(root_file))
    answer = call(context, "POST", "/1.0/ssh/renew", {"ott": token})
    cert = checked(answer, old.key, "host", old.principals)
    write_new(target, cert.line().encode(), 0o644, replace=True)
    return target, cert


def ca_keys(root_file: Path, which: str) -> list[str]:
    """step-ca's SSH CA public keys of one kind ("userKey", "hostKey"), as key lines."""
    context = ssl.create_default_context(cafile=str(root_file))
    answer = call(context, "GET", "/1.0/ssh/roots")
    lines = []
    for encoded in answer.get(which) or []:
        blob = base64.b64decode(encoded)
        lines.append(f"{wire_strings(blob, 1)[0][0].decode()} {encoded}")
    if not lines:
        raise IssueError(f"step-ca at {CA_URL} has no SSH CA ({which}): is ca.json's ssh set?")
    return lines


def add_lines(path: Path, lines: list[str]) -> list[str]:
    """Append the lines `path` lacks (it is made if missing); the ones added."""
    have = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    missing = [line for line in lines if line not in have]
    if missing:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = "".join(f"{line}\n" for line in [*have, *missing])
        write_new(
            path,
            text.encode(),
            path.stat().st_mode & 0o777 if path.exists() else 0o644,
            replace=True,
        )
    return missing


def describe_cert(cert: SshCertificate) -> str:
    until = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(cert.valid_before))
    return (
        f"{cert.kind} certificate {cert.key_id!r} (serial {cert.serial}) for "
        f"{', '.join(cert.principals)}, valid until {until}"
    )


def ssh_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="issue-certificate.py ssh",
        description=f"SSH certificates from step-ca at {CA_URL}.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for kind, names in (("user", SSH["users"]), ("host", SSH["hosts"])):
        sign = commands.add_parser(kind, help=f"sign a {kind}'s public key")
        sign.add_argument("name", metavar="NAME", choices=sorted(names), help=", ".join(names))
        sign.add_argument("--key", type=Path, required=True, metavar="PUB")
    renew = commands.add_parser("renew", help="renew a host certificate with the host's key")
    renew.add_argument("--key", type=Path, required=True, metavar="KEY")
    user_ca = commands.add_parser("user-ca", help="write step-ca's user CA keys")
    user_ca.add_argument("--out", type=Path, required=True, metavar="FILE")
    known = commands.add_parser("known-hosts", help="add the @cert-authority line")
    known.add_argument(
        "--file", type=Path, default=Path.home() / ".ssh" / "known_hosts", metavar="FILE"
    )
    for command in commands.choices.values():
        command.add_argument("--root", type=Path, required=True, metavar="ROOT_PEM")
    return parser.parse_args(argv)


def ssh_main(argv: list[str]) -> int:
    args = ssh_arguments(argv)
    try:
        if args.command in ("user", "host"):
            target, cert = ssh_sign(args.root, args.command, args.name, args.key)
            print(f"==> {target}: {describe_cert(cert)}")
        elif args.command == "renew":
            target, cert = ssh_renew(args.root, args.key)
            print(f"==> renewed {target}: {describe_cert(cert)}")
        elif args.command == "user-ca":
            lines = ca_keys(args.root, "userKey")
            write_new(
                args.out, "".join(f"{line}\n" for line in lines).encode(), 0o644, replace=True
            )
            print(f"==> wrote {args.out}: the user CA keys of step-ca at {CA_URL}")
        else:
            patterns = ",".join(SSH["known_hosts"])
            lines = [f"@cert-authority {patterns} {key}" for key in ca_keys(args.root, "hostKey")]
            added = add_lines(args.file, lines)
            print(f"==> {args.file}: " + ("added " if added else "has ") + lines[0])
    except (IssueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="issue-certificate.py",
        description=(
            f"Get a client certificate from step-ca at {CA_URL}; CLIENT is one of "
            f"{', '.join(sorted(CLIENTS))}."
        ),
    )
    parser.add_argument("client", metavar="CLIENT")
    parser.add_argument(
        "--root",
        required=True,
        type=Path,
        metavar="ROOT_PEM",
        help="the root certificate (PEM) that step-ca's TLS must chain to",
    )
    parser.add_argument(
        "--csr",
        type=Path,
        metavar="FILE",
        help="the request to sign, for clients that make their own key",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="where to write the files (default: the current directory)",
    )
    parser.add_argument(
        "--renew",
        action="store_true",
        help=f"issue again although the client's files exist: each old one "
        f"is kept as *{PREVIOUS}, and the old certificate is revoked at once "
        "(superseded), so renew just before the new file goes to the device",
    )
    parser.add_argument(
        "--revoke",
        type=Path,
        metavar="CRT",
        help="revoke this certificate of the client (its .crt) at step-ca instead of issuing one",
    )
    parser.add_argument(
        "--reason",
        choices=sorted(REASONS),
        default="keyCompromise",
        help="the revocation's reason (default: keyCompromise, e.g. a lost device)",
    )
    args = parser.parse_args(argv)
    if args.client not in CLIENTS:
        parser.error(
            f"unknown client {args.client!r}; the spec's clients are: {', '.join(sorted(CLIENTS))}"
        )
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["ssh"]:
        return ssh_main(argv[1:])
    args = arguments(argv)
    try:
        if args.revoke is not None:
            serial, before = revoke(args.client, args.root, args.revoke, args.reason)
            print(
                f"==> {args.revoke} (serial {serial}) was revoked at {CA_URL} already"
                if before
                else f"==> revoked {args.revoke} (serial {serial}, {args.reason}) at {CA_URL}"
            )
            return 0
        written = issue(args.client, args.root, args.csr, args.out, args.renew)
    except (IssueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"==> wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
