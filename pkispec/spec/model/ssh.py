"""The SSH certificate authority's models: step-ca's SSH CA, its hosts and its users."""

from __future__ import annotations

from pydantic import Field

from pkispec.spec.durations import Duration as _Duration
from pkispec.spec.fields import DnsName, DnText, Duration, Principal, Slug, SshPublicKey
from pkispec.spec.model.common import Strict

#: a well-formed Ed25519 public key line, for the schema's example
EXAMPLE_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvW9L2S6Q7h1z9y0x8c8x6e0a5p2q3r4s5t6u7v8w9x lost-laptop"
)


class SshHost(Strict):
    """A host whose sshd presents a host certificate, renewed by a timer on the host."""

    name: DnsName = Field(
        description="The host's DNS name: its certificate's key ID and the name users type.",
        examples=["nas.dmz.vlan.party"],
    )
    principals: list[Principal] = Field(
        [],
        description="The names the certificate is valid for, which clients check against "
        "the name they connect to. Left out: the name alone. Names with a dot must lie "
        "within the signing intermediate's name constraints, so one list governs both.",
        examples=[["nas.dmz.vlan.party", "nas"]],
    )


class SshUser(Strict):
    """A person who logs in with a user certificate instead of authorized_keys."""

    name: Slug = Field(
        description="The user's name: the certificate's key ID, and the name the SSH "
        "tool (devices/issue-certificate.py --ssh-user) is given.",
        examples=["alice"],
    )
    principals: list[Principal] = Field(
        [],
        description="The accounts the certificate logs in as (sshd accepts it for an "
        "account it names). Left out: the name alone.",
        examples=[["alice", "backup"]],
    )


class Ssh(Strict):
    """step-ca as SSH certificate authority: its host and user CA keys are made on the CA
    host (install-step-ca.sh), never in the bundle; a JWK provisioner signs the first
    certificates, and hosts renew their own through SSHPOP."""

    provisioner: DnText = Field(
        description="The JWK provisioner that signs host and user keys (its claims get "
        "enableSSHCA and the lifetimes below).",
        examples=["derlev"],
    )
    user_lifetime: Duration = Field(
        default_factory=lambda: _Duration.parse("16h"),
        description="How long a user certificate lasts (the provisioner's default and "
        "maximum); step-ca's default 16h: a user signs in again each working day.",
        examples=["16h", "7d"],
    )
    host_lifetime: Duration = Field(
        default_factory=lambda: _Duration.parse("30d"),
        description="How long a host certificate lasts; step-ca's default 30d. The host "
        "renews it every day, so it may be as short as 2d.",
        examples=["30d", "7d"],
    )
    hosts: list[SshHost] = Field(
        [],
        description="The hosts that get host certificates (ssh/<name>/ in the bundle).",
        examples=[[{"name": "nas.dmz.vlan.party", "principals": ["nas.dmz.vlan.party", "nas"]}]],
    )
    users: list[SshUser] = Field(
        [],
        description="The users whose keys the SSH tool signs.",
        examples=[[{"name": "alice", "principals": ["alice"]}]],
    )
    revoked_keys: list[SshPublicKey] = Field(
        [],
        description="Public keys every host refuses, with or without a certificate (sshd's "
        "RevokedKeys): a lost laptop's key, until its last certificate has expired.",
        examples=[[EXAMPLE_KEY]],
    )
