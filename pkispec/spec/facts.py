"""Facts derived from a spec, each computed in one place.

The rules check a spec against these facts, and the plan, the review, `status` and the
committed files' comparison build on them; were each to work a fact out for itself, one
copy would sooner or later disagree with another (the signer step-ca uses and the one the
rules judge its claims by, say). So a fact lives here, in the spec stage that every later
stage may import, and nowhere else. Nothing here checks or reports: that is `rules`.
"""

from __future__ import annotations

from typing import NamedTuple

from pkispec.spec.durations import Duration
from pkispec.spec.model import (
    AcmeProvisioner,
    AppleAcmeClient,
    CaServer,
    Claims,
    Client,
    EcKey,
    Intermediate,
    JwkProvisioner,
    KeySpec,
    Pkcs12Client,
    ProfileSigner,
    Provisioner,
    Spec,
    WindowsTpmClient,
)

# --- the distinguished name -------------------------------------------------------------


class DnAttribute(NamedTuple):
    """One attribute a CA's subject may have, as the spec, openssl and X.509 name it."""

    spec: str  # the key in a spec's `subject` ("common_name" is the CA's own key)
    openssl: str  # openssl's long name, as openssl.cnf and its DN sections write it
    oid: str  # the attribute type's dotted OID (RFC 5280 §4.1.2.4)


#: Every subject attribute a CA can have, in the order openssl writes the DN. The ceremony
#: (openssl.cnf), the committed files' comparison and the rehearsal read this one table, so
#: a certificate is judged by the very names it was made with.
DN_FIELDS = (
    DnAttribute("country", "countryName", "2.5.4.6"),
    DnAttribute("state", "stateOrProvinceName", "2.5.4.8"),
    DnAttribute("locality", "localityName", "2.5.4.7"),
    DnAttribute("organization", "organizationName", "2.5.4.10"),
    DnAttribute("organizational_unit", "organizationalUnitName", "2.5.4.11"),
    DnAttribute("common_name", "commonName", "2.5.4.3"),
)


# --- keys -------------------------------------------------------------------------------


def ec_label(curve: str) -> str:
    """'EC secp384r1': how people (the runbook, a review, a rehearsal) name an EC key."""
    return f"EC {curve}"


def rsa_label(bits: int) -> str:
    """'RSA 4096': how people name an RSA key."""
    return f"RSA {bits}"


def key_label(key: KeySpec) -> str:
    """The words for a CA's key as the spec asks for it; a made key (read with
    cryptography) is named with `ec_label`/`rsa_label`, so the two compare equal."""
    return ec_label(key.curve) if isinstance(key, EcKey) else rsa_label(key.bits)


# --- intermediates ------------------------------------------------------------------------


def in_service(spec: Spec) -> list[Intermediate]:
    """The intermediates not revoked, in the spec's order: what proxies still trust."""
    return [inter for inter in spec.intermediates if inter.revoked is None]


def signing_intermediate(spec: Spec) -> Intermediate:
    """ca_server.intermediate, or the first intermediate that is not revoked (the first
    of all when every one is, which the rules refuse with a ca_server)."""
    wanted = spec.ca_server.intermediate if spec.ca_server else None
    for inter in spec.intermediates:
        if inter.name == wanted:
            return inter
    return (in_service(spec) or spec.intermediates)[0]


# --- step-ca: where it answers ------------------------------------------------------------


def step_url(server: CaServer) -> str:
    """https://<first DNS name>[:port]: step-ca's URL in everything the bundle writes
    (a port other than 443 is named, as clients must dial it)."""
    port = server.address.rpartition(":")[2]
    return f"https://{server.dns_names[0]}" + ("" if port == "443" else f":{port}")


def acme_directory_path(provisioner: str) -> str:
    """Where step-ca serves an ACME provisioner's directory, below its URL."""
    return f"/acme/{provisioner}/directory"


def acme_directory_url(ca_url: str, provisioner: str) -> str:
    """The ACME directory URL a proxy or an Apple device orders from."""
    return ca_url + acme_directory_path(provisioner)


def step_crl_url(ca_url: str) -> str:
    """Where step-ca serves its own CRL (DER), and what its leaves name as their CRL
    distribution point."""
    return f"{ca_url}/1.0/crl"


#: step-ca's own challenge set when a provisioner names none (ca.json then leaves the key
#: out, and step-ca before 0.23 can take no other)
STEP_DEFAULT_CHALLENGES = ("http-01", "dns-01", "tls-alpn-01")


# --- step-ca: provisioners and claims -------------------------------------------------------


