"""The offline CA's models: the root and its CRL, the intermediates (their name
constraints and revocation), the ceremony and the CRL site.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pkispec.spec.durations import Duration as _Duration
from pkispec.spec.fields import (
    AbsPath,
    Day,
    DnsName,
    DnText,
    Duration,
    Fingerprint,
    HostPort,
    HttpUrl,
    IpNetwork,
    RelPath,
    Slug,
)
from pkispec.spec.model.common import (
    Digest,
    EcKey,
    KeySpec,
    Pkcs11Key,
    Policy,
    Strict,
    Subject,
    loose_policy,
    strict_policy,
)


class RootCrl(Strict):
    """The root's CRL: where it is published and how it stays fresh."""

    url: HttpUrl = Field(
        description="The CRL distribution point written into every "
        "intermediate; the file is published under this path. Its port "
        "must be the one crl_publishing listens on.",
        examples=["http://pki-ca.dmz.vlan.party/crls/root.crl"],
    )
    validity: Duration = Field(
        description="nextUpdate minus thisUpdate of each CRL (openssl -crlhours): whole "
        "hours, at most 5y. openssl's default, which the guide keeps, is 30d.",
        examples=["180d", "30d"],
    )
    renew_every: Duration = Field(
        description="The planned cadence of re-signing; shorter than `validity`. The "
        "check timer reports the CRL due this long after it was signed. The guide's "
        "timer: every 10 days.",
        examples=["90d", "10d"],
    )
    renewal: Literal["offline", "automatic"] = Field(
        "offline",
        description="'offline': re-signed at a planned ceremony, a timer only checks "
        "freshness. 'automatic': the guide's timer re-signs it and needs the root key and "
        "its passphrase on the CRL host (discouraged).",
        examples=["offline"],
    )
    passphrase_file: AbsPath | None = Field(
        None,
        description="Only with renewal 'automatic', and then required: the file on "
        "the CRL host with the root key's passphrase, as in the guide's update_crl.sh.",
        examples=["/root/ca/private/ca.pass"],
    )
    file: RelPath | None = Field(
        None,
        description="After a ceremony: the CRL it published (crls/root.crl of the "
        "export) committed next to the spec; `pkispec status` reports when it is due.",
        examples=["pki/root.crl"],
    )


class Root(Strict):
    """The self-signed root CA, made and kept on the air-gapped machine."""

    common_name: DnText = Field(
        description="The root's commonName (CN): the name trust stores show.",
        examples=["vlan.party Root CA"],
    )
    subject: Subject = Field(
        default_factory=Subject,
        description="The root's own subject fields, over the spec's `subject`.",
        examples=[{"organizational_unit": "PKI"}],
    )
    key: KeySpec = Field(
        default_factory=lambda: EcKey(type="ec", curve="secp384r1"),
        description="The root's key. Default: EC secp384r1, the guide's.",
        examples=[{"type": "ec", "curve": "secp384r1"}, {"type": "rsa", "bits": 4096}],
    )
    pkcs11: Pkcs11Key | None = Field(
        None,
        description="Where the root's key lives when it is on a PKCS#11 token (a YubiKey, "
        "a Nitrokey or SmartCard-HSM, a TPM). Left out: an encrypted key file, the guide's.",
        examples=[
            {
                "module": "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
                "token": "pkispec-root",
                "label": "root-ca",
                "id": "01",
            }
        ],
    )
    digest: Digest = Field(
        "sha256",
        description="The hash of the root's self-signature and of its CRLs; the guide's -sha256.",
        examples=["sha256"],
    )
    lifetime: Duration = Field(
        description="How long the root certificate is valid (openssl -days): whole days, "
        "at most 100y, longer than every intermediate. The guide's is 25202d (69y).",
        examples=["25202d", "69y", "20y"],
    )
    policy: Policy = Field(
        default_factory=strict_policy,
        description="What the root demands of the intermediates it signs. Default: "
        "country and organization must match the root's (the guide's policy_strict).",
        examples=[{"match": ["country", "organization"]}],
    )
    crl: RootCrl = Field(
        description="The root's CRL: its URL in every intermediate, its validity and how "
        "it is re-signed.",
        examples=[
            {
                "url": "http://pki-ca.dmz.vlan.party/crls/root.crl",
                "validity": "180d",
                "renew_every": "90d",
            }
        ],
    )
    certificate: RelPath | None = Field(
        None,
        description="After the root ceremony: its public certificate (certs/root.pem "
        "of the export) committed next to the spec, relative to the spec's folder. Builds "
        "then embed it where trust needs it and report drift from the spec.",
        examples=["pki/root.pem"],
    )
    fingerprint: Fingerprint | None = Field(
        None,
        description="The root's SHA-256 fingerprint as written down at the ceremony, "
        "64 lowercase hex digits without colons; a committed root (`certificate`) with "
        "another one is refused.",
        examples=["6415ad78b39f6994a91f099bd328e98446fbcb008a8020e8708e1ef77e516545"],
    )


