"""The edge: Traefik's resolver, mTLS option and router labels; Caddy; nginx.

Traefik's files are YAML through the serializer; the Caddyfile, the nginx site and the
scripts are line formats from templates. Every path a proxy opens is in the plan.
"""

from __future__ import annotations

from typing import Any

from pkispec.artifact import SCRIPT, Artifact
from pkispec.plan import Plan, ProxyPlan, TraefikPlan
from pkispec.render.structured import yaml_text
from pkispec.render.templating import header, render

MTLS_NOTE = (
    "caFiles are the intermediates in service, not the root: Traefik reads no CRL,",
    "and would admit the clients of a revoked intermediate under a trusted root.",
    "A revoked client is refused only once its certificate has expired.",
)
LEGO_NOTE = (
    "LEGO_CA_CERTIFICATES replaces lego's system roots: a resolver at a public ACME",
    "CA on the same Traefik would stop trusting it.",
)


def _challenge(t: TraefikPlan) -> tuple[str, dict[str, Any]]:
    if t.challenge == "dns-01":
        dns: dict[str, Any] = {"provider": t.provider}
        if t.resolvers:
            dns["resolvers"] = list(t.resolvers)
        return "dnsChallenge", dns
    if t.challenge == "http-01":
        return "httpChallenge", {"entryPoint": t.entry_point}
    return "tlsChallenge", {}


def traefik_static(t: TraefikPlan) -> dict[str, Any]:
    acme: dict[str, Any] = {
        "email": t.email,
        "storage": t.storage,
        "caServer": t.ca_server,
        "certificatesDuration": t.hours,
        "keyType": t.key_type,
    }
    if t.ca_certificates_key:
        acme["caCertificates"] = [t.root_file]
    key, challenge = _challenge(t)
    acme[key] = challenge
    return {
        "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        "certificatesResolvers": {t.resolver: {"acme": acme}},
    }


def traefik_dynamic(t: TraefikPlan) -> dict[str, Any]:
    client_auth = {"caFiles": list(t.ca_files), "clientAuthType": t.client_auth_type}
    return {"tls": {"options": {t.mtls_option: {"clientAuth": client_auth}}}}


def traefik_labels(t: TraefikPlan) -> list[str]:
    labels = []
    for router in t.routers:
        base = f"traefik.http.routers.{router.name}.tls"
        labels += [f"{base}=true", f"{base}.certresolver={t.resolver}"]
        for index, (main, sans) in enumerate(router.domains):
            labels.append(f"{base}.domains[{index}].main={main}")
            if sans:
                labels.append(f"{base}.domains[{index}].sans={','.join(sans)}")
        if router.mtls and t.mtls_option:
            labels.append(f"{base}.options={t.mtls_option}@file")
    return labels


def traefik_compose(t: TraefikPlan) -> dict[str, Any]:
    # caCertificates needs Traefik 3.2; before it lego reads this. It replaces lego's
    # system roots, so a resolver at a public ACME CA on the same Traefik stops working.
    service = {"environment": {"LEGO_CA_CERTIFICATES": t.root_file}, "labels": traefik_labels(t)}
    return {"services": {"traefik": service}}


def _trust_note(t: TraefikPlan) -> list[str]:
    if t.ca_certificates_key:
        return [
            "the ceremony's export there. caCertificates needs Traefik 3.2 or later;",
            "compose.traefik.yml also sets LEGO_CA_CERTIFICATES for older ones.",
        ]
    return [
        "the ceremony's export there; compose.traefik.yml points LEGO_CA_CERTIFICATES",
        "at it, the only way Traefik before 3.2 trusts a private ACME server.",
    ]


def _traefik(plan: Plan, t: TraefikPlan) -> list[Artifact]:
    top, files = header(plan.name), plan.layout.bundle
    out = [
        Artifact.text(
            files.traefik_static,
            yaml_text(
                [
                    top,
                    "",
                    "Merge into Traefik's static configuration (traefik.yml).",
                    f"It trusts step-ca by the root in {t.root_file}: mount the folder certs/ of",
                    *_trust_note(t),
                    "global: Traefik otherwise asks traefik.io for new versions and reports usage",
                    "there; a private PKI's proxy has no business reaching out.",
                ],
                traefik_static(t),
            ),
        ),
    ]
    if t.mtls_option:
        out.append(
            Artifact.text(
                files.traefik_dynamic(t.mtls_option),
                yaml_text(
                    [
                        top,
                        "",
                        "A file-provider file: put it in the folder the file provider watches.",
                        *MTLS_NOTE,
                    ],
                    traefik_dynamic(t),
                ),
            )
        )
    out.append(
        Artifact.text(
            files.traefik_compose,
            yaml_text(
                [
                    top,
                    "",
                    "A Compose override: docker compose -f compose.yml -f compose.traefik.yml",
                    "merges the router labels and the root for lego into the traefik service.",
                    *LEGO_NOTE,
                ],
                traefik_compose(t),
            ),
        )
    )
    return out


def _proxy(plan: Plan, proxy: ProxyPlan) -> list[Artifact]:
    context: dict[str, Any] = {
        "header": header(plan.name),
        "proxy": proxy,
        "name": plan.name,
        "step": plan.step,
    }
    files = plan.layout.bundle
    if proxy.kind == "caddy":
        return [Artifact.text(files.caddyfile, render("Caddyfile.j2", **context))]
    out = [
        Artifact.text(files.nginx_site(proxy.server_name), render("nginx-site.conf.j2", **context)),
        Artifact.text(
            files.nginx_acme_site(proxy.server_name), render("nginx-acme.conf.j2", **context)
        ),
        Artifact.text(
            files.obtain_certificate, render("nginx-certificate.sh.j2", **context), SCRIPT
        ),
    ]
    out += [
        Artifact.text(
            f"{files.nginx_units}/{proxy.renew_unit}.service",
            render("nginx-certificate.service.j2", **context),
        ),
        Artifact.text(
            f"{files.nginx_units}/{proxy.renew_unit}.timer",
            render(
                "timer.j2",
                **context,
                unit=proxy.renew_unit,
                calendar=proxy.renew_calendar,
                accuracy="5m",
                description=f"Renew nginx's certificate ({plan.name})",
            ),
        ),
    ]
    if proxy.crl_file:
        out += [
            Artifact.text(
                f"{files.nginx_scripts}/{proxy.unit}", render("nginx-crls.sh.j2", **context), SCRIPT
            ),
            Artifact.text(
                f"{files.nginx_units}/{proxy.unit}.service",
                render("nginx-crls.service.j2", **context),
            ),
            Artifact.text(
                f"{files.nginx_units}/{proxy.unit}.timer",
                render(
                    "timer.j2",
                    **context,
                    unit=proxy.unit,
                    calendar="hourly",
                    accuracy="5m",
                    description=f"Refresh the CRLs nginx checks ({plan.name})",
                ),
            ),
        ]
    return out


def render_edge(plan: Plan) -> list[Artifact]:
    edge = plan.edge
    out = _traefik(plan, edge.traefik) if edge.traefik else []
    for proxy in (edge.caddy, edge.nginx):
        if proxy:
            out += _proxy(plan, proxy)
    return out
