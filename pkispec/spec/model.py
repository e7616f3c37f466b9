"""The shape of a pkispec spec: pydantic models, types only, every key known.

The whole private PKI of the guide is expressed here. PKI meaning (lifetimes that nest,
claims in order, names inside constraints) lives in `rules`, not here.

Every field carries a description and, where a user writes its value, examples: they are
what `pkispec schema` gives editors. An example follows the guide where the guide has a
value, and tests/test_schema.py validates each one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from pkispec.spec.durations import Duration as _Duration
from pkispec.spec.fields import (
    AbsPath,
    AnyPath,
    Country,
    Day,
    DnsName,
    DnText,
    Duration,
    Email,
    Fingerprint,
    HostPort,
    HttpUrl,
    IpNetwork,
    RelPath,
    Slug,
    WildcardDnsName,
)


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, values are never coerced."""

    # defer_build: only Spec's validator is ever used, so the parts need none of their own
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


# --- names and keys -------------------------------------------------------------------

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
    return Policy(optional=["country", "state", "locality", "organization", "organizational_unit"])


# --- the offline CA -------------------------------------------------------------------


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


# --- the online CA: step-ca -----------------------------------------------------------


class Claims(Strict):
    """Lifetimes of the certificates step-ca issues (ca.json claims). step-ca merges its
    defaults (5m, 24h, 24h), then ca_server.claims, then a provisioner's; in the end
    min <= default <= max must hold."""

    min_tls_cert_duration: Duration | None = Field(
        None,
        description="The shortest certificate a request may ask for "
        "(minTLSCertDuration); step-ca's default 5m.",
        examples=["5m"],
    )
    max_tls_cert_duration: Duration | None = Field(
        None,
        description="The longest certificate a request may ask for "
        "(maxTLSCertDuration), shorter than the signing intermediate lives; step-ca's "
        "default 24h.",
        examples=["24h", "720h"],
    )
    default_tls_cert_duration: Duration | None = Field(
        None,
        description="What a certificate lasts when the request names no lifetime "
        "(defaultTLSCertDuration): ACME certificates and client certificates; step-ca's "
        "default 24h, the guide's.",
        examples=["24h", "168h"],
    )
    disable_renewal: bool | None = Field(
        None,
        description="disableRenewal: true closes step-ca's renew endpoint (`step ca "
        "renew`); ACME clients order anew anyway. Left out: true for a JWK provisioner that "
        "issues to the spec's clients (a thief could otherwise renew a lost device's "
        "certificate before it is revoked; the device tool issues anew), else step-ca "
        "allows renewal.",
        examples=[True],
    )


Challenge = Literal["http-01", "dns-01", "tls-alpn-01", "device-attest-01"]


class JwkProvisioner(Strict):
    """A provisioner with a key under a passphrase, the one `step ca init` makes; it
    signs client certificates and the profile signer's. Its key is made on the CA host
    (add-jwk-provisioner.py), never in the bundle."""

    type: Literal["jwk"] = Field(description="'jwk': a JWK provisioner.", examples=["jwk"])
    name: DnText = Field(
        description="Its name, which clients and the profile signer "
        "name as their provisioner; the guide's 'derlev'.",
        examples=["derlev"],
    )
    admin: bool = Field(
        False,
        description="Marks the provisioner that issues client "
        "certificates (reserved: nothing is rendered from it yet).",
        examples=[True],
    )
    claims: Claims | None = Field(
        None,
        description="Its own claims, over ca_server.claims.",
        examples=[{"default_tls_cert_duration": "168h", "max_tls_cert_duration": "720h"}],
    )


class AcmeProvisioner(Strict):
    """An ACME provisioner: servers (Traefik, Caddy, nginx) and Apple devices order
    certificates at https://<ca>/acme/<name>/directory."""

    type: Literal["acme"] = Field(description="'acme': an ACME provisioner.", examples=["acme"])
    name: Slug = Field(
        description="Appears in the directory URL; randomize part of it "
        "(the guide's 'acme-z9w4d11j' and 'apple-afpl541u').",
        examples=["acme-z9w4d11j", "apple-afpl541u"],
    )
    challenges: list[Challenge] = Field(
        min_length=1,
        description="The challenges it accepts. http-01, dns-01 and "
        "tls-alpn-01 together are step-ca's default, left out of ca.json; any other list "
        "needs step-ca 0.23.0. Apple devices need device-attest-01.",
        examples=[["http-01", "dns-01", "tls-alpn-01"], ["device-attest-01"]],
    )
    attestation_formats: list[Literal["apple", "step", "tpm"]] = Field(
        [],
        description="With device-attest-01: the attestation formats it accepts "
        "(step-ca 0.23.0; tpm 0.24.0); Apple devices need 'apple'. Empty: left out of "
        "ca.json, and step-ca accepts every format.",
        examples=[["apple"]],
    )
    force_cn: bool = Field(
        True,
        description="ca.json forceCN: step-ca puts a name of the "
        "order into the subject's common name. Without it certbot and "
        "Caddy get no subject.",
        examples=[True],
    )
    claims: Claims | None = Field(
        None,
        description="Its own claims, over ca_server.claims.",
        examples=[{"default_tls_cert_duration": "24h"}],
    )


