"""The PKI meaning of a spec: rules that a well-shaped spec must also keep.

Each rule is a plain function from the Spec to the problems it finds, so all of them run
and every problem is reported at once. Paths point into the YAML for line and column.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from pkispec.errors import Problem, YamlPath
from pkispec.spec.durations import Duration
from pkispec.spec.facts import (
    CHAIN_SUFFIX,
    ROOT_DER_PATH,
    ROOT_PEM_PATH,
    STEP_DEFAULT_CLAIMS,
    client_lifetime,
    effective_claims,
    global_claims,
    provisioner,
    signing_intermediate,
)
from pkispec.spec.fields import slug
from pkispec.spec.model import (
    AcmeProvisioner,
    AppleAcmeClient,
    JwkProvisioner,
    NameConstraints,
    Policy,
    Spec,
    merged_subject,
)
from pkispec.spec.traefik_renewal import renew_before

Rule = Callable[[Spec], Iterator[Problem]]

#: The step-ca releases pkispec writes ca.json for, both ends tested (tests/peers). Every
#: key it writes is read by the oldest: CRLs, named challenges and device-attest-01 came in
#: 0.23, TPM attestation in 0.24, and step-ca ignores a key it does not know.
STEP_OLDEST = (0, 26, 1)
STEP_NEWEST_TESTED = (0, 30, 2)


def _whole_days(value: Duration, path: YamlPath, tool: str) -> Iterator[Problem]:
    if not value.whole_days:
        yield Problem(
            "PKI103",
            f"{value} is not a whole number of days, which {tool} needs",
            path,
            hint=f"write it in days, e.g. '{max(value.days, 1)}d'",
        )


def lifetimes(spec: Spec) -> Iterator[Problem]:
    root = spec.root
    yield from _whole_days(root.lifetime, ("root", "lifetime"), "openssl -days")
    for index, inter in enumerate(spec.intermediates):
        path: YamlPath = ("intermediates", index, "lifetime")
        yield from _whole_days(inter.lifetime, path, "openssl -days")
        if inter.lifetime >= root.lifetime:
            yield Problem(
                "PKI101",
                f"intermediate '{inter.name}' lives {inter.lifetime} ({inter.lifetime.days} "
                f"days), as long as or longer than the root that signs it ({root.lifetime}, "
                f"{root.lifetime.days} days)",
                path,
                hint="an intermediate is signed after the root is made and must expire "
                "before it; shorten it (the guide uses 3652d under a 25202d root)",
            )


def crl(spec: Spec) -> Iterator[Problem]:
    c = spec.root.crl
    base: YamlPath = ("root", "crl")
    if not c.validity.whole_hours:
        yield Problem(
            "PKI103",
            f"CRL validity {c.validity} is not a whole number of hours, "
            "which openssl -crlhours needs",
            (*base, "validity"),
            hint="write it in days or hours, e.g. '30d'",
        )
    if c.renew_every >= c.validity:
        yield Problem(
            "PKI102",
            f"the CRL is renewed every {c.renew_every} but each one is valid for only "
            f"{c.validity}: it expires before the next is made",
            (*base, "renew_every"),
            hint="renew well before expiry, e.g. validity 180d with renew_every 90d",
        )
    if c.renewal == "automatic":
        if c.passphrase_file is None:
            yield Problem(
                "PKI004",
                "missing key 'passphrase_file' in root.crl: automatic "
                "renewal reads the root key's passphrase from a file",
                base,
                hint="add 'passphrase_file: /root/ca/private/ca.pass', or use renewal: offline",
                at_key=True,
            )
        yield Problem(
            "PKW002",
            "automatic CRL renewal keeps the root key and its passphrase on an online host",
            (*base, "renewal"),
            hint="prefer 'offline': a long-lived CRL re-signed at a planned ceremony",
            severity="warning",
        )
    elif c.passphrase_file is not None:
        yield Problem(
            "PKI006",
            "root.crl.passphrase_file is only used with renewal: automatic",
            (*base, "passphrase_file"),
            hint="remove it: an offline renewal prompts for the passphrase",
        )


#: URL paths the CRL site serves besides the CRL (see plan._exports)
FIXED_DOWNLOADS = (ROOT_DER_PATH, ROOT_PEM_PATH)


def crl_listen(spec: Spec) -> Iterator[Problem]:
    url = urlsplit(spec.root.crl.url)
    if url.path in FIXED_DOWNLOADS or url.path.endswith(CHAIN_SUFFIX):
        yield Problem(
            "PKI105",
            f"the CRL URL path {url.path} is also where the CRL site serves a certificate",
            ("root", "crl", "url"),
            hint="use a path of its own, e.g. '/crls/root.crl'",
        )
    listen = spec.crl_publishing.listen
    port = int(listen.rsplit(":", 1)[-1])
    url_port = 80 if url.port is None else url.port
    if port != url_port:
        yield Problem(
            "PKI006",
            f"the CRL host listens on port {port} but the CRL URL {spec.root.crl.url} "
            f"is on port {url_port}",
            ("crl_publishing", "listen")
            if "listen" in spec.crl_publishing.model_fields_set
            else ("root", "crl", "url"),
            hint="clients fetch the URL written in the certificates; make the two agree",
        )


def _policy_problems(
    policy: Policy, issuer: dict[str, Any], who: str, path: YamlPath, written: bool
) -> Iterator[Problem]:
    which = (
        f"{who}'s policy" if written else f"{who}'s default policy (match: country, organization)"
    )
    for index, name in enumerate(policy.match):
        if name not in issuer:
            yield Problem(
                "PKI104",
                f"{which} requires '{name}' to match, but {who}'s subject has no '{name}'",
                (*path, "match", index) if written else path[:-1],
                hint=f"set subject.{name}, or write a policy with '{name}' under 'optional'",
            )
    for index, name in enumerate(policy.optional):
        if name in policy.match:
            yield Problem(
                "PKI006",
                f"'{name}' is both 'match' and 'optional' in {which}",
                (*path, "optional", index),
                hint="name each field in one list only",
            )


def policies(spec: Spec) -> Iterator[Problem]:
    root_subject = merged_subject(spec, spec.root.subject)
    root_policy = spec.root.policy
    yield from _policy_problems(
        root_policy,
        root_subject,
        "the root",
        ("root", "policy"),
        "policy" in spec.root.model_fields_set,
    )
    kept = {*root_policy.match, *root_policy.optional}
    for index, inter in enumerate(spec.intermediates):
        own = merged_subject(spec, inter.subject)
        path: YamlPath = ("intermediates", index)
        yield from _policy_problems(
            inter.policy,
            own,
            f"intermediate '{inter.name}'",
            (*path, "policy"),
            "policy" in inter.model_fields_set,
        )
        for name in sorted(own.keys() - kept):
            yield Problem(
                "PKI104",
                f"intermediate '{inter.name}' sets {name}, but the root's policy would drop "
                "it from the certificate",
                (*path, "subject") if "subject" in inter.model_fields_set else path,
                hint=f"add '{name}' to root.policy.optional (or match), or remove it from "
                "the subject",
            )
        for name in root_policy.match:
            if name in root_subject and own.get(name) != root_subject[name]:
                yield Problem(
                    "PKI104",
                    f"intermediate '{inter.name}' has {name} {own.get(name)!r} but the "
                    f"root's policy requires the root's {root_subject[name]!r}",
                    (*path, "subject"),
                    hint="give the intermediate the root's value, or relax root.policy",
                )


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


def constraints_not_empty(spec: Spec) -> Iterator[Problem]:
    for index, inter in enumerate(spec.intermediates):
        nc = inter.name_constraints
        if nc is not None and not any(nc.model_dump().values()):
            yield Problem(
                "PKI006",
                f"intermediate '{inter.name}' has name_constraints with no names in them",
                ("intermediates", index, "name_constraints"),
                hint="list at least one permitted or excluded name, or remove the "
                "key (RFC 5280 §4.2.1.10 forbids an empty constraint)",
            )


#: openssl and X.509 handle dates to the year 9999; a CA needs far less
MAX_CA_LIFETIME = Duration.parse("100y")
MAX_CRL_VALIDITY = Duration.parse("5y")


def upper_bounds(spec: Spec) -> Iterator[Problem]:
    limits: list[tuple[Duration, Duration, YamlPath]] = [
        (spec.root.lifetime, MAX_CA_LIFETIME, ("root", "lifetime")),
        (spec.root.crl.validity, MAX_CRL_VALIDITY, ("root", "crl", "validity")),
    ]
    limits += [
        (inter.lifetime, MAX_CA_LIFETIME, ("intermediates", index, "lifetime"))
        for index, inter in enumerate(spec.intermediates)
    ]
    for value, limit, path in limits:
        if value > limit:
            yield Problem(
                "PKI111",
                f"{value} is longer than pkispec allows here ({limit})",
                path,
                hint="a CA certificate lives at most a century, a CRL at "
                "most five years; openssl cannot write dates past 9999",
            )


def distinct_subjects(spec: Spec) -> Iterator[Problem]:
    seen: dict[tuple[tuple[str, Any], ...], str] = {}
    cas: list[tuple[str, Any, YamlPath]] = [("the root", spec.root, ("root", "common_name"))]
    cas += [
        (f"intermediate '{i.name}'", i, ("intermediates", n, "common_name"))
        for n, i in enumerate(spec.intermediates)
    ]
    for who, ca, path in cas:
        dn = tuple(sorted({**merged_subject(spec, ca.subject), "cn": ca.common_name}.items()))
        if dn in seen:
            yield Problem(
                "PKI105",
                f"{who} has the same subject as {seen[dn]}",
                path,
                hint="give each CA its own common name; a certificate whose issuer "
                "and subject are equal is treated as self-issued (RFC 5280 §6.1)",
            )
        else:
            seen[dn] = who


def unique_names(spec: Spec) -> Iterator[Problem]:
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


def _reference(name: str, wanted: type, spec: Spec, path: YamlPath, what: str) -> Iterator[Problem]:
    found = provisioner(spec, name)
    if spec.ca_server is None:
        yield Problem(
            "PKI106",
            f"{what} names provisioner '{name}' but the spec has no ca_server",
            path,
            hint="add a ca_server with its provisioners",
        )
    elif not isinstance(found, wanted):
        kind = "an ACME" if wanted is AcmeProvisioner else "a JWK"
        names = [p.name for p in spec.ca_server.provisioners if isinstance(p, wanted)]
        yield Problem(
            "PKI106",
            f"{what} needs {kind} provisioner, and there is none named '{name}'",
            path,
            hint=f"use one of: {', '.join(names)}"
            if names
            else f"add {kind} provisioner to ca_server.provisioners",
        )


def references(spec: Spec) -> Iterator[Problem]:
    server = spec.ca_server
    names = [i.name for i in spec.intermediates]
    if server and server.intermediate and server.intermediate not in names:
        yield Problem(
            "PKI106",
            f"ca_server.intermediate names '{server.intermediate}', "
            "which is not an intermediate of this spec",
            ("ca_server", "intermediate"),
            hint=f"use one of: {', '.join(names)}",
        )
    proxies = spec.proxies
    if proxies and proxies.traefik:
        yield from _reference(
            proxies.traefik.provisioner,
            AcmeProvisioner,
            spec,
            ("proxies", "traefik", "provisioner"),
            "traefik",
        )
    for key in ("caddy", "nginx"):
        proxy = getattr(proxies, key, None)
        if proxy is not None:
            yield from _reference(
                proxy.provisioner, AcmeProvisioner, spec, ("proxies", key, "provisioner"), key
            )
    for index, client in enumerate(spec.clients):
        wanted = AcmeProvisioner if client.kind == "apple-acme" else JwkProvisioner
        yield from _reference(
            client.provisioner,
            wanted,
            spec,
            ("clients", index, "provisioner"),
            f"client '{client.name}'",
        )
    if spec.profile_signer:
        yield from _reference(
            spec.profile_signer.provisioner,
            JwkProvisioner,
            spec,
            ("profile_signer", "provisioner"),
            "profile_signer",
        )


#: step-ca's defaults as a hint names them: min, default, max
_STEP_DEFAULTS = ", ".join(
    str(STEP_DEFAULT_CLAIMS[f"{bound}_tls_cert_duration"]) for bound in ("min", "default", "max")
)


def _out_of_order(who: str, merged: dict[str, Duration], path: YamlPath) -> Iterator[Problem]:
    low, default, high = (
        merged["min_tls_cert_duration"],
        merged["default_tls_cert_duration"],
        merged["max_tls_cert_duration"],
    )
    if not low <= default <= high:
        yield Problem(
            "PKI107",
            f"{who} ends up with min {low}, default {default}, max {high}; step-ca refuses "
            "to start unless min <= default <= max",
            path,
            hint=f"step-ca merges its defaults ({_STEP_DEFAULTS}), then ca_server.claims, "
            "then the provisioner's claims; set the missing bound too",
        )


def claims(spec: Spec) -> Iterator[Problem]:
    server = spec.ca_server
    if server is None:
        return
    signer = signing_intermediate(spec)
    merged_globally = global_claims(server)
    global_bad = list(_out_of_order("ca_server.claims", merged_globally, ("ca_server", "claims")))
    yield from global_bad
    for index, prov in enumerate(server.provisioners):
        merged = effective_claims(server, prov.claims)
        path: YamlPath = ("ca_server", "provisioners", index)
        if prov.claims is not None or not global_bad:
            yield from _out_of_order(
                f"provisioner '{prov.name}'",
                merged,
                (*path, "claims") if prov.claims else ("ca_server", "claims"),
            )
        if merged["max_tls_cert_duration"] >= signer.lifetime:
            yield Problem(
                "PKI101",
                f"provisioner '{prov.name}' may issue certificates for "
                f"{merged['max_tls_cert_duration']}, longer than intermediate "
                f"'{signer.name}' lives",
                path,
                hint="lower max_tls_cert_duration",
            )


#: a certificate carried to a device by hand should outlive a day or two of being away
BY_HAND_AT_LEAST = Duration.parse("7d")


def client_lifetimes(spec: Spec) -> Iterator[Problem]:
    """A client's lifetime lies within its provisioner's claims, and one carried by hand
    lasts at least a week."""
    server = spec.ca_server
    for index, client in enumerate(spec.clients):
        prov = provisioner(spec, client.provisioner)
        if server is None or prov is None or isinstance(client, AppleAcmeClient):
            continue
        merged = effective_claims(server, prov.claims)
        low, high = merged["min_tls_cert_duration"], merged["max_tls_cert_duration"]
        path: YamlPath = ("clients", index, "lifetime")
        if client.lifetime is not None and not low <= client.lifetime <= high:
            yield Problem(
                "PKI107",
                f"client '{client.name}' asks for {client.lifetime}, and "
                f"provisioner '{prov.name}' issues from {low} to {high}",
                path,
                hint=f"set that provisioner's claims (max_tls_cert_duration: "
                f"{client.lifetime}), or shorten the lifetime",
            )
        lasts = client_lifetime(spec, client)
        if lasts is not None and lasts < BY_HAND_AT_LEAST:
            yield Problem(
                "PKW004",
                f"client '{client.name}' gets {lasts} certificates, and "
                "they are carried to the device by hand: it stops working "
                f"{lasts} after each issue",
                path if client.lifetime else ("clients", index, "provisioner"),
                hint="give it a lifetime of weeks (e.g. lifetime: 30d) within its "
                "provisioner's max_tls_cert_duration",
                severity="warning",
            )


def revocations(spec: Spec) -> Iterator[Problem]:
    """step-ca cannot sign with a revoked intermediate, and nginx can refuse a revoked
    intermediate's clients only with a CRL of every CA in the chain (step-ca's own)."""
    server = spec.ca_server
    revoked = [i for i, inter in enumerate(spec.intermediates) if inter.revoked]
    if server and revoked and len(revoked) == len(spec.intermediates):
        yield Problem(
            "PKI106",
            "every intermediate is revoked, and step-ca needs one to sign with",
            ("intermediates", revoked[0], "revoked"),
            hint="add its successor: a new intermediate with its own name, made "
            "at the same ceremony",
        )
    elif server and server.intermediate and signing_intermediate(spec).revoked:
        yield Problem(
            "PKI106",
            f"step-ca signs with intermediate '{server.intermediate}', which is revoked",
            ("ca_server", "intermediate"),
            hint="name its successor here, or leave the key out for the first "
            "intermediate that is not revoked",
        )
    nginx = spec.proxies.nginx if spec.proxies else None
    if server and nginx and nginx.mtls and not (server.crl and server.crl.enabled):
        yield Problem(
            "PKI106",
            "nginx checks client certificates against CRLs only when "
            "it has one for every CA of the chain, and step-ca makes none here: "
            "it would admit the clients of a revoked intermediate",
            ("proxies", "nginx", "mtls"),
            hint="add ca_server.crl (e.g. crl: {}), which nginx's refresh timer "
            "fetches with the root's",
        )


def traefik_duration(spec: Spec) -> Iterator[Problem]:
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


def _version(text: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in text.split("."))
    return major, minor, patch


def step_version(spec: Spec) -> Iterator[Problem]:
    server = spec.ca_server
    if server is None or _version(server.version) >= STEP_OLDEST:
        return
    oldest = ".".join(map(str, STEP_OLDEST))
    yield Problem(
        "PKI110",
        f"pkispec writes ca.json for step-ca {oldest} and later, and "
        f"{server.version} is older: it would silently ignore keys it does not "
        "know (its own CRL, named challenges, device-attest-01)",
        ("ca_server", "version"),
        hint=f"install step-ca {oldest} (the guide's) or a newer release, and "
        "write its version here",
    )


def attestation_without_challenge(spec: Spec) -> Iterator[Problem]:
    server = spec.ca_server
    for index, prov in enumerate(server.provisioners if server else []):
        if (
            isinstance(prov, AcmeProvisioner)
            and prov.attestation_formats
            and "device-attest-01" not in prov.challenges
        ):
            yield Problem(
                "PKI006",
                f"provisioner '{prov.name}' names attestation formats but "
                "does not allow device-attest-01, which is the only challenge that "
                "uses them",
                ("ca_server", "provisioners", index, "attestation_formats"),
                hint="add device-attest-01 to its challenges, or remove attestation_formats",
            )


def step_crl(spec: Spec) -> Iterator[Problem]:
    server = spec.ca_server
    crl = server.crl if server else None
    if server is None or crl is None:
        return
    if crl.renew_period is not None and crl.renew_period >= crl.cache_duration:
        yield Problem(
            "PKI102",
            f"step-ca's CRL is renewed every {crl.renew_period} but "
            f"each one is valid for only {crl.cache_duration}",
            ("ca_server", "crl", "renew_period"),
            hint="renew before expiry, e.g. cache_duration 24h, renew_period 16h",
        )


def traefik_settings(spec: Spec) -> Iterator[Problem]:
    """The challenge's keys belong to its type, and an mTLS router needs the TLS option
    (without it Traefik would serve the router with no client check at all)."""
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
    """A proxy orders from a provisioner that must offer a challenge the proxy answers."""
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


def renewal_windows(spec: Spec) -> Iterator[Problem]:
    for index, inter in enumerate(spec.intermediates):
        if inter.renew_before is not None and inter.renew_before >= inter.lifetime:
            yield Problem(
                "PKI006",
                f"intermediate '{inter.name}' would be due for renewal "
                f"{inter.renew_before} before it expires, but it lives only "
                f"{inter.lifetime}",
                ("intermediates", index, "renew_before"),
                hint="a renewal window is a part of the lifetime, e.g. a fifth",
            )


def devices(spec: Spec) -> Iterator[Problem]:
    """Client file names are slugs of their names: two must not collapse into one."""
    seen: dict[str, str] = {}
    for index, client in enumerate(spec.clients):
        name = slug(client.name)
        path: YamlPath = ("clients", index, "name")
        if not name:
            yield Problem(
                "PKI105",
                f"the client name '{client.name}' gives no file name",
                path,
                hint="use letters or digits in the name",
            )
        elif name in seen and seen[name] != client.name:
            yield Problem(
                "PKI105",
                f"clients '{seen[name]}' and '{client.name}' would share the files '{name}'",
                path,
                hint="make the names differ in letters or digits, not only in case or punctuation",
            )
        seen.setdefault(name, client.name)


def client_uri_host(spec: Spec) -> Iterator[Problem]:
    """Client certificates name their device by a URI whose host is step-ca's first DNS
    name; Go's verifier refuses a URI whose host is an IP address in a constrained chain."""
    server = spec.ca_server
    issued = [c for c in spec.clients if c.kind != "apple-acme"] + (
        [spec.profile_signer] if spec.profile_signer else []
    )
    if server is None or not issued or not _ip_literal(server.dns_names[0]):
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


