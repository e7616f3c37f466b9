"""The rules on names: each its own, none reserved, and every name a certificate
carries within the signing intermediate's name constraints.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from pkispec.errors import Problem, YamlPath
from pkispec.spec.facts import jwk_issued, signing_intermediate
from pkispec.spec.model import NameConstraints, Spec


def _duplicates(names: list[str], path: YamlPath, key: str, what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        folded = name.casefold()
        if folded in seen:
            yield Problem(
                "PKI105",
                f"{what} '{name}' is defined twice (first at {path[-1]}[{seen[folded]}])",
                (*path, index, key),
                hint=f"give each {what} its own name",
            )
        else:
            seen[folded] = index


#: names an intermediate cannot take: the root's own directories and files use them
RESERVED_CA_NAMES = frozenset({"root", "certs", "crl", "csr", "newcerts", "private", "export"})


def unique_names(spec: Spec) -> Iterator[Problem]:
    """Intermediates, provisioners and clients each have a name of their own.

    Codes: PKI105 (a reserved or repeated name).
    """
    for index, inter in enumerate(spec.intermediates):
        if inter.name in RESERVED_CA_NAMES:
            yield Problem(
                "PKI105",
                f"the name '{inter.name}' is taken by the root CA's own files",
                ("intermediates", index, "name"),
                hint="choose another name, e.g. 'intermediate' or 'issuing-1'",
            )
    yield from _duplicates(
        [i.name for i in spec.intermediates], ("intermediates",), "name", "intermediate"
    )
    if spec.ca_server:
        yield from _duplicates(
            [p.name for p in spec.ca_server.provisioners],
            ("ca_server", "provisioners"),
            "name",
            "provisioner",
        )
    yield from _duplicates([c.name for c in spec.clients], ("clients",), "name", "client")


def _covered(name: str, constraints: NameConstraints) -> bool:
    bare = name.removeprefix("*.")

    def within(domain: str) -> bool:
        return bare == domain or bare.endswith("." + domain)

    if any(within(d) for d in constraints.excluded_dns):
        return False
    return not constraints.permitted_dns or any(within(d) for d in constraints.permitted_dns)


def _issued_names(spec: Spec) -> Iterator[tuple[str, YamlPath]]:
    if spec.ca_server:
        for index, name in enumerate(spec.ca_server.dns_names):
            yield name, ("ca_server", "dns_names", index)
    proxies = spec.proxies
    if proxies and proxies.traefik:
        for r, router in enumerate(proxies.traefik.routers):
            for d, domain in enumerate(router.domains):
                base: YamlPath = ("proxies", "traefik", "routers", r, "domains", d)
                yield domain.main, (*base, "main")
                for s, san in enumerate(domain.sans):
                    yield san, (*base, "sans", s)
    for key in ("caddy", "nginx"):
        proxy = getattr(proxies, key, None)
        if proxy is not None:
            yield proxy.server_name, ("proxies", key, "server_name")
    yield from _host_like_client_names(spec)
    yield from _ssh_host_names(spec)


def _ssh_host_names(spec: Spec) -> Iterator[tuple[str, YamlPath]]:
    """An SSH host's DNS name and its principals that look like host names: one list of
    names governs X.509 and SSH certificates."""
    for index, host in enumerate(spec.ssh.hosts if spec.ssh else []):
        yield host.name, ("ssh", "hosts", index, "name")
        for p, principal in enumerate(host.principals):
            if "." in principal:
                yield principal, ("ssh", "hosts", index, "principals", p)


def _host_like_client_names(spec: Spec) -> Iterator[tuple[str, YamlPath]]:
    """OpenSSL checks a common name that looks like a host name against the DNS
    constraints when the certificate has no DNS name (client certificates carry a URI)."""
    for index, client in enumerate(spec.clients):
        if client.kind != "apple-acme" and HOST_NAME.match(client.name):
            yield client.name, ("clients", index, "name")
    signer = spec.profile_signer
    if signer and HOST_NAME.match(signer.name):
        yield signer.name, ("profile_signer", "name")


#: what OpenSSL takes for a host name in a common name: labels joined by dots
HOST_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+$")


def name_constraints(spec: Spec) -> Iterator[Problem]:
    """Every name step-ca or a proxy gets a certificate for is within the signer's constraints.

    Codes: PKI109 (a name outside the signer's constraints).
    """
    signer = signing_intermediate(spec)
    constraints = signer.name_constraints
    if constraints is None:
        return
    for name, path in _issued_names(spec):
        if not _covered(name, constraints):
            yield Problem(
                "PKI109",
                f"'{name}' is outside the name constraints of intermediate '{signer.name}'",
                path,
                hint="clients would reject a certificate for it; add its domain to "
                "permitted_dns or use another name",
            )


def client_uri_host(spec: Spec) -> Iterator[Problem]:
    """Client certificates name their device by a URI whose host is step-ca's first DNS
    name; Go's verifier refuses a URI whose host is an IP address in a constrained chain.

    Codes: PKI109 (an IP address as host of the clients' URI).
    """
    server = spec.ca_server
    if server is None or not jwk_issued(spec) or not _ip_literal(server.dns_names[0]):
        return
    constraints = signing_intermediate(spec).name_constraints
    if constraints is None or not _covered(server.dns_names[0], constraints):
        return  # Go reads URIs only in a constrained chain; PKI109 names a name outside
    yield Problem(
        "PKI109",
        f"client certificates name their device by a URI on step-ca's "
        f"first DNS name, and '{server.dns_names[0]}' is an IP address, which "
        "Go's verifier (Caddy, Traefik, step-ca) refuses in a URI",
        ("ca_server", "dns_names", 0),
        hint="put step-ca's host name first in dns_names",
    )


def _ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
