"""The online CA's plan: step-ca's address, database, claims and provisioners."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pkispec.plan.layout import LAYOUT
from pkispec.plan.offline import CaPlan
from pkispec.plan.ssh import SSHPOP, SshPlan
from pkispec.spec.facts import (
    STEP_DEFAULT_CHALLENGES,
    acme_directory_path,
    issues_to_devices,
    signing_intermediate,
    step_crl_url,
    step_url,
)
from pkispec.spec.model import (
    AcmeProvisioner,
    CaServer,
    Claims,
    EmbeddedDb,
    JwkProvisioner,
    Spec,
)


@dataclass(frozen=True)
class AcmePlan:
    name: str
    directory_path: str  # "/acme/<name>/directory"
    challenges: tuple[str, ...] | None  # None: step-ca's default set, key left out
    attestation_formats: tuple[str, ...]
    force_cn: bool
    claims: tuple[tuple[str, str], ...]  # (ca.json key, Go duration or bool text)
    leaf_template: str | None = None  # its x509 template, naming step-ca's CRL


@dataclass(frozen=True)
class StepPlan:
    name: str
    steppath: str
    user: str
    address: str
    dns_names: tuple[str, ...]
    url: str  # https://<first name>[:port]
    version: str
    signer: CaPlan
    db_type: str
    db_path: str  # badger: the data folder
    db_name: str  # mysql: the database
    dsn_file: str  # mysql: where the data source is read at install
    claims: tuple[tuple[str, Any], ...]
    crl: tuple[tuple[str, Any], ...]  # ca.json "crl" section; empty: none
    leaf_template: str | None  # every provisioner's x509 template, with the CRL
    acme: tuple[AcmePlan, ...]
    jwk: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]  # (name, claims), made on the host
    unit: str
    ssh_keys: tuple[tuple[str, str], ...] = ()  # ca.json "ssh": the SSH CA's keys; empty: none
    sshpop: str | None = None  # the provisioner hosts renew their certificates with
    binary: str = "/usr/bin/step-ca"

    def path(self, relative: str) -> str:
        return f"{self.steppath}/{relative}"

    @property
    def crl_url(self) -> str | None:
        """Where step-ca serves its own CRL (DER), when it makes one."""
        return step_crl_url(self.url) if dict(self.crl).get("enabled") else None


#: spec claim -> ca.json claim (step-ca's authority/provisioner/claims.go)
CLAIM_KEYS = (
    ("min_tls_cert_duration", "minTLSCertDuration"),
    ("max_tls_cert_duration", "maxTLSCertDuration"),
    ("default_tls_cert_duration", "defaultTLSCertDuration"),
    ("disable_renewal", "disableRenewal"),
)


def _claims(claims: Claims | None) -> tuple[tuple[str, Any], ...]:
    if claims is None:
        return ()
    out: list[tuple[str, Any]] = []
    for field, key in CLAIM_KEYS:
        value = getattr(claims, field)
        if value is not None:
            out.append((key, value if isinstance(value, bool) else value.go()))
    return tuple(out)


def _jwk_claims(
    spec: Spec, prov: JwkProvisioner, ssh: SshPlan | None
) -> tuple[tuple[str, Any], ...]:
    """A JWK provisioner's claims. One that issues to devices does not renew unless the
    spec says so: step-ca renews over mTLS whatever holds a valid certificate, so a thief
    who renews a lost device's certificate before it is revoked would get one that the
    revocation does not name. The device tool issues anew instead (--renew). The one that
    signs SSH keys gets the SSH CA enabled, with the spec's lifetimes."""
    claims = dict(_claims(prov.claims))
    if "disableRenewal" not in claims and issues_to_devices(spec, prov.name):
        claims["disableRenewal"] = True  # facts.renewal_disabled says why
    if ssh is not None and ssh.provisioner == prov.name:
        claims.update(ssh.claims)
    return tuple(sorted(claims.items()))