class NameConstraints(Strict):
    """X.509 name constraints on an intermediate (RFC 5280 §4.2.1.10)."""

    permitted_dns: list[DnsName] = Field(
        [],
        description="DNS domains the intermediate may issue for, each with its "
        "subdomains; when any is given, every other DNS name is refused.",
        examples=[["vlan.party"]],
    )
    excluded_dns: list[DnsName] = Field(
        [],
        description="DNS domains, with their subdomains, the intermediate may never "
        "issue for; they win over permitted_dns.",
        examples=[["public.vlan.party"]],
    )
    permitted_ip: list[IpNetwork] = Field(
        [],
        description="IP ranges (CIDR) the intermediate may issue IP addresses in.",
        examples=[["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"]],
    )
    excluded_ip: list[IpNetwork] = Field(
        [],
        description="IP ranges (CIDR) the intermediate may never issue IP addresses in.",
        examples=[["10.20.99.0/24"]],
    )
    permitted_email: list[DnsName] = Field(
        [],
        description="Domains whose e-mail addresses may appear in issued certificates.",
        examples=[["vlan.party"]],
    )


RevocationReason = Literal[
    "unspecified",
    "keyCompromise",
    "CACompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
]


class Revocation(Strict):
    """An intermediate taken out of service: the proxies stop trusting it, and the
    runbook's section 8 lists what to do by hand, in order."""

    date: Day = Field(
        description="The day of the offline ceremony that revokes it, "
        "YYYY-MM-DD: for the record, the runbook and `pkispec diff`.",
        examples=["2026-12-01"],
    )
    reason: RevocationReason = Field(
        description="The reason revoke-<name>.sh records in the root CRL (openssl's "
        "-crl_reason): keyCompromise when its key may be known to someone else.",
        examples=["keyCompromise", "superseded"],
    )


