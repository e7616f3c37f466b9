"""The devices' rules: client names and lifetimes, Apple's attestation, where the
trust targets fetch the root, and how long a revoked client keeps access.
"""

from __future__ import annotations

from collections.abc import Iterator

from pkispec.errors import Problem, YamlPath
from pkispec.spec.durations import Duration
from pkispec.spec.facts import client_lifetime, effective_claims, provisioner
from pkispec.spec.fields import slug
from pkispec.spec.model import AcmeProvisioner, AppleAcmeClient, Spec


def devices(spec: Spec) -> Iterator[Problem]:
    """Client file names are slugs of their names: two must not collapse into one.

    Codes: PKI105 (a client name with no file name, or another client's).
    """
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


#: a certificate carried to a device by hand should outlive a day or two of being away
BY_HAND_AT_LEAST = Duration.parse("7d")


def client_lifetimes(spec: Spec) -> Iterator[Problem]:
    """A client's lifetime lies within its provisioner's claims, and one carried by hand
    lasts at least a week.

    Codes: PKI107 (a lifetime outside the provisioner's claims), PKW004 (shorter than a week).
    """
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


def apple_attestation(spec: Spec) -> Iterator[Problem]:
    """An Apple client's provisioner takes Apple's device-attest-01.

    Codes: PKI106 (the provisioner does not take Apple's attestation).
    """
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
    """The trust targets have somewhere to fetch the root from.

    Codes: PKI106 (nothing serves the root for the trust targets).
    """
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


#: targets whose variables point their programs at the system store that `linux` fills
ON_THE_SYSTEM_STORE = ("python", "node")


def trust_targets(spec: Spec) -> Iterator[Problem]:
    """Each trust target has what it needs, and nothing is given that no target reads.

    Codes: PKI114 (a target named twice, containers without registries or registries
    without containers, python or node without linux).
    """
    trust = spec.trust
    if trust is None:
        return
    for index, target in enumerate(trust.targets):
        if target in trust.targets[:index]:
            yield Problem(
                "PKI114",
                f"the trust target '{target}' is named twice",
                ("trust", "targets", index),
                hint="name each target once",
            )
    if "containers" in trust.targets and not trust.registries:
        yield Problem(
            "PKI114",
            "the containers target trusts the root for the registries named in "
            "trust.registries, and there are none",
            ("trust", "targets", trust.targets.index("containers")),
            hint="list them: registries: [registry.home.example:5000]",
        )
    if trust.registries and "containers" not in trust.targets:
        yield Problem(
            "PKI114",
            "trust.registries is read only by the containers target, which is not named",
            ("trust", "registries"),
            hint="add containers to trust.targets, or remove registries",
        )
    for index, registry in enumerate(trust.registries):
        if registry in trust.registries[:index]:
            yield Problem(
                "PKI114",
                f"the registry '{registry}' is named twice",
                ("trust", "registries", index),
                hint="name each registry once",
            )
    for index, target in enumerate(trust.targets):
        first = target not in trust.targets[:index]
        if target in ON_THE_SYSTEM_STORE and first and "linux" not in trust.targets:
            yield Problem(
                "PKI114",
                f"the {target} target points {target.capitalize()} at the system store, "
                "which only the linux target fills",
                ("trust", "targets", index),
                hint="add linux to trust.targets",
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
    expires: the spec's client lifetimes should be short.

    Codes: PKW003 (a long client lifetime where no proxy checks revocation).
    """
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