def _acme(prov: AcmeProvisioner, crl: tuple[tuple[str, Any], ...]) -> AcmePlan:
    named = tuple(prov.challenges)
    # step-ca gives device-attest-01 orders its attested template (client use only); one
    # that takes only those keeps it, with the CRL's distribution point added
    attested = set(named) == {"device-attest-01"}
    return AcmePlan(
        name=prov.name,
        directory_path=acme_directory_path(prov.name),
        challenges=None if set(named) == set(STEP_DEFAULT_CHALLENGES) else named,
        attestation_formats=tuple(prov.attestation_formats),
        force_cn=prov.force_cn,
        claims=_claims(prov.claims),
        leaf_template=_leaf_template(crl, attested),
    )


def _step_crl(server: CaServer, url: str) -> tuple[tuple[str, Any], ...]:
    crl = server.crl
    if crl is None:
        return ()
    out: list[tuple[str, Any]] = [
        ("enabled", crl.enabled),
        ("generateOnRevoke", crl.generate_on_revoke),
        ("cacheDuration", crl.cache_duration.go()),
    ]
    if crl.renew_period is not None:
        out.append(("renewPeriod", crl.renew_period.go()))
    if crl.enabled:
        # the CRL's issuing distribution point: where it is served, port included (step-ca
        # would name port 443), and what every leaf names as its CRL distribution point
        out.append(("idpURL", step_crl_url(url)))
    return tuple(out)


#: step-ca's default leaf template (go.step.sm/crypto x509util.DefaultLeafTemplate, the
#: same in 0.26.1 and 0.30.2; DefaultAttestedLeafTemplate has clientAuth alone) with the
#: CRL distribution point added. step-ca marks its CRL with a critical issuing distribution
#: point, and OpenSSL (nginx) takes such a CRL to cover only certificates that name the
#: same point: without it, every client is refused.
LEAF_TEMPLATE = """{
	"subject": {{ toJson .Subject }},
	"sans": {{ toJson .SANs }},
{{- if typeIs "*rsa.PublicKey" .Insecure.CR.PublicKey }}
	"keyUsage": ["keyEncipherment", "digitalSignature"],
{{- else }}
	"keyUsage": ["digitalSignature"],
{{- end }}
	"extKeyUsage": [%s],
	"crlDistributionPoints": [%s]
}"""


def _leaf_template(crl: tuple[tuple[str, Any], ...], attested: bool = False) -> str | None:
    idp = dict(crl).get("idpURL")
    usage = '"clientAuth"' if attested else '"serverAuth", "clientAuth"'
    return LEAF_TEMPLATE % (usage, json.dumps(idp)) if idp else None


def make_step(
    spec: Spec, intermediates: tuple[CaPlan, ...], ssh: SshPlan | None = None
) -> StepPlan | None:
    server: CaServer | None = spec.ca_server
    if server is None:
        return None
    signing = signing_intermediate(spec).name
    signer = next(ca for ca in intermediates if ca.slug == signing)
    url = step_url(server)
    db = server.database
    crl = _step_crl(server, url)
    return StepPlan(
        name=server.name,
        steppath=server.steppath,
        user=server.user,
        address=server.address,
        dns_names=tuple(server.dns_names),
        url=url,
        version=server.version,
        signer=signer,
        db_type=db.type,
        db_path=f"{server.steppath}/{db.path}" if isinstance(db, EmbeddedDb) else "",
        db_name="" if isinstance(db, EmbeddedDb) else db.database,
        dsn_file="" if isinstance(db, EmbeddedDb) else db.dsn_file,
        claims=_claims(server.claims),
        crl=crl,
        leaf_template=_leaf_template(crl),
        acme=tuple(_acme(p, crl) for p in server.provisioners if isinstance(p, AcmeProvisioner)),
        jwk=tuple(
            (p.name, _jwk_claims(spec, p, ssh))
            for p in server.provisioners
            if isinstance(p, JwkProvisioner)
        ),
        unit="step-ca",
        ssh_keys=(
            (
                ("hostKey", f"{server.steppath}/{LAYOUT.step.ssh_host_key}"),
                ("userKey", f"{server.steppath}/{LAYOUT.step.ssh_user_key}"),
            )
            if ssh
            else ()
        ),
        sshpop=SSHPOP if ssh else None,
    )
