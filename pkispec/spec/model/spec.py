"""The whole spec: every stage's part under one model, the one pydantic validates and
`pkispec schema` describes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from pkispec.spec.fields import Slug
from pkispec.spec.model.common import Strict, Subject
from pkispec.spec.model.devices import Client, ProfileSigner, Trust
from pkispec.spec.model.edge import Proxies
from pkispec.spec.model.offline import Ceremony, CrlPublishing, Intermediate, Root
from pkispec.spec.model.server import CaServer
from pkispec.spec.model.ssh import Ssh


class Spec(Strict):
    """A private PKI: an offline root, its intermediates, and what runs on them."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        defer_build=True,
        title="pkispec",
        json_schema_extra={"$id": "https://pkispec.invalid/pkispec.schema.json"},
    )

    pkispec: Literal[1] = Field(description="The spec format version.", examples=[1])
    name: Slug = Field(
        description="The bundle's name: dist/<name>/ and dist/<name>.tar.gz.", examples=["homelab"]
    )
    subject: Subject = Field(
        default_factory=Subject,
        description="Subject fields every CA certificate gets unless it sets its own.",
        examples=[{"country": "DE", "organization": "vlan.party"}],
    )
    root: Root = Field(description="The offline root CA.")
    intermediates: list[Intermediate] = Field(
        min_length=1,
        description="The intermediates the root signs, at least one; "
        "step-ca signs with one of them.",
        examples=[
            [
                {
                    "name": "intermediate",
                    "common_name": "vlan.party Intermediate CA 1",
                    "lifetime": "3652d",
                }
            ]
        ],
    )
    ceremony: Ceremony = Field(
        default_factory=Ceremony,
        description="Where the ceremony keeps the offline CA.",
        examples=[{"prefix": "/root/ca"}],
    )
    crl_publishing: CrlPublishing = Field(
        default_factory=CrlPublishing,
        description="The CRL host's nginx site, its publishing script and its timers.",
        examples=[{"web_root": "/var/www/html", "listen": "80"}],
    )
    ca_server: CaServer | None = Field(
        None,
        description="step-ca, the online CA. Left out: no ca-server/ in the bundle, "
        "and no proxies or clients.",
    )
    proxies: Proxies | None = Field(
        None, description="Reverse proxies with certificates from step-ca."
    )
    clients: list[Client] = Field(
        [],
        description="Devices with client certificates, by kind; names are unique.",
        examples=[
            [
                {
                    "kind": "pkcs12",
                    "name": "My Android Phone",
                    "platform": "android",
                    "provisioner": "derlev",
                }
            ]
        ],
    )
    profile_signer: ProfileSigner | None = Field(
        None,
        description="The certificate that signs Apple profiles (devices/"
        "sign-profile.sh); left out: profiles are unsigned.",
        examples=[{"name": "vlan.party Profile Signing", "provisioner": "derlev"}],
    )
    ssh: Ssh | None = Field(
        None,
        description="step-ca as SSH certificate authority: host certificates instead of "
        "trust on first use, user certificates instead of authorized_keys (ssh/ in the "
        "bundle). Needs ca_server.",
        examples=[
            {
                "provisioner": "derlev",
                "hosts": [{"name": "nas.dmz.vlan.party"}],
                "users": [{"name": "alice"}],
            }
        ],
    )
    trust: Trust | None = Field(
        None,
        description="Where the root goes into trust stores.",
        examples=[{"targets": ["linux", "windows"]}],
    )


def merged_subject(spec: Spec, own: Subject) -> dict[str, str]:
    """The subject fields a CA ends up with: the spec's defaults, then its own."""
    fields = spec.subject.model_dump(exclude_none=True)
    fields.update(own.model_dump(exclude_none=True))
    return fields