Provisioner = Annotated[JwkProvisioner | AcmeProvisioner, Field(discriminator="type")]


class EmbeddedDb(Strict):
    """step-ca's embedded database, a folder on the CA host owned by its user."""

    type: Literal["badger", "badgerv2", "bbolt"] = Field(
        description="The embedded database (ca.json db.type); badgerv2 is what `step ca "
        "init` makes.",
        examples=["badgerv2"],
    )
    path: RelPath = Field(
        "db", description="The data folder, relative to ca_server.steppath.", examples=["db"]
    )


class MysqlDb(Strict):
    """Several step-ca instances behind one name; the data source is read at apply time."""

    type: Literal["mysql"] = Field(
        description="'mysql': a MySQL or MariaDB server shared by every step-ca instance.",
        examples=["mysql"],
    )
    database: Slug = Field(
        description="The database name (ca.json db.database).", examples=["stepca"]
    )
    dsn_file: AbsPath = Field(
        description="A file on the CA host holding the data source, "
        "user:password@tcp(host:3306)/, read when installing.",
        examples=["/etc/step/secrets/mysql.dsn"],
    )


Database = Annotated[EmbeddedDb | MysqlDb, Field(discriminator="type")]


class StepCrl(Strict):
    """step-ca's own CRL of what its intermediate issued (step-ca 0.23.0 and later)."""

    enabled: bool = Field(
        True,
        description="step-ca makes the CRL and serves it at "
        "/1.0/crl; nginx with mTLS refreshes it hourly and checks it.",
        examples=[True],
    )
    generate_on_revoke: bool = Field(
        True, description="A new CRL at every revocation.", examples=[True]
    )
    cache_duration: Duration = Field(
        default_factory=lambda: _Duration.parse("24h"),
        description="How long each CRL is valid (its nextUpdate). Default: 24h.",
        examples=["24h"],
    )
    renew_period: Duration | None = Field(
        None,
        description="When to make the next one, shorter than cache_duration; "
        "step-ca takes 2/3 of cache_duration when left out.",
        examples=["16h"],
    )


class CaServer(Strict):
    """The online CA: step-ca with the signing intermediate's key, its ACME and JWK
    provisioners, and its systemd unit."""

    name: DnText = Field(
        description="step-ca's name in the runbook and the install script (the guide's "
        "`step ca init --name`); no certificate carries it.",
        examples=["PKI-CA"],
    )
    intermediate: Slug | None = Field(
        None,
        description="Which intermediate signs; the first one not revoked when left out.",
        examples=["intermediate"],
    )
    dns_names: list[DnsName] = Field(
        min_length=1,
        description="step-ca's DNS names (ca.json dnsNames, the guide's "
        "`--dns`); the first is in every URL of it the bundle writes.",
        examples=[["pki-ca.dmz.vlan.party"]],
    )
    address: HostPort = Field(
        ":443",
        description="Where step-ca listens (ca.json address; the guide's "
        "`--address`). A port other than 443 appears in its URLs.",
        examples=[":443", ":8443"],
    )
    user: Slug = Field(
        "step",
        description="The system user and group step-ca runs as; "
        "install-step-ca.sh makes it when missing. The guide's 'step'.",
        examples=["step"],
    )
    steppath: AbsPath = Field(
        "/etc/step",
        description="STEPPATH on the CA host: config, certificates, the "
        "encrypted intermediate key and the database. The guide's /etc/step.",
        examples=["/etc/step"],
    )
    version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")] = Field(
        "0.26.1",
        description="The step-ca release ca.json is written for, x.y.z: 0.26.1 "
        "(the guide's, the default) or later; pkispec's tests run 0.26.1 and 0.30.2. "
        "install-step-ca.sh refuses an older step-ca.",
        examples=["0.26.1", "0.30.2"],
    )
    database: Database = Field(
        default_factory=lambda: EmbeddedDb(type="badgerv2"),
        description="badgerv2 is what `step ca init` makes.",
        examples=[{"type": "badgerv2", "path": "db"}],
    )
    claims: Claims = Field(
        default_factory=Claims,
        description="Claims for every provisioner (ca.json authority.claims); left "
        "out: step-ca's defaults.",
        examples=[{"default_tls_cert_duration": "24h"}],
    )
    crl: StepCrl | None = Field(
        None,
        description="step-ca's own CRL of the certificates it issued (step-ca "
        "0.23.0), which nginx checks. Left out: step-ca makes none.",
        examples=[{"cache_duration": "24h"}],
    )
    provisioners: list[Provisioner] = Field(
        min_length=1,
        description="The provisioners, each with a name of its own. ACME "
        "ones go into ca.json; JWK ones are added on the CA host.",
        examples=[
            [
                {"type": "jwk", "name": "derlev", "admin": True},
                {
                    "type": "acme",
                    "name": "acme-z9w4d11j",
                    "challenges": ["http-01", "dns-01", "tls-alpn-01"],
                },
            ]
        ],
    )


