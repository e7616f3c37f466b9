#!/usr/bin/env python3
# pkispec build writes the header line here: what made the file
"""Add a JWK provisioner of the spec to step-ca's ca.json, on the CA host.

Usage: add-jwk-provisioner.py NAME        (the environment's STEPPATH moves STEPPATH below)

It makes a new P-256 key. step-ca keeps the public half to check the tokens the
provisioner signs; the private half is stored beside it encrypted under a passphrase you
type (or read from $PKISPEC_PROVISIONER_PASSFILE), as `step ca token` expects: a JWE
with PBES2-HS256+A128KW and A256GCM. Needs python3 and python3-cryptography. A name that
ca.json already has keeps its key; its claims and options become the spec's.

Several step-ca hosts behind one name must share each provisioner's key: on the second
and later hosts, set PKISPEC_PROVISIONERS_FROM to the first host's ca.json, and the
provisioner is copied from there (its private key is encrypted; but ca.json may hold the
database password, so copy it securely).
"""

import base64
import getpass
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

# --- pkispec: the spec's data (pkispec build fills this block in) ---
# fmt: off
#: the spec's JWK provisioners, their claims and options, as ca.json writes them
PROVISIONERS: dict[str, dict[str, object]] = (
{}
)
#: step-ca's folder (the environment's STEPPATH moves it) and its ca.json there
STEPPATH = "/etc/step-ca"
CA_JSON = "config/ca.json"
# fmt: on
# --- end of the spec's data ---
ITERATIONS = 100000  # what `step crypto jwk create` uses


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def coordinate(value: int) -> str:
    return b64(value.to_bytes(32, "big"))


def new_jwk() -> tuple[dict[str, str], dict[str, str]]:
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.private_numbers()
    public = {
        "crv": "P-256",
        "kty": "EC",
        "x": coordinate(numbers.public_numbers.x),
        "y": coordinate(numbers.public_numbers.y),
    }
    digest = hashes.Hash(hashes.SHA256())
    digest.update(json.dumps(public, separators=(",", ":"), sort_keys=True).encode())
    public.update({"kid": b64(digest.finalize()), "use": "sig", "alg": "ES256"})
    return public, dict(public, d=coordinate(numbers.private_value))


def encrypt(private: dict[str, str], passphrase: str) -> str:
    """RFC 7516 compact JWE of the private JWK under the passphrase (RFC 7518 4.8, 5.3)."""
    salt = secrets.token_bytes(16)
    algorithm = b"PBES2-HS256+A128KW"
    header: dict[str, object] = {
        "alg": algorithm.decode(),
        "enc": "A256GCM",
        "cty": "jwk+json",
        "p2c": ITERATIONS,
        "p2s": b64(salt),
    }
    protected = b64(json.dumps(header, separators=(",", ":")).encode())
    kdf = PBKDF2HMAC(hashes.SHA256(), 16, algorithm + b"\0" + salt, ITERATIONS)
    content_key, iv = secrets.token_bytes(32), secrets.token_bytes(12)
    sealed = AESGCM(content_key).encrypt(iv, json.dumps(private).encode(), protected.encode())
    wrapped = aes_key_wrap(kdf.derive(passphrase.encode()), content_key)
    return ".".join([protected, b64(wrapped), b64(iv), b64(sealed[:-16]), b64(sealed[-16:])])


def write_json(path: Path, config: dict[str, Any]) -> None:
    """Replace `path` atomically, keeping its owner, group and mode (step-ca reads it)."""
    info = path.stat()
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, info.st_mode & 0o777)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchown(out.fileno(), info.st_uid, info.st_gid)
        os.fchmod(out.fileno(), info.st_mode & 0o777)  # not narrowed by the umask
        out.write(json.dumps(config, indent=2, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)


def copied(name: str, source: str) -> dict[str, Any]:
    config = json.loads(Path(source).read_text(encoding="utf-8"))
    for entry in config.get("authority", {}).get("provisioners", []):
        if entry.get("type") == "JWK" and entry.get("name") == name:
            return dict(entry)
    sys.exit(f"error: {source} has no JWK provisioner {name!r} to copy")


def passphrase(name: str) -> str:
    path = os.environ.get("PKISPEC_PROVISIONER_PASSFILE")
    if path:
        return Path(path).read_text(encoding="utf-8").splitlines()[0]
    first = getpass.getpass(f"New passphrase of the provisioner {name!r}: ")
    if not first or first != getpass.getpass("The same again: "):
        sys.exit("error: the two passphrases differ, or are empty; nothing was changed")
    return first


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in PROVISIONERS:
        sys.exit(f"usage: add-jwk-provisioner.py NAME, NAME one of {sorted(PROVISIONERS)}")
    name = argv[1]
    steppath = Path(os.environ.get("STEPPATH", STEPPATH))
    path = steppath / CA_JSON
    config = json.loads(path.read_text(encoding="utf-8"))
    provisioners = config.setdefault("authority", {}).setdefault("provisioners", [])
    existing = next((p for p in provisioners if p.get("name") == name), None)
    if existing is not None:  # its key stays; what the spec sets of it follows the spec
        settings = {k: existing.get(k) for k in ("claims", "options") if k in existing}
        if settings == PROVISIONERS[name]:
            print(f"==> {path} already has the provisioner {name!r}; it is kept")
            return 0
        for key in ("claims", "options"):
            existing.pop(key, None)
        existing.update(PROVISIONERS[name])
        write_json(path, config)
        print(
            f"==> updated the claims and options of the provisioner {name!r} in {path} "
            "(its key is kept); restart step-ca"
        )
        return 0
    source = os.environ.get("PKISPEC_PROVISIONERS_FROM")
    if source:
        entry = copied(name, source)
    else:
        public, private = new_jwk()
        entry = {
            "type": "JWK",
            "name": name,
            "key": public,
            "encryptedKey": encrypt(private, passphrase(name)),
        }
    entry.update(PROVISIONERS[name])
    provisioners.insert(0, entry)
    write_json(path, config)
    print(f"==> added the JWK provisioner {name!r} (key id {entry['key']['kid']}) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