def apple_attestation(spec: Spec) -> Iterator[Problem]:
    for index, client in enumerate(spec.clients):
        if client.kind != "apple-acme":
            continue
        prov = provisioner(spec, client.provisioner)
        if isinstance(prov, AcmeProvisioner) and (
            "device-attest-01" not in prov.challenges or "apple" not in prov.attestation_formats
        ):
            yield Problem(
                "PKI106",
                f"client '{client.name}' attests with Apple's "
                f"device-attest-01, which provisioner '{prov.name}' does not accept",
                ("clients", index, "provisioner"),
                hint="give that provisioner challenges [device-attest-01] and "
                "attestation_formats [apple]",
            )


def trust_source(spec: Spec) -> Iterator[Problem]:
    if (
        spec.trust
        and spec.trust.targets
        and not spec.crl_publishing.serve_root_certificate
        and spec.ca_server is None
    ):
        yield Problem(
            "PKI106",
            "trust targets fetch the root from the CRL host or step-ca, "
            "and this spec has neither serving it",
            ("trust", "targets"),
            hint="set crl_publishing.serve_root_certificate: true",
        )


#: a client certificate may outlive its revocation by this much where no CRL is checked
UNREVOKED_GRACE = Duration.parse("7d")


def _blind_proxies(spec: Spec) -> list[str]:
    proxies = spec.proxies
    if proxies is None:
        return []
    blind = []
    if proxies.traefik and proxies.traefik.mtls:
        blind.append("Traefik")
    if proxies.caddy and proxies.caddy.mtls:
        blind.append("Caddy")
    return blind  # nginx checks step-ca's CRL: `revocations` demands it


