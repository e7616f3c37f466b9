"""The devices' models: clients by kind, the profile signer and the trust targets."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pkispec.spec.fields import DnText, Duration, Registry, Slug
from pkispec.spec.model.common import Strict


class Pkcs12Client(Strict):
    """A key made for the device and carried to it in a passphrase-protected PKCS#12."""

    kind: Literal["pkcs12"] = Field(
        description="'pkcs12': devices/issue-certificate.py makes the key and fetches the "
        "certificate from step-ca; the guide's way for Android.",
        examples=["pkcs12"],
    )
    name: DnText = Field(
        description="The certificate's common name, e.g. 'My Android Phone'; "
        "its file names are a slug of it.",
        examples=["My Android Phone"],
    )
    platform: Literal["android", "ios", "macos", "linux", "windows"] = Field(
        description="Where the PKCS#12 goes: it picks the default profile and the runbook's words.",
        examples=["android", "ios"],
    )
    provisioner: DnText = Field(
        description="The JWK provisioner that signs it.", examples=["derlev"]
    )
    profile: Literal["modern", "compatible"] | None = Field(
        None,
        description="PKCS#12 encryption: 'modern' is AES-256 with PBKDF2-SHA256, "
        "'compatible' 3DES with SHA-1, what iOS and older Android import. Left out: "
        "'compatible' for ios and macos, 'modern' elsewhere.",
        examples=["modern", "compatible"],
    )
    lifetime: Duration | None = Field(
        None,
        description="How long its certificate lasts, asked of step-ca within the "
        "provisioner's claims (max_tls_cert_duration). Left out: the provisioner's "
        "default_tls_cert_duration. A certificate carried to a device by hand should last "
        "weeks, not a day.",
        examples=["30d", "90d"],
    )


class AppleAcmeClient(Strict):
    """An Apple device that makes its key in the Secure Enclave and proves itself with
    device-attest-01; it gets a configuration profile, not a key."""

    kind: Literal["apple-acme"] = Field(
        description="'apple-acme': a .mobileconfig with an ACME payload, as in the guide.",
        examples=["apple-acme"],
    )
    name: DnText = Field(
        description="The profile's display name, e.g. 'iPad'; its file names are a slug of it.",
        examples=["iPad"],
    )
    client_identifier: DnText = Field(
        description="The device's serial number or UDID; also the certificate's common name.",
        examples=["C02XG0FDH7JY"],
    )
    provisioner: Slug = Field(
        description="An ACME provisioner allowing device-attest-01.", examples=["apple-afpl541u"]
    )
    key_size: Literal[256, 384] = Field(
        384,
        description="The Secure Enclave key's size in bits (P-256 or P-384); the guide's 384.",
        examples=[384],
    )


class WindowsTpmClient(Strict):
    """A Windows PC whose key is made in its TPM by certreq and never leaves it."""

    kind: Literal["windows-tpm"] = Field(
        description="'windows-tpm': a certreq .inf file; the PC makes key and request, "
        "issue-certificate.py has it signed.",
        examples=["windows-tpm"],
    )
    name: DnText = Field(
        description="The certificate's common name, e.g. 'My Desktop'.", examples=["My Desktop"]
    )
    provisioner: DnText = Field(
        description="The JWK provisioner that signs the request.", examples=["derlev"]
    )
    key_algorithm: Literal["ECDSA_P256", "ECDSA_P384", "RSA"] = Field(
        "ECDSA_P384",
        description="certreq's KeyAlgorithm; RSA keys are 2048 bits. The guide's ECDSA_P384.",
        examples=["ECDSA_P384"],
    )
    lifetime: Duration | None = Field(
        None,
        description="How long its certificate lasts, asked of step-ca within the "
        "provisioner's claims (max_tls_cert_duration). Left out: the provisioner's "
        "default_tls_cert_duration. A certificate carried to a device by hand should last "
        "weeks, not a day.",
        examples=["30d", "90d"],
    )


Client = Annotated[Pkcs12Client | AppleAcmeClient | WindowsTpmClient, Field(discriminator="kind")]


class ProfileSigner(Strict):
    """The certificate that signs the Apple configuration profiles."""

    name: DnText = Field(
        description="Its common name, e.g. 'vlan.party Profile Signing'.",
        examples=["vlan.party Profile Signing"],
    )
    provisioner: DnText = Field(
        description="The JWK provisioner that signs it.", examples=["derlev"]
    )


class Trust(Strict):
    """Where the root goes into trust stores, one set of files per target."""

    targets: list[
        Literal[
            "linux",
            "windows",
            "apple",
            "android",
            "firefox",
            "chromium",
            "java",
            "python",
            "node",
            "containers",
        ]
    ] = Field(
        [],
        description="linux: the system store (trust/linux/); windows: Install-Root.ps1; "
        "apple: a profile once root.certificate is committed; android: runbook steps; "
        "firefox: its enterprise policy and its profiles' stores (trust/firefox/); "
        "chromium: Chromium's and Chrome's store of a user (trust/chromium/); java: the "
        "cacerts of a JDK that is not Debian's (trust/java/); python and node: their "
        "variables for every login (trust/python/, trust/node/), which point at the "
        "system store; containers: Docker's and Podman's trust of each of `registries` "
        "(trust/containers/). Every script installs the root only if its SHA-256 "
        "fingerprint matches.",
        examples=[["linux", "windows", "apple", "android"]],
    )
    registries: list[Registry] = Field(
        [],
        description="The container registries the containers target trusts the root for, "
        "as image names carry them: 'registry.home.example:5000'.",
        examples=[["registry.home.example:5000"]],
    )