# --- the edge: reverse proxies --------------------------------------------------------


class TraefikChallenge(Strict):
    """How Traefik proves its names to step-ca."""

    type: Literal["dns-01", "http-01", "tls-alpn-01"] = Field(
        description="The ACME challenge (dnsChallenge, httpChallenge or tlsChallenge); "
        "the guide's dns-01.",
        examples=["dns-01", "http-01"],
    )
    provider: Slug | None = Field(
        None,
        description="dns-01 only: the lego DNS provider, e.g. 'cloudflare'.",
        examples=["cloudflare"],
    )
    resolvers: list[HostPort] = Field(
        [],
        description="dns-01 only: the resolvers that check propagation.",
        examples=[["1.1.1.1:53", "1.0.0.1:53"]],
    )
    entry_point: Slug | None = Field(
        None, description="http-01 only: the entry point on port 80, e.g. 'web'.", examples=["web"]
    )


class TraefikDomain(Strict):
    """One certificate a router orders: its main name and its other names."""

    main: WildcardDnsName = Field(
        description="The certificate's main name (tls.domains[n].main).",
        examples=["dmz.vlan.party"],
    )
    sans: list[WildcardDnsName] = Field(
        [],
        description="Its other names (tls.domains[n].sans), wildcards allowed.",
        examples=[["*.dmz.vlan.party"]],
    )


class TraefikRouter(Strict):
    """A router whose container labels order its certificate from the resolver."""

    name: Slug = Field(
        description="The router's name in the container labels.", examples=["traefik-secure"]
    )
    domains: list[TraefikDomain] = Field(
        min_length=1,
        description="The certificates it orders, each inside the intermediate's name constraints.",
        examples=[[{"main": "dmz.vlan.party", "sans": ["*.dmz.vlan.party"]}]],
    )
    mtls: bool = Field(
        False,
        description="Demand client certificates on this router: "
        "adds the label tls.options=<option>@file. Needs traefik.mtls; "
        "without it no label is written.",
        examples=[True],
    )


class TraefikMtls(Strict):
    """Traefik's TLS option that demands client certificates from the spec's CA."""

    option: Slug = Field(
        "mtls",
        description="The name of the file provider's TLS option; "
        "also the file name dynamic/<option>.yml. The guide's 'mtls'.",
        examples=["mtls"],
    )
    client_auth_type: Literal[
        "RequireAndVerifyClientCert", "VerifyClientCertIfGiven", "RequireAnyClientCert"
    ] = Field(
        "RequireAndVerifyClientCert",
        description="Traefik's clientAuthType; the guide's RequireAndVerifyClientCert "
        "refuses a client without a certificate from the root and intermediate.",
        examples=["RequireAndVerifyClientCert"],
    )