class Intermediate(Strict):
    """An intermediate CA: its key and request made, and signed by the root, offline."""

    name: Slug = Field(
        description="Directory and file name of this CA, e.g. "
        "'intermediate' (the guide's); not root, certs, crl, csr, newcerts, "
        "private or export.",
        examples=["intermediate", "issuing-1"],
    )
    common_name: DnText = Field(
        description="The intermediate's commonName (CN); no two CAs may have the same subject.",
        examples=["vlan.party Intermediate CA 1"],
    )
    subject: Subject = Field(
        default_factory=Subject,
        description="Its own subject fields, over the spec's `subject`; the root's policy "
        "must keep each of them.",
        examples=[{"organizational_unit": "Legacy"}],
    )
    key: KeySpec = Field(
        default_factory=lambda: EcKey(type="ec", curve="secp384r1"),
        description="The intermediate's key; step-ca's intermediate goes to the CA host "
        "still encrypted. Default: EC secp384r1, the guide's.",
        examples=[{"type": "ec", "curve": "secp384r1"}, {"type": "rsa", "bits": 2048}],
    )
    pkcs11: Pkcs11Key | None = Field(
        None,
        description="Where the intermediate's key lives when it is on a PKCS#11 token; "
        "step-ca's intermediate then signs through the token on the CA host. Left out: "
        "an encrypted key file, the guide's.",
        examples=[
            {
                "module": "/usr/lib/x86_64-linux-gnu/libykcs11.so",
                "token": "YubiKey PIV #12345678",
                "label": "Private key for Digital Signature",
                "id": "02",
            }
        ],
    )
    digest: Digest = Field(
        "sha256",
        description="The hash of the root's signature on this "
        "intermediate and of its request; the guide's -md sha256.",
        examples=["sha256"],
    )
    lifetime: Duration = Field(
        description="How long the intermediate certificate is valid (openssl -days): "
        "whole days, shorter than the root's. The guide's is 3652d (10y).",
        examples=["3652d", "10y", "5y"],
    )
    pathlen: int = Field(
        0,
        ge=0,
        le=8,
        description="basicConstraints pathlen: how many CAs may follow it in a chain; 0, "
        "the guide's, lets it sign end-entity certificates only.",
        examples=[0],
    )
    policy: Policy = Field(
        default_factory=loose_policy,
        description="The policy of the intermediate's own openssl.cnf, for what it signs "
        "with `openssl ca` (step-ca does not read it). Default: every subject field "
        "optional, none must match (the guide's policy_loose).",
        examples=[{"optional": ["country", "organization"]}],
    )
    name_constraints: NameConstraints | None = Field(
        None,
        description="Names the intermediate may and may not issue for, a critical "
        "extension of its certificate. Left out: no constraints. At least one list must "
        "have names.",
        examples=[
            {
                "permitted_dns": ["vlan.party"],
                "permitted_ip": ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"],
            }
        ],
    )
    renew_before: Duration | None = Field(
        None,
        description="`pkispec status` says the intermediate is due this long before it "
        "expires; longer than any certificate it issues. Left out: a fifth of its "
        "lifetime, at most 180d.",
        examples=["365d"],
    )

    @property
    def renewal_window(self) -> _Duration:
        """renew_before, or a fifth of the lifetime and at most 180 days."""
        if self.renew_before is not None:
            return self.renew_before
        return min(_Duration(self.lifetime.seconds // 5), _Duration.parse("180d"))

    certificate: RelPath | None = Field(
        None,
        description="After its signing: its public certificate (certs/<name>.pem of "
        "the export) committed next to the spec, relative to the spec's folder; builds "
        "report drift from the spec.",
        examples=["pki/intermediate.pem"],
    )
    revoked: Revocation | None = Field(
        None,
        description="Set when the intermediate is revoked: no proxy trusts it any "
        "more, step-ca must sign with another (its successor, a new entry with a new "
        "name and key), and the runbook lists the steps. Left out: in service.",
        examples=[{"date": "2026-12-01", "reason": "keyCompromise"}],
    )


class Ceremony(Strict):
    """The ceremony on the air-gapped machine."""

    prefix: AbsPath = Field(
        "/root/ca",
        description="Where the offline CA lives on the air-gapped machine; the scripts "
        "take PKISPEC_PREFIX to move it. The guide's /root/ca.",
        examples=["/root/ca"],
    )


class CrlPublishing(Strict):
    """The small nginx site of the guide that serves CRLs and the root for download."""

    web_root: AbsPath = Field(
        "/var/www/html",
        description="nginx's document root on the CRL host; the CRL "
        "lands at web_root plus the URL's path. The guide's /var/www/html.",
        examples=["/var/www/html"],
    )
    listen: HostPort | Literal["80"] = Field(
        "80",
        description="Where the CRL site listens: '80' or ':port' on every IPv4 and "
        "IPv6 address, 'host:port' on one. The port must be the CRL URL's (80 when the "
        "URL names none).",
        examples=["80", "0.0.0.0:8080"],
    )
    serve_root_certificate: bool = Field(
        True,
        description="Also serve /certs/root.pem, /certs/root.crt and "
        "/certs/<intermediate>.chain.pem; the trust scripts fetch the root there (from "
        "step-ca's /roots.pem otherwise).",
        examples=[True, False],
    )
    script_dir: AbsPath = Field(
        "/usr/local/sbin",
        description="Where the CRL check (and renew) script is installed.",
        examples=["/usr/local/sbin"],
    )
