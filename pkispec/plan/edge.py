"""The edge's plan: what Traefik, Caddy and nginx need from the spec and the CA.

The files a proxy reads (the root, the signing intermediate, the CRLs) are named after
the ceremony's export, so what the operator copies and what the proxy opens agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from pkispec.plan.layout import LAYOUT
from pkispec.plan.offline import HOUR, CrlPlan
from pkispec.plan.step import StepPlan
from pkispec.spec.durations import Duration
from pkispec.spec.facts import acme_directory_url, effective_claims, in_service, provisioner
from pkispec.spec.model import NginxProxy, SimpleProxy, Spec, Traefik
from pkispec.spec.traefik_renewal import renew_before

ProxyKind = Literal["caddy", "nginx"]


@dataclass(frozen=True)
class Copied:
    """A certificate of the ceremony's export, copied into a proxy's certificate folder
    under its own name, so that what the operator copies and what the proxy opens agree."""

    export: str  # its path in the export: "certs/root.pem"
    path: str  # where the proxy reads it

    @property
    def name(self) -> str:
        return PurePosixPath(self.export).name


def _copied(folder: str, export: str) -> Copied:
    return Copied(export, f"{folder}/{PurePosixPath(export).name}")


def _copies(folder: str, intermediates: tuple[str, ...]) -> tuple[Copied, tuple[Copied, ...]]:
    """The root and the intermediates in service, as copied into `folder`."""
    root = _copied(folder, LAYOUT.export.root_pem)
    return root, tuple(_copied(folder, LAYOUT.export.cert(slug)) for slug in intermediates)


@dataclass(frozen=True)
class TraefikRouterPlan:
    name: str
    domains: tuple[tuple[str, tuple[str, ...]], ...]  # (main, sans)
    mtls: bool


@dataclass(frozen=True)
class TraefikPlan:
    version: str  # "2", "3.0", "3.1" or "3" (3.2 and later)
    resolver: str
    email: str
    storage: str
    ca_server: str  # the ACME directory URL
    challenge: str  # "dns-01", "http-01" or "tls-alpn-01"
    provider: str | None
    resolvers: tuple[str, ...]
    entry_point: str | None
    hours: int  # certificatesDuration
    renew_before: Duration  # Traefik renews when less than this is left
    key_type: str
    certs_dir: str  # inside the container: the export's certs/, mounted
    root: Copied
    cas: tuple[Copied, ...]  # the intermediates in service, for clientAuth
    mtls_option: str | None
    client_auth_type: str
    routers: tuple[TraefikRouterPlan, ...]

    @property
    def ca_certificates_key(self) -> bool:
        """Traefik 3.2 and later ('3') read caCertificates; older ones refuse the key and
        trust a private ACME server only through LEGO_CA_CERTIFICATES."""
        return self.version == "3"

    @property
    def storage_name(self) -> str:
        """acme.json's file name, for commands run in its folder."""
        return PurePosixPath(self.storage).name

    @property
    def root_file(self) -> str:
        return self.root.path

    @property
    def ca_files(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.cas)


@dataclass(frozen=True)
class ProxyPlan:
    """Caddy or nginx in front of one upstream."""

    kind: ProxyKind
    server_name: str
    upstream: str
    directory_url: str
    mtls: bool
    certs_dir: str
    root: Copied
    intermediates: tuple[Copied, ...]  # the intermediates in service, signer first
    crl_file: str | None  # nginx with CRLs: root and intermediate CRLs, PEM
    root_crl_url: str
    step_crl_url: str | None  # step-ca's own CRL (0.23+), DER
    unit: str  # systemd base name of the CRL refresh (nginx)
    renew_unit: str  # systemd base name of nginx's certificate renewal
    renew_calendar: str  # its OnCalendar: every third of the certificate's life
    ipv6: bool  # nginx: also listen on [::] (Caddy picks addresses itself)

    @property
    def root_file(self) -> str:
        return self.root.path

    @property
    def intermediate_files(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.intermediates)


@dataclass(frozen=True)
class EdgePlan:
    traefik: TraefikPlan | None
    caddy: ProxyPlan | None
    nginx: ProxyPlan | None

    @property
    def any(self) -> bool:
        return bool(self.traefik or self.caddy or self.nginx)


