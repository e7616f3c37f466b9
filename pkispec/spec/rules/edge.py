"""The edge's rules: Traefik's settings and certificate duration, and the challenges
each proxy can answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from pkispec.errors import Problem, YamlPath
from pkispec.spec.facts import effective_claims, provisioner
from pkispec.spec.model import AcmeProvisioner, Spec
from pkispec.spec.traefik_renewal import renew_before


def traefik_duration(spec: Spec) -> Iterator[Problem]:
    """Traefik's certificatesDuration is whole hours and what its provisioner issues.

    Codes: PKI103 (not whole hours), PKI108 (not what the provisioner issues).
    """
    traefik = spec.proxies.traefik if spec.proxies else None
    if traefik is None or spec.ca_server is None:
        return
    path: YamlPath = ("proxies", "traefik", "certificates_duration")
    if not traefik.certificates_duration.whole_hours:
        yield Problem(
            "PKI103",
            f"{traefik.certificates_duration} is not a whole number of "
            "hours, which Traefik's certificatesDuration needs",
            path,
            hint="write it in hours, e.g. '24h'",
        )
    prov = provisioner(spec, traefik.provisioner)
    if isinstance(prov, AcmeProvisioner):
        issued = effective_claims(spec.ca_server, prov.claims)["default_tls_cert_duration"]
        if issued != traefik.certificates_duration:
            yield Problem(
                "PKI108",
                f"Traefik expects {traefik.certificates_duration} certificates but "
                f"provisioner '{prov.name}' issues {issued}",
                path,
                hint=f"Traefik renews {renew_before(traefik.certificates_duration)} "
                f"before the end of a {traefik.certificates_duration} certificate; shorter "
                f"ones would expire first. Set it to '{issued.hours}h'",
            )


def traefik_settings(spec: Spec) -> Iterator[Problem]:
    """The challenge's keys belong to its type, and an mTLS router needs the TLS option
    (without it Traefik would serve the router with no client check at all).

    Codes: PKI004 (the challenge's key missing), PKI006 (a key of another challenge, a wildcard
    without dns-01), PKI106 (an mTLS router without the mtls option).
    """
    t = spec.proxies.traefik if spec.proxies else None
    if t is None:
        return
    base: YamlPath = ("proxies", "traefik", "challenge")
    ch = t.challenge
    wanted = {"dns-01": "provider", "http-01": "entry_point"}.get(ch.type)
    if wanted and getattr(ch, wanted) is None:
        yield Problem(
            "PKI004",
            f"the {ch.type} challenge needs challenge.{wanted}",
            base,
            hint="the DNS provider Traefik's lego uses, e.g. 'cloudflare'"
            if wanted == "provider"
            else "the entry point on port 80, e.g. 'web'",
        )
    for key in ("provider", "resolvers", "entry_point"):
        owner = "http-01" if key == "entry_point" else "dns-01"
        if getattr(ch, key) and ch.type != owner:
            yield Problem(
                "PKI006",
                f"challenge.{key} belongs to {owner}, and this challenge is {ch.type}",
                (*base, key),
                hint=f"remove it, or use {owner}",
            )
    for index, router in enumerate(t.routers):
        for d, domain in enumerate(router.domains):
            wild = [n for n in (domain.main, *domain.sans) if n.startswith("*.")]
            if wild and ch.type != "dns-01":
                yield Problem(
                    "PKI006",
                    f"a wildcard name ({wild[0]}) can only be proven with "
                    f"dns-01, and Traefik uses {ch.type}",
                    ("proxies", "traefik", "routers", index, "domains", d),
                    hint="use a dns-01 challenge, or name each host",
                )
        if router.mtls and t.mtls is None:
            yield Problem(
                "PKI106",
                f"router '{router.name}' asks for client certificates, "
                "but proxies.traefik has no mtls option to demand them",
                ("proxies", "traefik", "routers", index, "mtls"),
                hint="add proxies.traefik.mtls (the option Traefik's file "
                "provider gets), or set mtls: false",
            )


#: the challenges each proxy can answer (Caddy both itself; nginx through certbot's webroot)
PROXY_CHALLENGES = {"caddy": {"http-01", "tls-alpn-01"}, "nginx": {"http-01"}}


def proxy_challenges(spec: Spec) -> Iterator[Problem]:
    """A proxy orders from a provisioner that must offer a challenge the proxy answers.

    Codes: PKI006 (no challenge the proxy answers).
    """
    proxies = spec.proxies
    if proxies is None:
        return
    wanted: list[tuple[str, str, set[str]]] = []
    if proxies.traefik:
        wanted.append(("traefik", proxies.traefik.provisioner, {proxies.traefik.challenge.type}))
    wanted += [
        (key, proxy.provisioner, PROXY_CHALLENGES[key])
        for key in ("caddy", "nginx")
        if (proxy := getattr(proxies, key)) is not None
    ]
    for key, name, answers in wanted:
        prov = provisioner(spec, name)
        if isinstance(prov, AcmeProvisioner) and not answers & set(prov.challenges):
            yield Problem(
                "PKI006",
                f"{key} answers {', '.join(sorted(answers))}, which "
                f"provisioner '{name}' does not offer",
                ("proxies", key, "provisioner"),
                hint="use a provisioner with one of those challenges",
            )
