"""The shape of a pkispec spec: pydantic models, types only, every key known.

The whole private PKI of the guide is expressed here. PKI meaning (lifetimes that nest,
claims in order, names inside constraints) lives in `rules`, not here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from pkispec.spec.durations import Duration as _Duration
from pkispec.spec.fields import (
    AbsPath,
    Country,
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

    country: Country | None = None
    state: DnText | None = None
    locality: DnText | None = None
    organization: DnText | None = None
    organizational_unit: DnText | None = None


class EcKey(Strict):
    type: Literal["ec"]
    curve: Literal["secp256r1", "secp384r1", "secp521r1"] = Field(
        description="The named curve; secp384r1 is the guide's choice for root and "
        "intermediate."
    )


class RsaKey(Strict):
    type: Literal["rsa"]
    bits: Literal[2048, 3072, 4096]


KeySpec = Annotated[EcKey | RsaKey, Field(discriminator="type")]
Digest = Literal["sha256", "sha384", "sha512"]


class Policy(Strict):
    """Which subject fields of a request must equal the issuer's (`match`) and which are
    kept when present (`optional`). The common name is always required; fields named in
    neither list are dropped from issued certificates (openssl's POLICY FORMAT)."""

    match: list[DnField] = []
    optional: list[DnField] = []


def strict_policy() -> Policy:
    """The guide's policy_strict: an intermediate shares the root's country and organization."""
    return Policy(match=["country", "organization"])


def loose_policy() -> Policy:
    """The guide's policy_loose: every field is kept when present, none must match."""
    return Policy(optional=["country", "state", "locality", "organization",
                            "organizational_unit"])


# --- the offline CA -------------------------------------------------------------------


class RootCrl(Strict):
    """The root's CRL: where it is published and how it stays fresh."""

    url: HttpUrl = Field(description="The CRL distribution point written into every "
                         "intermediate; the file is published under this path.")
    validity: Duration = Field(description="nextUpdate minus thisUpdate of each CRL.")
    renew_every: Duration = Field(
        description="The planned cadence of re-signing; shorter than `validity`."
    )
    renewal: Literal["offline", "automatic"] = Field(
        "offline",
        description="'offline': re-signed at a planned ceremony, a timer only checks "
        "freshness. 'automatic': the guide's timer re-signs it and needs the root key and "
        "its passphrase on the CRL host (discouraged).",
    )
    passphrase_file: AbsPath | None = Field(
        None, description="Only with renewal 'automatic': the root key passphrase file."
    )
    file: RelPath | None = Field(
        None, description="After a ceremony: the CRL it published (crls/root.crl of the "
        "export) committed next to the spec; `pkispec status` reports when it is due.",
        examples=["pki/root.crl"])


class Root(Strict):
    common_name: DnText
    subject: Subject = Field(default_factory=Subject)
    key: KeySpec = Field(default_factory=lambda: EcKey(type="ec", curve="secp384r1"))
    digest: Digest = Field("sha256", description="The hash of the root's self-signature "
                           "and of its CRLs.")
    lifetime: Duration
    policy: Policy = Field(default_factory=strict_policy)
    crl: RootCrl
    certificate: RelPath | None = Field(
        None, description="After the root ceremony: its public certificate (certs/root.pem "
        "of the export) committed next to the spec, relative to the spec's folder. Builds "
        "then embed it where trust needs it and report drift from the spec.",
        examples=["pki/root.pem"])
    fingerprint: Fingerprint | None = Field(
        None, description="The root's SHA-256 fingerprint as written down at the ceremony; "
        "a committed root with another one is refused.")


class NameConstraints(Strict):
    """X.509 name constraints on an intermediate (RFC 5280 §4.2.1.10)."""

    permitted_dns: list[DnsName] = []
    excluded_dns: list[DnsName] = []
    permitted_ip: list[IpNetwork] = []
    excluded_ip: list[IpNetwork] = []
    permitted_email: list[DnsName] = Field(
        [], description="Domains whose e-mail addresses may appear in issued certificates."
    )


class Intermediate(Strict):
    name: Slug = Field(description="Directory and file name of this CA, e.g. 'intermediate'.")
    common_name: DnText
    subject: Subject = Field(default_factory=Subject)
    key: KeySpec = Field(default_factory=lambda: EcKey(type="ec", curve="secp384r1"))
    digest: Digest = Field("sha256", description="The hash of the root's signature on this "
                           "intermediate and of its request.")
    lifetime: Duration
    pathlen: int = Field(0, ge=0, le=8)
    policy: Policy = Field(default_factory=loose_policy)
    name_constraints: NameConstraints | None = None
    renew_before: Duration = Field(
        default_factory=lambda: _Duration.parse("180d"),
        description="`pkispec status` says the intermediate is due this long before it "
        "expires; longer than any certificate it issues.", examples=["365d"])
    certificate: RelPath | None = Field(
        None, description="After its signing: its public certificate (certs/<name>.pem of "
        "the export) committed next to the spec, relative to the spec's folder; builds "
        "report drift from the spec.", examples=["pki/intermediate.pem"])


class Ceremony(Strict):
    prefix: AbsPath = Field(
        "/root/ca",
        description="Where the offline CA lives on the air-gapped machine; the scripts "
        "take PKISPEC_PREFIX to move it.",
    )


class CrlPublishing(Strict):
    """The small nginx site of the guide that serves CRLs and the root for download."""

    web_root: AbsPath = "/var/www/html"
    listen: HostPort | Literal["80"] = "80"
    serve_root_certificate: bool = True
    script_dir: AbsPath = Field(
        "/usr/local/sbin", description="Where the CRL check (and renew) script is installed."
    )


# --- the online CA: step-ca -----------------------------------------------------------


class Claims(Strict):
    min_tls_cert_duration: Duration | None = None
    max_tls_cert_duration: Duration | None = None
    default_tls_cert_duration: Duration | None = None
    disable_renewal: bool | None = None


Challenge = Literal["http-01", "dns-01", "tls-alpn-01", "device-attest-01"]


class JwkProvisioner(Strict):
    type: Literal["jwk"]
    name: DnText
    admin: bool = Field(False, description="Marks the provisioner that issues client "
                        "certificates (reserved: nothing is rendered from it yet).")
    claims: Claims | None = None


class AcmeProvisioner(Strict):
    type: Literal["acme"]
    name: Slug = Field(description="Appears in the directory URL; randomize part of it.")
    challenges: list[Challenge] = Field(min_length=1)
    attestation_formats: list[Literal["apple", "step", "tpm"]] = []
    force_cn: bool = Field(True, description="Without it certbot and Caddy get no subject.")
    claims: Claims | None = None


Provisioner = Annotated[JwkProvisioner | AcmeProvisioner, Field(discriminator="type")]


class EmbeddedDb(Strict):
    type: Literal["badger", "badgerv2", "bbolt"]
    path: RelPath = Field("db", description="The data folder, relative to ca_server.steppath.")


class MysqlDb(Strict):
    """Several step-ca instances behind one name; the data source is read at apply time."""

    type: Literal["mysql"]
    database: Slug
    dsn_file: AbsPath = Field(description="A file on the CA host holding the data source, "
                              "user:password@tcp(host:3306)/, read when installing.")


Database = Annotated[EmbeddedDb | MysqlDb, Field(discriminator="type")]


class StepCrl(Strict):
    """step-ca's own CRL of what its intermediate issued (step-ca 0.23.0 and later)."""

    enabled: bool = True
    generate_on_revoke: bool = Field(True, description="A new CRL at every revocation.")
    cache_duration: Duration = Field(
        default_factory=lambda: _Duration.parse("24h"),
        description="How long each CRL is valid (its nextUpdate).")
    renew_period: Duration | None = Field(
        None, description="When to make the next one; step-ca takes 2/3 of cache_duration "
        "when left out.")


class CaServer(Strict):
    name: DnText
    intermediate: Slug | None = Field(
        None, description="Which intermediate signs; the first one when left out."
    )
    dns_names: list[DnsName] = Field(min_length=1)
    address: HostPort = ":443"
    user: Slug = "step"
    steppath: AbsPath = "/etc/step"
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")] = "0.26.1"
    database: Database = Field(default_factory=lambda: EmbeddedDb(type="badgerv2"),
                               description="badgerv2 is what `step ca init` makes.")
    claims: Claims = Field(default_factory=Claims)
    crl: StepCrl | None = None
    provisioners: list[Provisioner] = Field(min_length=1)


# --- the edge: reverse proxies --------------------------------------------------------


class TraefikChallenge(Strict):
    type: Literal["dns-01", "http-01", "tls-alpn-01"]
    provider: Slug | None = Field(
        None, description="dns-01 only: the lego DNS provider, e.g. 'cloudflare'.",
        examples=["cloudflare"])
    resolvers: list[HostPort] = Field(
        [], description="dns-01 only: the resolvers that check propagation.",
        examples=[["1.1.1.1:53"]])
    entry_point: Slug | None = Field(
        None, description="http-01 only: the entry point on port 80, e.g. 'web'.")


class TraefikDomain(Strict):
    main: WildcardDnsName
    sans: list[WildcardDnsName] = []


class TraefikRouter(Strict):
    name: Slug = Field(description="The router's name in the container labels.")
    domains: list[TraefikDomain] = Field(min_length=1)
    mtls: bool = Field(False, description="Demand client certificates on this router.")


class TraefikMtls(Strict):
    option: Slug = Field("mtls", description="The name of the file provider's TLS option.")
    client_auth_type: Literal[
        "RequireAndVerifyClientCert", "VerifyClientCertIfGiven", "RequireAnyClientCert"
    ] = "RequireAndVerifyClientCert"


class Traefik(Strict):
    """Traefik's certificate resolver at the ACME provisioner, and mTLS by file provider."""

    version: Literal["2", "3"] = "3"
    resolver: Slug = Field(description="The certificate resolver's name, e.g. 'smallstep'.")
    provisioner: Slug = Field(description="The ACME provisioner Traefik orders from.")
    email: Email
    storage: RelPath = "acme.json"
    challenge: TraefikChallenge
    certificates_duration: Duration = Field(
        description="What step-ca issues to Traefik, in whole hours; Traefik renews at "
        "two thirds of it.")
    key_type: Literal["EC256", "EC384", "RSA2048", "RSA4096", "RSA8192"] = Field(
        "EC256", description="Traefik's own list; it silently takes RSA4096 for anything "
        "else.")
    certs_dir: AbsPath = Field(
        "/certs", description="Where the Traefik container sees the ceremony's root.pem "
        "and <intermediate>.pem (mounted from its export).")
    mtls: TraefikMtls | None = None
    routers: list[TraefikRouter] = []


class SimpleProxy(Strict):
    """Caddy or nginx in front of one upstream, with or without client certificates."""

    server_name: DnsName = Field(description="The name the proxy answers to and gets a "
                                 "certificate for over ACME.")
    upstream: HostPort = Field(description="Where requests go, e.g. '127.0.0.1:8080'.")
    provisioner: Slug = Field(description="The ACME provisioner the certificate comes from.")
    mtls: bool = Field(True, description="Demand a client certificate from the spec's CA.")
    certs_dir: AbsPath | None = Field(
        None, description="Where the proxy host keeps the root, intermediate and CRLs; "
        "/etc/caddy/pkispec or /etc/nginx/pkispec when left out.")


class Proxies(Strict):
    traefik: Traefik | None = None
    caddy: SimpleProxy | None = None
    nginx: SimpleProxy | None = None


# --- devices --------------------------------------------------------------------------


class Pkcs12Client(Strict):
    """A key made for the device and carried to it in a passphrase-protected PKCS#12."""

    kind: Literal["pkcs12"]
    name: DnText = Field(description="The certificate's common name, e.g. 'My Android Phone'.")
    platform: Literal["android", "ios", "macos", "linux", "windows"]
    provisioner: DnText = Field(description="The JWK provisioner that signs it.")
    profile: Literal["modern", "compatible"] | None = Field(
        None, description="PKCS#12 encryption: 'modern' is AES-256 with PBKDF2-SHA256, "
        "'compatible' 3DES with SHA-1, what iOS and older Android import. Left out: "
        "'compatible' for ios and macos, 'modern' elsewhere.")


class AppleAcmeClient(Strict):
    """An Apple device that makes its key in the Secure Enclave and proves itself with
    device-attest-01; it gets a configuration profile, not a key."""

    kind: Literal["apple-acme"]
    name: DnText = Field(description="The profile's display name, e.g. 'iPad'.")
    client_identifier: DnText = Field(description="The device's serial number or UDID; "
                                      "also the certificate's common name.")
    provisioner: Slug = Field(description="An ACME provisioner allowing device-attest-01.")
    key_size: Literal[256, 384] = 384


class WindowsTpmClient(Strict):
    """A Windows PC whose key is made in its TPM by certreq and never leaves it."""

    kind: Literal["windows-tpm"]
    name: DnText = Field(description="The certificate's common name, e.g. 'My Desktop'.")
    provisioner: DnText = Field(description="The JWK provisioner that signs the request.")
    key_algorithm: Literal["ECDSA_P256", "ECDSA_P384", "RSA"] = "ECDSA_P384"


Client = Annotated[
    Pkcs12Client | AppleAcmeClient | WindowsTpmClient, Field(discriminator="kind")
]


class ProfileSigner(Strict):
    """The certificate that signs the Apple configuration profiles."""

    name: DnText = Field(description="Its common name, e.g. 'vlan.party Profile Signing'.")
    provisioner: DnText = Field(description="The JWK provisioner that signs it.")


class Trust(Strict):
    """Where the root goes into the trust store, one set of files per target."""

    targets: list[Literal["linux", "windows", "apple", "android", "firefox"]] = []


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

    pkispec: Literal[1] = Field(description="The spec format version.")
    name: Slug = Field(description="The bundle's name: dist/<name>/ and dist/<name>.tar.gz.")
    subject: Subject = Field(default_factory=Subject)
    root: Root
    intermediates: list[Intermediate] = Field(min_length=1)
    ceremony: Ceremony = Field(default_factory=Ceremony)
    crl_publishing: CrlPublishing = Field(default_factory=CrlPublishing)
    ca_server: CaServer | None = None
    proxies: Proxies | None = None
    clients: list[Client] = []
    profile_signer: ProfileSigner | None = None
    trust: Trust | None = None


def merged_subject(spec: Spec, own: Subject) -> dict[str, str]:
    """The subject fields a CA ends up with: the spec's defaults, then its own."""
    fields = spec.subject.model_dump(exclude_none=True)
    fields.update(own.model_dump(exclude_none=True))
    return fields