def provisioners(spec: Spec) -> dict[str, JwkProvisioner | AcmeProvisioner]:
    """step-ca's provisioners by name; none without a ca_server."""
    return {p.name: p for p in spec.ca_server.provisioners} if spec.ca_server else {}


def provisioner(spec: Spec, name: str) -> JwkProvisioner | AcmeProvisioner | None:
    """The provisioner of that name, or None (no ca_server, or no such provisioner)."""
    return provisioners(spec).get(name)


#: step-ca's own defaults for claims (step-ca docs, "Claims"), merged under the spec's.
STEP_DEFAULT_CLAIMS = {
    "min_tls_cert_duration": Duration.parse("5m"),
    "max_tls_cert_duration": Duration.parse("24h"),
    "default_tls_cert_duration": Duration.parse("24h"),
}


def _widen(base: dict[str, Duration], layer: Claims | None) -> dict[str, Duration]:
    """One layer of step-ca's Claimer (authority/provisioner/claims.go): a value the layer
    sets wins; a default it sets below the inherited minimum or above the inherited
    maximum becomes that bound too."""
    if layer is None:
        return dict(base)
    low, default, high = (
        layer.min_tls_cert_duration,
        layer.default_tls_cert_duration,
        layer.max_tls_cert_duration,
    )
    if low is None:
        low = (
            default
            if default is not None and default < base["min_tls_cert_duration"]
            else base["min_tls_cert_duration"]
        )
    if high is None:
        high = (
            default
            if default is not None and default > base["max_tls_cert_duration"]
            else base["max_tls_cert_duration"]
        )
    return {
        "min_tls_cert_duration": low,
        "default_tls_cert_duration": default or base["default_tls_cert_duration"],
        "max_tls_cert_duration": high,
    }


def global_claims(server: CaServer) -> dict[str, Duration]:
    """Claims as step-ca merges them before any provisioner: its defaults, then
    ca_server.claims."""
    return _widen(STEP_DEFAULT_CLAIMS, server.claims)


def effective_claims(server: CaServer, own: Claims | None) -> dict[str, Duration]:
    """Claims as step-ca merges them: built-in defaults, then global, then provisioner."""
    return _widen(global_claims(server), own)


def issued_lifetime(spec: Spec, name: str, own: Duration | None = None) -> Duration | None:
    """How long step-ca makes a certificate of provisioner `name` last: the one asked for
    (`own`), or the provisioner's default; None without the provisioner."""
    prov = provisioner(spec, name)
    if spec.ca_server is None or prov is None:
        return None
    return own or effective_claims(spec.ca_server, prov.claims)["default_tls_cert_duration"]


def jwk_issued(spec: Spec) -> list[Pkcs12Client | WindowsTpmClient | ProfileSigner]:
    """What JWK provisioners issue to devices, with a URI on step-ca's first DNS name: each
    client but an Apple one (which orders over ACME), then the profile signer."""
    clients = [c for c in spec.clients if not isinstance(c, AppleAcmeClient)]
    return [*clients, *([spec.profile_signer] if spec.profile_signer else [])]


def issues_to_devices(spec: Spec, provisioner: str) -> bool:
    """Whether a JWK provisioner of this name issues a device's certificate."""
    return any(c.provisioner == provisioner for c in jwk_issued(spec))


def renewal_disabled(spec: Spec, prov: Provisioner) -> bool:
    """Whether step-ca refuses to renew what `prov` issued, as ca.json says: its own claim;
    else, for a JWK provisioner that issues to devices, refused (step-ca renews over mTLS
    whatever holds a valid certificate, so a thief who renews a lost device's certificate
    before it is revoked would get one the revocation does not name); else the global claim."""
    own = prov.claims.disable_renewal if prov.claims else None
    if own is not None:
        return own
    if isinstance(prov, JwkProvisioner) and issues_to_devices(spec, prov.name):
        return True
    server = spec.ca_server
    return bool(server and server.claims.disable_renewal)


def client_lifetime(spec: Spec, client: Client) -> Duration | None:
    """What a client's certificate lasts (an Apple device asks for nothing)."""
    own = None if isinstance(client, AppleAcmeClient) else client.lifetime
    return issued_lifetime(spec, client.provisioner, own)


# --- the CRL site -------------------------------------------------------------------------

#: URL paths of the root the CRL site serves (PEM and DER), when it serves the root
ROOT_PEM_PATH = "/certs/root.pem"
ROOT_DER_PATH = "/certs/root.crt"
#: how the URL path of an intermediate's chain ends on the CRL site
CHAIN_SUFFIX = ".chain.pem"


def chain_path(intermediate: str) -> str:
    """The URL path of an intermediate's chain (itself and the root) on the CRL site."""
    return f"/certs/{intermediate}{CHAIN_SUFFIX}"
