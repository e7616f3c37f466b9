"""The online CA's models: step-ca, its claims, provisioners, database and CRL."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pkispec.spec.durations import Duration as _Duration
from pkispec.spec.fields import AbsPath, DnsName, DnText, Duration, HostPort, RelPath, Slug
from pkispec.spec.model.common import Strict


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