class Traefik(Strict):
    """Traefik's certificate resolver at the ACME provisioner, and mTLS by file provider."""

    version: Literal["2", "3.0", "3.1", "3"] = Field(
        "3",
        description="Traefik's version, quoted: '3' is 3.2 or later, whose traefik.yml "
        "names the root in caCertificates; '3.0', '3.1' and '2' refuse that key and trust "
        "step-ca only through LEGO_CA_CERTIFICATES in compose.traefik.yml.",
        examples=["3", "3.1", "2"],
    )
    resolver: Slug = Field(
        description="The certificate resolver's name, e.g. 'smallstep'.", examples=["smallstep"]
    )
    provisioner: Slug = Field(
        description="The ACME provisioner Traefik orders from.", examples=["acme-z9w4d11j"]
    )
    email: Email = Field(
        description="The ACME account's e-mail address; the guide's hi@derlev.xyz.",
        examples=["hi@derlev.xyz"],
    )
    storage: AnyPath = Field(
        "acme.json",
        description="Where Traefik keeps its ACME account "
        "and certificates (acme.storage), absolute or relative to "
        "Traefik's working directory; the guide's acme.json.",
        examples=["acme.json", "/letsencrypt/acme.json"],
    )
    challenge: TraefikChallenge = Field(
        description="How Traefik proves its names.",
        examples=[
            {"type": "dns-01", "provider": "cloudflare", "resolvers": ["1.1.1.1:53", "1.0.0.1:53"]},
            {"type": "http-01", "entry_point": "web"},
        ],
    )
    certificates_duration: Duration = Field(
        description="What step-ca issues to Traefik, in whole hours; Traefik renews when "
        "less than a period sized by it is left (6 hours of a 24-hour certificate, 30 days "
        "of a 90-day one). It must equal the provisioner's default_tls_cert_duration. "
        "The guide's certificatesDuration: 24.",
        examples=["24h"],
    )
    key_type: Literal["EC256", "EC384", "RSA2048", "RSA4096", "RSA8192"] = Field(
        "EC256",
        description="Traefik's own list; it silently takes RSA4096 for anything "
        "else. The guide's EC256.",
        examples=["EC256"],
    )
    certs_dir: AbsPath = Field(
        "/certs",
        description="Where the Traefik container sees the ceremony's root.pem "
        "and <intermediate>.pem (mounted from its export).",
        examples=["/certs"],
    )
    mtls: TraefikMtls | None = Field(
        None,
        description="The TLS option dynamic/<option>.yml that demands client "
        "certificates; routers with mtls use it. Left out: none.",
        examples=[{"option": "mtls", "client_auth_type": "RequireAndVerifyClientCert"}],
    )
    routers: list[TraefikRouter] = Field(
        [],
        description="Routers whose labels compose.traefik.yml writes.",
        examples=[
            [
                {
                    "name": "traefik-secure",
                    "mtls": True,
                    "domains": [{"main": "dmz.vlan.party", "sans": ["*.dmz.vlan.party"]}],
                }
            ]
        ],
    )


class SimpleProxy(Strict):
    """Caddy or nginx in front of one upstream, with or without client certificates."""

    server_name: DnsName = Field(
        description="The name the proxy answers to and gets a certificate for over ACME.",
        examples=["files.vlan.party"],
    )
    upstream: HostPort = Field(
        description="Where requests go, e.g. '127.0.0.1:8080'; "
        "nginx reads ':port' as 127.0.0.1:port.",
        examples=["127.0.0.1:8080"],
    )
    provisioner: Slug = Field(
        description="The ACME provisioner the certificate comes from.", examples=["acme-z9w4d11j"]
    )
    mtls: bool = Field(
        True, description="Demand a client certificate from the spec's CA.", examples=[True, False]
    )
    certs_dir: AbsPath | None = Field(
        None,
        description="Where the proxy host keeps the root, intermediate and CRLs; "
        "/etc/caddy/pkispec or /etc/nginx/pkispec when left out.",
        examples=["/etc/nginx/pkispec"],
    )


class NginxProxy(SimpleProxy):
    """nginx in front of one upstream, its certificate from certbot."""

    ipv6: bool = Field(
        True,
        description="Also listen on IPv6 ([::]:443 and [::]:80). Set false on a host "
        "whose kernel runs without IPv6 (ipv6.disable=1): nginx refuses to start there with "
        "such a line.",
        examples=[True, False],
    )


class Proxies(Strict):
    """Reverse proxies that get certificates from step-ca over ACME; each needs a
    ca_server."""

    traefik: Traefik | None = Field(
        None,
        description="Traefik's resolver, mTLS option and router labels (the guide's "
        "proxy): edge/traefik/.",
    )
    caddy: SimpleProxy | None = Field(
        None,
        description="A Caddy site in front of one upstream: edge/caddy/Caddyfile.",
        examples=[
            {
                "server_name": "files.vlan.party",
                "upstream": "127.0.0.1:8080",
                "provisioner": "acme-z9w4d11j",
            }
        ],
    )
    nginx: NginxProxy | None = Field(
        None,
        description="An nginx site in front of one upstream, its certificate from "
        "certbot: edge/nginx/. With ca_server.crl enabled it checks the root's and "
        "step-ca's CRLs, refreshed hourly.",
        examples=[
            {
                "server_name": "mail.vlan.party",
                "upstream": "127.0.0.1:8081",
                "provisioner": "acme-z9w4d11j",
            }
        ],
    )


# --- devices --------------------------------------------------------------------------


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
    """Where the root goes into the trust store, one set of files per target."""

    targets: list[Literal["linux", "windows", "apple", "android", "firefox"]] = Field(
        [],
        description="linux: trust/linux/install-root.sh; windows: Install-Root.ps1; "
        "apple: a profile once root.certificate is committed; android: runbook steps; "
        "firefox: policies.json. The scripts install the root only if its SHA-256 "
        "fingerprint matches.",
        examples=[["linux", "windows", "apple", "android"]],
    )


# --- the whole spec -------------------------------------------------------------------


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
