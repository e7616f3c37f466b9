"""The online CA's rules: step-ca's release, its claims, its provisioners (and
the references to them) and its CRL.
"""

from __future__ import annotations

from collections.abc import Iterator

from pkispec.errors import Problem, YamlPath
from pkispec.spec.durations import Duration
from pkispec.spec.facts import (
    STEP_DEFAULT_CLAIMS,
    effective_claims,
    global_claims,
    provisioner,
    signing_intermediate,
)
from pkispec.spec.model import AcmeProvisioner, JwkProvisioner, Spec

#: The step-ca releases pkispec writes ca.json for, both ends tested (tests/peers). Every
#: key it writes is read by the oldest: CRLs, named challenges and device-attest-01 came in
#: 0.23, TPM attestation in 0.24, and step-ca ignores a key it does not know.
STEP_OLDEST = (0, 26, 1)
STEP_NEWEST_TESTED = (0, 30, 2)


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
    """Every provisioner and intermediate named exists, of the kind needed.

    Codes: PKI106 (a provisioner or intermediate that is not there, or of the wrong type).
    """
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
    if spec.ssh:
        yield from _reference(
            spec.ssh.provisioner, JwkProvisioner, spec, ("ssh", "provisioner"), "ssh"
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
    """step-ca's merged claims are in order and stay within the signer's life.

    Codes: PKI107 (min <= default <= max does not hold), PKI101 (certificates outlive the signer).
    """
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


def _version(text: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in text.split("."))
    return major, minor, patch


def step_version(spec: Spec) -> Iterator[Problem]:
    """step-ca is a release pkispec writes ca.json for.

    Codes: PKI110 (a step-ca older than pkispec writes for).
    """
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
    """Attestation formats come with the only challenge that uses them.

    Codes: PKI006 (attestation formats without device-attest-01).
    """
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
    """step-ca's own CRL is renewed before it expires.

    Codes: PKI102 (step-ca's CRL renewed after it expires).
    """
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
