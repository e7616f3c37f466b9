"""The parts every other model is made of: the strict base, subjects, keys, digests and
openssl policies.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from pkispec.spec.fields import AbsPath, Country, DnText, KeyId, ObjectLabel, TokenLabel


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, values are never coerced."""

    # defer_build: only Spec's validator is ever used, so the parts need none of their own
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


DnField = Literal["country", "state", "locality", "organization", "organizational_unit"]


class Subject(Strict):
    """Distinguished-name fields. `subject` at the top gives defaults for every CA.

    No e-mail address: RFC 5280 §4.1.2.6 deprecates it in the subject, and a CA has none."""

    country: Country | None = Field(
        None,
        description="countryName (C): the two-letter ISO 3166 code in capitals.",
        examples=["DE", "CH"],
    )
    state: DnText | None = Field(
        None, description="stateOrProvinceName (ST), spelt out.", examples=["Zürich"]
    )
    locality: DnText | None = Field(
        None, description="localityName (L): the town or city.", examples=["Winterthur"]
    )
    organization: DnText | None = Field(
        None,
        description="organizationName (O). The root's (or else the spec's) is also the "
        "organization Apple profiles show.",
        examples=["vlan.party"],
    )
    organizational_unit: DnText | None = Field(
        None, description="organizationalUnitName (OU).", examples=["IT"]
    )


class EcKey(Strict):
    """An elliptic-curve key, made with `openssl genpkey` and kept encrypted (PKCS#8)."""

    type: Literal["ec"] = Field(description="'ec': an elliptic-curve key.", examples=["ec"])
    curve: Literal["secp256r1", "secp384r1", "secp521r1"] = Field(
        description="The named curve; secp384r1 is the guide's choice for root and intermediate.",
        examples=["secp384r1"],
    )


class RsaKey(Strict):
    """An RSA key, made with `openssl genpkey` and kept encrypted (PKCS#8)."""

    type: Literal["rsa"] = Field(description="'rsa': an RSA key.", examples=["rsa"])
    bits: Literal[2048, 3072, 4096] = Field(
        description="The modulus length in bits; 4096 is the strength the guide compares "
        "secp384r1 with.",
        examples=[4096, 3072],
    )


KeySpec = Annotated[EcKey | RsaKey, Field(discriminator="type")]


class Pkcs11Key(Strict):
    """Where a CA's key lives when it is on a PKCS#11 token instead of in an encrypted
    file. The key is made on the token (or the one already there is used) and never
    leaves it. The PIN is never in the spec or the bundle: it is typed, or read from the
    file the operator names."""

    module: AbsPath = Field(
        description="The token's PKCS#11 module, as an absolute path on the machine that "
        "uses the key (the air-gapped machine for the root, the CA host for step-ca's "
        "intermediate). `pkispec rehearse` puts SoftHSM2's in its place.",
        examples=[
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/x86_64-linux-gnu/libykcs11.so",
            "/usr/lib/softhsm/libsofthsm2.so",
        ],
    )
    token: TokenLabel = Field(
        description="The token's label, as `pkcs11-tool --list-token-slots` shows it.",
        examples=["pkispec-root", "SmartCard-HSM (UserPIN)"],
    )
    label: ObjectLabel = Field(
        description="The key's label (CKA_LABEL) on the token; one key per CA.",
        examples=["root-ca", "intermediate-ca"],
    )
    id: KeyId = Field(
        description="The key's id (CKA_ID) on the token, in hex; one key per CA.",
        examples=["01", "02"],
    )


Digest = Literal["sha256", "sha384", "sha512"]


class Policy(Strict):
    """Which subject fields of a request must equal the issuer's (`match`) and which are
    kept when present (`optional`). The common name is always required; fields named in
    neither list are dropped from issued certificates (openssl's POLICY FORMAT)."""

    match: list[DnField] = Field(
        [],
        description="Subject fields a request must share with the issuer's subject "
        "('match'); each must be in the issuer's subject.",
        examples=[["country", "organization"]],
    )
    optional: list[DnField] = Field(
        [],
        description="Subject fields kept when the request has them ('optional'); "
        "a field in neither list is dropped.",
        examples=[["country", "organization"], ["locality", "organizational_unit"]],
    )


def strict_policy() -> Policy:
    """The guide's policy_strict: an intermediate shares the root's country and organization."""
    return Policy(match=["country", "organization"])


def loose_policy() -> Policy:
    """The guide's policy_loose: every field is kept when present, none must match."""
    return Policy(optional=list(get_args(DnField)))
