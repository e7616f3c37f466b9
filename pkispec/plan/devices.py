"""The devices' plan: client certificates, Apple profiles, Windows requests and the
root's way into each trust store.

Nothing here is random: a profile's PayloadUUID is a name-based UUID of the bundle and
the device, so a rebuilt profile replaces the installed one instead of adding another.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pkispec.plan.offline import CaPlan, PublishPlan, root_url
from pkispec.plan.step import StepPlan
from pkispec.spec.committed import Committed
from pkispec.spec.durations import Duration
from pkispec.spec.facts import (
    acme_directory_url,
    client_lifetime,
    issued_lifetime,
    provisioner,
    renewal_disabled,
)
from pkispec.spec.fields import slug
from pkispec.spec.model import (
    AppleAcmeClient,
    Pkcs12Client,
    Spec,
    WindowsTpmClient,
)

#: the namespace of every PayloadUUID pkispec makes (uuid5 of the project's name)
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "pkispec.invalid")
WINDOWS_KEY_LENGTH = {"ECDSA_P256": 256, "ECDSA_P384": 384, "RSA": 2048}
#: PKCS#12 profile when a client names none: iOS and macOS import only the old algorithms
DEFAULT_PKCS12 = {"ios": "compatible", "macos": "compatible"}


@dataclass(frozen=True)
class IssuedPlan:
    """A certificate that devices/issue-certificate.py gets from a JWK provisioner."""

    slug: str
    common_name: str
    sans: tuple[str, ...]
    provisioner: str
    output: str  # "pkcs12", "csr" (a Windows TPM request) or "key"
    pkcs12: str | None  # "modern" or "compatible"
    platform: str  # android, ios, macos, linux, windows or "signer"
    lifetime: str = ""  # what step-ca gives it, for people: '30d'
    renewable: bool = False  # step-ca renews it over mTLS (its provisioner allows it)
    not_after: str | None = None  # the lifetime asked of step-ca (a Go duration); None: the
    # provisioner's default


@dataclass(frozen=True)
class WindowsPlan:
    slug: str
    common_name: str
    sans: tuple[str, ...]
    key_algorithm: str
    key_length: int


@dataclass(frozen=True)
class ApplePlan:
    slug: str
    display_name: str
    client_identifier: str
    directory_url: str
    key_size: int
    profile_identifier: str
    profile_uuid: str
    payload_uuid: str


@dataclass(frozen=True)
class DevicesPlan:
    ca_url: str
    organization: str  # PayloadOrganization of the profiles
    identifier_base: str  # reverse-DNS base of PayloadIdentifiers
    issued: tuple[IssuedPlan, ...]
    windows: tuple[WindowsPlan, ...]
    apple: tuple[ApplePlan, ...]
    signer: IssuedPlan | None

    @property
    def any(self) -> bool:
        return bool(self.issued or self.apple)


@dataclass(frozen=True)
class TrustPlan:
    targets: tuple[str, ...]
    registries: tuple[str, ...]  # the containers target's, as image names carry them
    name: str  # file base name of the installed root, e.g. homelab-root
    common_name: str  # the root's CN, what people see in the trust store
    root_url: str  # where the root is fetched at apply time (PEM)
    root_der: bytes | None  # the committed root (second phase), embedded where needed
    fingerprint: str | None  # its SHA-256, lowercase hex: the scripts' default
    profile_uuid: str
    payload_uuid: str
    identifier_base: str


def client_san(step: StepPlan, client_slug: str) -> str:
    """A URI SAN naming the device, whose host is step-ca's first DNS name.

    A client's name ('My Android Phone') is no DNS name, and step-ca would put it in as
    one, which name constraints on DNS names then refuse. A DNS name would also make the
    certificate a server certificate for that name (step-ca's template grants serverAuth).
    The URI has a host because Go's verifier (Go 1.26: the newest Caddy, Traefik, step-ca)
    refuses a URI without one, or with an IP, anywhere in a name-constrained chain; the
    host is one the spec already proves inside the signing intermediate's constraints."""
    return f"pkispec://{step.dns_names[0]}/client/{client_slug}"


def _uuid(spec: Spec, *parts: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, ":".join((spec.name, *parts)))).upper()


