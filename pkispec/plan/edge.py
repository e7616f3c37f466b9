"""The edge's plan: what Traefik, Caddy and nginx need from the spec and the CA.

The files a proxy reads (the root, the signing intermediate, the CRLs) are named after
the ceremony's export, so what the operator copies and what the proxy opens agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from pkispec.plan.offline import HOUR, CrlPlan
from pkispec.plan.step import StepPlan
from pkispec.spec.durations import Duration
from pkispec.spec.facts import acme_directory_url, effective_claims, in_service, provisioner
from pkispec.spec.model import NginxProxy, SimpleProxy, Spec, Traefik
from pkispec.spec.traefik_renewal import renew_before


@dataclass(frozen=True)
class TraefikRouterPlan:
    name: str
    domains: tuple[tuple[str, tuple[str, ...]], ...]  # (main, sans)
    mtls: bool


@dataclass(frozen=True)
class TraefikPlan:
    version: str  # "2" or "3"
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
    root_file: str  # inside the container
    ca_files: tuple[str, ...]  # the intermediates in service, for clientAuth
    mtls_option: str | None
    client_auth_type: str
    routers: tuple[TraefikRouterPlan, ...]

    @property
    def ca_certificates_key(self) -> bool:
        """Traefik 3.2 and later ('3') read caCertificates; older ones refuse the key and
        trust a private ACME server only through LEGO_CA_CERTIFICATES."""
        return self.version == "3"


@dataclass(frozen=True)
class ProxyPlan:
    """Caddy or nginx in front of one upstream."""

    kind: str  # "caddy" or "nginx"
    server_name: str
    upstream: str
    directory_url: str
    mtls: bool
    certs_dir: str
    root_file: str  # absolute, on the proxy host
    intermediate_files: tuple[str, ...]  # the intermediates in service, signer first
    crl_file: str | None  # nginx with CRLs: root and intermediate CRLs, PEM
    root_crl_url: str
    step_crl_url: str | None  # step-ca's own CRL (0.23+), DER
    unit: str  # systemd base name of the CRL refresh (nginx)
    renew_unit: str  # systemd base name of nginx's certificate renewal
    renew_calendar: str  # its OnCalendar: every third of the certificate's life
    ipv6: bool  # nginx: also listen on [::] (Caddy picks addresses itself)


@dataclass(frozen=True)
class EdgePlan:
    traefik: TraefikPlan | None
    caddy: ProxyPlan | None
    nginx: ProxyPlan | None

    @property
    def any(self) -> bool:
        return bool(self.traefik or self.caddy or self.nginx)


def _traefik(t: Traefik, step: StepPlan, intermediates: tuple[str, ...]) -> TraefikPlan:
    root = f"{t.certs_dir}/root.pem"
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
        root_file=root,
        ca_files=tuple(f"{t.certs_dir}/{slug}.pem" for slug in intermediates),
        mtls_option=mtls.option if mtls else None,
        client_auth_type=mtls.client_auth_type if mtls else "",
        routers=tuple(
            TraefikRouterPlan(r.name, tuple((d.main, tuple(d.sans)) for d in r.domains), r.mtls)
            for r in t.routers
        ),
    )


def _proxy(kind: str, proxy: SimpleProxy, spec: Spec, step: StepPlan, crl: CrlPlan) -> ProxyPlan:
    certs = proxy.certs_dir or f"/etc/{kind}/pkispec"
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
        root_file=f"{certs}/root.pem",
        intermediate_files=tuple(f"{certs}/{slug}.pem" for slug in _trusted(spec, step)),
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
