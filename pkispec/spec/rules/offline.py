"""The offline CA's rules: lifetimes, the root CRL and its site, policies, subjects,
constraints and the revocation of intermediates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pkispec.errors import Problem, YamlPath
from pkispec.spec.durations import Duration
from pkispec.spec.facts import CHAIN_SUFFIX, ROOT_DER_PATH, ROOT_PEM_PATH, signing_intermediate
from pkispec.spec.model import Policy, Spec, merged_subject


def _whole_days(value: Duration, path: YamlPath, tool: str) -> Iterator[Problem]:
    if not value.whole_days:
        yield Problem(
            "PKI103",
            f"{value} is not a whole number of days, which {tool} needs",
            path,
            hint=f"write it in days, e.g. '{max(value.days, 1)}d'",
        )


def lifetimes(spec: Spec) -> Iterator[Problem]:
    """openssl's -days needs whole days, and an intermediate must expire before its root.

    Codes: PKI103 (not whole days), PKI101 (an intermediate outlives the root).
    """
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
    """The root CRL: whole hours, renewed before it expires, and a passphrase file only for
    automatic renewal.

    Codes: PKI103 (not whole hours), PKI102 (renewed after it expires), PKI004 (automatic
    renewal without passphrase_file), PKW002 (automatic renewal), PKI006 (passphrase_file
    without automatic renewal).
    """
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
    """The CRL URL neither collides with a download of the CRL site nor names another port.

    Codes: PKI105 (the CRL's path is a certificate's), PKI006 (listen port is not the URL's).
    """
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
    """Each CA's policy can be kept by the subjects it applies to.

    Codes: PKI104 (a policy the subjects cannot keep), PKI006 (a field both match and optional).
    """
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


def constraints_not_empty(spec: Spec) -> Iterator[Problem]:
    """A name_constraints key names at least one name.

    Codes: PKI006 (empty name_constraints).
    """
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
    """A CA lives at most a century and a CRL at most five years.

    Codes: PKI111 (longer than pkispec allows).
    """
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
    """No two CAs share a subject (one would look self-issued).

    Codes: PKI105 (two CAs with one subject).
    """
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


def renewal_windows(spec: Spec) -> Iterator[Problem]:
    """A renewal window is a part of the intermediate's life.

    Codes: PKI006 (renew_before not shorter than the lifetime).
    """
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


def revocations(spec: Spec) -> Iterator[Problem]:
    """step-ca cannot sign with a revoked intermediate, and nginx can refuse a revoked
    intermediate's clients only with a CRL of every CA in the chain (step-ca's own).

    Codes: PKI106 (every intermediate revoked, step-ca signs with a revoked one, nginx mTLS
    without step-ca's CRL).
    """
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
