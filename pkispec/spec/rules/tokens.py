"""The rules of CA keys on PKCS#11 tokens: one key per CA, a key type every step can
make and use, and nothing that would need the token somewhere it is not.
"""

from __future__ import annotations

from collections.abc import Iterator

from pkispec.errors import Problem, YamlPath
from pkispec.spec.facts import signing_intermediate
from pkispec.spec.model import EcKey, Intermediate, Pkcs11Key, Root, Spec

#: the key types a token family makes, by its PKCS#11 module's file name (Debian 12's
#: packages): ykcs11 2.2.0 has P-256, P-384 and RSA 2048 (RSA 3072/4096 came in 2.5.0,
#: P-521 never); a TPM 2.0 has P-256 and RSA 2048, and mostly P-384, never P-521 for
#: certain. OpenSC's SmartCard-HSM and SoftHSM2 make every key type of the spec.
TOKEN_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "libykcs11.so": ("a YubiKey (ykcs11)", ("secp256r1", "secp384r1", "rsa2048")),
    "libtpm2_pkcs11.so": ("a TPM 2.0 (tpm2-pkcs11)", ("secp256r1", "secp384r1", "rsa2048")),
}


def _cas(spec: Spec) -> Iterator[tuple[YamlPath, Root | Intermediate]]:
    yield ("root",), spec.root
    for index, inter in enumerate(spec.intermediates):
        yield ("intermediates", index), inter


def tokens(spec: Spec) -> Iterator[Problem]:
    """A key on a token is one CA's alone, of a type its token family makes, and needs
    the token only where it is: the air-gapped machine, and step-ca's host for its
    intermediate.

    Codes: PKI116 (two CAs on one key, a key type the token cannot make, automatic CRL
    renewal with the root on a token, step-ca's intermediate on the root's token, SSH with
    step-ca's intermediate on a token).
    """
    seen: dict[tuple[str, str, str], str] = {}
    for base, ca in _cas(spec):
        token = ca.pkcs11
        if token is None:
            continue
        name = "the root" if isinstance(ca, Root) else f"intermediate '{ca.name}'"
        keys = {"label": (token.token, "label", token.label), "id": (token.token, "id", token.id)}
        clash = next((f for f in ("label", "id") if keys[f] in seen), None)
        if clash is not None:
            yield Problem(
                "PKI116",
                f"the key of {name} is the key of {seen[keys[clash]]}: the same {clash} "
                f"'{keys[clash][2]}' on the token '{token.token}'",
                (*base, "pkcs11", clash),
                hint="give each CA a key of its own: a label and an id no other CA has",
            )
        for field in ("label", "id"):
            seen.setdefault(keys[field], name)
        yield from _key_type(ca, token, base, name)
    root = spec.root
    if root.pkcs11 is not None and root.crl.renewal == "automatic":
        yield Problem(
            "PKI116",
            "the root's key is on a token, and automatic CRL renewal would need the token "
            "on the CRL host",
            ("root", "crl", "renewal"),
            hint="use renewal 'offline': the CRL is re-signed at a planned ceremony with the token",
        )
    if spec.ca_server and spec.intermediates:
        yield from _signer_token(spec)


def _signer_token(spec: Spec) -> Iterator[Problem]:
    """step-ca's intermediate's token goes to the CA server: it holds no other CA's key
    (the root's would go online; another intermediate's token is, or was, there already,
    where the ceremony cannot reach it), and step-ca opens the SSH CA's keys through it."""
    signer = signing_intermediate(spec)
    token = signer.pkcs11
    if token is None:
        return
    index = spec.intermediates.index(signer)
    for _, ca in _cas(spec):
        if ca is signer or ca.pkcs11 is None or _token_of(ca.pkcs11) != _token_of(token):
            continue
        why = (
            "the root's key: the token goes to the CA server, and would take that key online"
            if isinstance(ca, Root)
            else f"the key of intermediate '{ca.name}': the token goes to the CA server, "
            "where the ceremony cannot reach it"
        )
        yield Problem(
            "PKI116",
            f"step-ca signs with intermediate '{signer.name}', whose key is on the token "
            f"'{token.token}' with {why}",
            ("intermediates", index, "pkcs11", "token"),
            hint="give step-ca's intermediate a token that holds no other CA's key",
        )
    if spec.ssh:
        yield Problem(
            "PKI116",
            f"step-ca signs with intermediate '{signer.name}', whose key is on a token; "
            "step-ca then opens every key through the token, and pkispec keeps the SSH "
            "CA's keys in files",
            ("intermediates", index, "pkcs11"),
            hint="leave out the `ssh` section, or keep this intermediate's key in a file",
        )


def _token_of(key: Pkcs11Key) -> tuple[str, str]:
    """Which token: its label, through a module of this file name (one module is often
    reached by two paths, e.g. Debian's /usr/lib/softhsm and the multiarch folder)."""
    return key.module.rsplit("/", 1)[-1], key.token


def _key_type(
    ca: Root | Intermediate, token: Pkcs11Key, base: YamlPath, name: str
) -> Iterator[Problem]:
    module = token.module.rsplit("/", 1)[-1]
    family = next((v for k, v in TOKEN_KEYS.items() if module.startswith(k)), None)
    if family is None:
        return
    what, makes = family
    key = ca.key
    have = key.curve if isinstance(key, EcKey) else f"rsa{key.bits}"
    if have not in makes:
        field = "curve" if isinstance(key, EcKey) else "bits"
        yield Problem(
            "PKI116",
            f"the key of {name} is on {what}, which cannot make "
            + (key.curve if isinstance(key, EcKey) else f"RSA {key.bits}")
            + " keys",
            (*base, "key", field),
            hint="it makes " + ", ".join(_words(k) for k in makes),
        )


def _words(key: str) -> str:
    return f"RSA {key[3:]}" if key.startswith("rsa") else f"EC {key}"