def _identifier_base(spec: Spec, host: str) -> str:
    """The reverse-DNS base of PayloadIdentifiers: 'party.vlan.dmz.pki-ca.pkispec.homelab'."""
    return ".".join(reversed(host.split("."))) + f".pkispec.{spec.name}"


def _issued(spec: Spec, step: StepPlan, client: Pkcs12Client | WindowsTpmClient) -> IssuedPlan:
    s = slug(client.name)
    text, renewable = _human(client_lifetime(spec, client)), _renewable(spec, client.provisioner)
    asked = client.lifetime.go() if client.lifetime else None
    if isinstance(client, WindowsTpmClient):
        return IssuedPlan(
            s,
            client.name,
            (client_san(step, s),),
            client.provisioner,
            "csr",
            None,
            "windows",
            text,
            renewable,
            asked,
        )
    profile = client.profile or DEFAULT_PKCS12.get(client.platform, "modern")
    return IssuedPlan(
        s,
        client.name,
        (client_san(step, s),),
        client.provisioner,
        "pkcs12",
        profile,
        client.platform,
        text,
        renewable,
        asked,
    )


def _human(lasts: Duration | None) -> str:
    return lasts.human() if lasts else ""


def _renewable(spec: Spec, name: str) -> bool:
    """Whether step-ca renews over mTLS what this JWK provisioner issued."""
    prov = provisioner(spec, name)  # the rules make sure it exists
    return prov is not None and not renewal_disabled(spec, prov)


def _apple(spec: Spec, client: AppleAcmeClient, step: StepPlan, base: str) -> ApplePlan:
    s = slug(client.name)
    return ApplePlan(
        slug=s,
        display_name=client.name,
        client_identifier=client.client_identifier,
        directory_url=acme_directory_url(step.url, client.provisioner),
        key_size=client.key_size,
        profile_identifier=f"{base}.{s}",
        profile_uuid=_uuid(spec, s, "profile"),
        payload_uuid=_uuid(spec, s, "acme"),
    )


def _organization(spec: Spec) -> str:
    return spec.root.subject.organization or spec.subject.organization or spec.root.common_name


def make_devices(spec: Spec, step: StepPlan | None) -> DevicesPlan:
    if step is None:  # the rules require a ca_server for any client
        return DevicesPlan("", "", "", (), (), (), None)
    base = _identifier_base(spec, step.dns_names[0])
    issued = [_issued(spec, step, c) for c in spec.clients if not isinstance(c, AppleAcmeClient)]
    signer = None
    if spec.profile_signer:
        s = slug(spec.profile_signer.name)
        signer = IssuedPlan(
            s,
            spec.profile_signer.name,
            (client_san(step, s),),
            spec.profile_signer.provisioner,
            "key",
            None,
            "signer",
            lifetime=_human(issued_lifetime(spec, spec.profile_signer.provisioner)),
            renewable=_renewable(spec, spec.profile_signer.provisioner),
        )
        issued.append(signer)
    windows = tuple(
        WindowsPlan(
            slug(c.name),
            c.name,
            (client_san(step, slug(c.name)),),
            c.key_algorithm,
            WINDOWS_KEY_LENGTH[c.key_algorithm],
        )
        for c in spec.clients
        if isinstance(c, WindowsTpmClient)
    )
    apple = tuple(
        _apple(spec, c, step, base) for c in spec.clients if isinstance(c, AppleAcmeClient)
    )
    return DevicesPlan(step.url, _organization(spec), base, tuple(issued), windows, apple, signer)


def make_trust(
    spec: Spec, root: CaPlan, publish: PublishPlan, step: StepPlan | None, committed: Committed
) -> TrustPlan | None:
    if spec.trust is None or not spec.trust.targets:
        return None
    url = root_url(publish, step.url if step else "")
    base = _identifier_base(spec, step.dns_names[0] if step else publish.server_name)
    common_name = dict(root.subject)["commonName"]
    return TrustPlan(
        tuple(spec.trust.targets),
        tuple(spec.trust.registries),
        f"{spec.name}-root",
        common_name,
        url,
        committed.root_der,
        committed.root_fingerprint or spec.root.fingerprint,
        _uuid(spec, "trust", "profile"),
        _uuid(spec, "trust", "root"),
        base,
    )
