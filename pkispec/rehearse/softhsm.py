"""Throwaway SoftHSM2 tokens for a rehearsal of a spec whose CA keys live on tokens.

Each token the spec names is made in the scratch folder under the same label, so the
ceremony runs with the very URIs the real token will answer to; only the PKCS#11 module
is SoftHSM2's (PKISPEC_PKCS11_MODULE). The PINs are random, like the passphrases, and
reach the scripts through the same PIN files an operator would name.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from pkispec.errors import PkispecError
from pkispec.plan import CaPlan, TokenPlan

#: Debian's softhsm2 package puts its module here
MODULE = "/usr/lib/softhsm/libsofthsm2.so"
#: what a token rehearsal runs besides bash and openssl, and the Debian packages with them
NEEDS = {
    "softhsm2-util": "softhsm2",
    "pkcs11-tool": "opensc",
}
PACKAGES = "softhsm2 opensc libengine-pkcs11-openssl"


def _check_tools() -> None:
    missing = [tool for tool in NEEDS if shutil.which(tool) is None]
    if missing or not Path(MODULE).is_file():
        raise PkispecError(
            "this spec keeps CA keys on PKCS#11 tokens, and a rehearsal puts SoftHSM2 in "
            f"their place: {', '.join(missing) or MODULE} is missing "
            f"(apt install {PACKAGES})"
        )
    engine = subprocess.run(
        ["openssl", "engine", "-t", "pkcs11"], capture_output=True, text=True, check=False
    )
    if engine.returncode != 0:
        raise PkispecError(
            f"openssl has no pkcs11 engine, which the ceremony uses (apt install {PACKAGES})"
        )


class SoftTokens:
    """One SoftHSM2 token per token label of the spec, in `folder`."""

    def __init__(self, folder: Path, cas: tuple[CaPlan, ...]) -> None:
        _check_tools()
        tokens = folder / "tokens"
        tokens.mkdir(parents=True, mode=0o700)
        self.conf = folder / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
            encoding="utf-8",
        )
        self.pins: dict[str, str] = {}  # token label -> user PIN
        for ca in cas:
            if ca.token is not None and ca.token.token not in self.pins:
                self.pins[ca.token.token] = self._init(ca.token)

    @property
    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf), "PKISPEC_PKCS11_MODULE": MODULE}

    def _init(self, token: TokenPlan) -> str:
        pin = secrets.token_hex(8)
        done = subprocess.run(
            [
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                token.token,
                "--so-pin",
                secrets.token_hex(8),
                "--pin",
                pin,
            ],
            env={"SOFTHSM2_CONF": str(self.conf), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise PkispecError(
                f"softhsm2-util cannot make the token {token.token!r}: {done.stderr}"
            )
        return pin

    def public_key(self, token: TokenPlan) -> bytes | None:
        """The DER public key of a CA's key on its token, or None when there is none."""
        done = subprocess.run(
            [
                "openssl",
                "pkey",
                "-engine",
                "pkcs11",
                "-inform",
                "engine",
                "-pubin",
                "-in",
                token.uri("public"),
                "-pubout",
            ],
            env={
                "SOFTHSM2_CONF": str(self.conf),
                "PKCS11_MODULE_PATH": MODULE,
                "PATH": "/usr/bin:/bin",
            },
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        key = serialization.load_pem_public_key(done.stdout)
        return key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