def revocation(spec: Spec) -> Iterator[Problem]:
    """Where a proxy checks no CRL, a revoked client keeps access until its certificate
    expires: the spec's client lifetimes should be short."""
    blind = _blind_proxies(spec)
    if not blind or spec.ca_server is None:
        return
    for index, client in enumerate(spec.clients):
        prov = provisioner(spec, client.provisioner)
        if prov is None:
            continue
        lasts = client_lifetime(spec, client)
        if lasts is not None and lasts > UNREVOKED_GRACE:
            own = not isinstance(client, AppleAcmeClient) and client.lifetime is not None
            yield Problem(
                "PKW003",
                f"client '{client.name}' gets {lasts} certificates, and "
                f"{', '.join(blind)} cannot check revocation: a revoked device keeps "
                f"access for up to {lasts}",
                ("clients", index, "lifetime" if own else "provisioner"),
                hint="shorten its lifetime (or its provisioner's "
                "default_tls_cert_duration), or put nginx with step-ca's CRL "
                "(ca_server.crl) in front",
                severity="warning",
            )


RULES: tuple[Rule, ...] = (
    lifetimes,
    upper_bounds,
    crl,
    crl_listen,
    policies,
    constraints_not_empty,
    distinct_subjects,
    unique_names,
    references,
    claims,
    traefik_duration,
    name_constraints,
    step_version,
    attestation_without_challenge,
    step_crl,
    devices,
    client_uri_host,
    client_lifetimes,
    apple_attestation,
    trust_source,
    revocation,
    revocations,
    traefik_settings,
    proxy_challenges,
    renewal_windows,
)


def check(spec: Spec) -> list[Problem]:
    """Every problem of every rule, in rule order."""
    return [problem for rule in RULES for problem in rule(spec)]