def _traefik(t: Traefik, step: StepPlan, intermediates: tuple[str, ...]) -> TraefikPlan:
    root, cas = _copies(t.certs_dir, intermediates)
    mtls = t.mtls
    return TraefikPlan(
        version=t.version,
        resolver=t.resolver,
        email=t.email,
        storage=t.storage,
        ca_server=acme_directory_url(step.url, t.provisioner),
        challenge=t.challenge.type,
        provider=t.challenge.provider,
        resolvers=tuple(t.challenge.resolvers),
        entry_point=t.challenge.entry_point,
        hours=t.certificates_duration.seconds // HOUR,
        renew_before=renew_before(t.certificates_duration),
        key_type=t.key_type,
        certs_dir=t.certs_dir,
        root=root,
        cas=cas,
        mtls_option=mtls.option if mtls else None,
        client_auth_type=mtls.client_auth_type if mtls else "",
        routers=tuple(
            TraefikRouterPlan(r.name, tuple((d.main, tuple(d.sans)) for d in r.domains), r.mtls)
            for r in t.routers
        ),
    )


def _proxy(
    kind: ProxyKind, proxy: SimpleProxy, spec: Spec, step: StepPlan, crl: CrlPlan
) -> ProxyPlan:
    certs = proxy.certs_dir or f"/etc/{kind}/pkispec"
    root, intermediates = _copies(certs, _trusted(spec, step))
    step_crl = step.crl_url if kind == "nginx" and proxy.mtls else None
    upstream = proxy.upstream
    if kind == "nginx" and upstream.startswith(":"):
        # Caddy dials ':8080' on this host; nginx refuses it ("no host in upstream")
        upstream = f"127.0.0.1{upstream}"
    return ProxyPlan(
        kind=kind,
        server_name=proxy.server_name,
        upstream=upstream,
        directory_url=acme_directory_url(step.url, proxy.provisioner),
        mtls=proxy.mtls,
        certs_dir=certs,
        root=root,
        intermediates=intermediates,
        crl_file=f"{certs}/crls.pem" if step_crl else None,
        root_crl_url=crl.url,
        step_crl_url=step_crl,
        unit=f"pkispec-{spec.name}-nginx-crls",
        renew_unit=f"pkispec-{spec.name}-nginx-certificate",
        renew_calendar=_every_third(spec, proxy.provisioner),
        ipv6=proxy.ipv6 if isinstance(proxy, NginxProxy) else True,
    )


def _every_third(spec: Spec, name: str) -> str:
    """certbot's own timer runs twice a day at random times, so two runs may be 24 hours
    apart: a certificate of a day or two would expire in between. Renew every third of
    the certificate's lifetime instead (certbot renews anything within 30 days of expiry)."""
    server, prov = spec.ca_server, provisioner(spec, name)
    if server is None or prov is None:
        return "daily"
    lasts = effective_claims(server, prov.claims)["default_tls_cert_duration"]
    hours = max(1, lasts.seconds // HOUR // 3)
    return "daily" if hours >= 24 else f"*-*-* 00/{hours}:00:00"


def _trusted(spec: Spec, step: StepPlan) -> tuple[str, ...]:
    """The intermediates whose clients a proxy admits: every one the spec holds that is
    not revoked, the signing one first. During a rotation that is the incoming and the
    outgoing one."""
    others = [i.name for i in in_service(spec) if i.name != step.signer.slug]
    return (step.signer.slug, *others)


def make_edge(spec: Spec, step: StepPlan | None, crl: CrlPlan) -> EdgePlan:
    proxies = spec.proxies
    if proxies is None or step is None:  # the rules require a ca_server for any proxy
        return EdgePlan(None, None, None)
    return EdgePlan(
        traefik=_traefik(proxies.traefik, step, _trusted(spec, step)) if proxies.traefik else None,
        caddy=_proxy("caddy", proxies.caddy, spec, step, crl) if proxies.caddy else None,
        nginx=_proxy("nginx", proxies.nginx, spec, step, crl) if proxies.nginx else None,
    )
