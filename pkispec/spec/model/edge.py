"""The edge's models: Traefik, Caddy and nginx, which get certificates from step-ca over
ACME.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pkispec.spec.fields import (
    AbsPath,
    AnyPath,
    DnsName,
    Duration,
    Email,
    HostPort,
    Slug,
    WildcardDnsName,
)
from pkispec.spec.model.common import Strict


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
