"""The offline CA's plan: names, paths, subjects and units of the root and intermediates,
the root CRL, the public exports and the CRL host.

Every file name the ceremony, the CRL host and the runbook mention comes from the one
table here, so ``ca.pem`` can never be called ``ca.cert.pem`` two pages later (the
guide's inconsistencies came from exactly that).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from pkispec.plan.layout import LAYOUT
from pkispec.spec.durations import Duration
from pkispec.spec.facts import (
    DN_FIELDS,
    ROOT_DER_PATH,
    ROOT_PEM_PATH,
    chain_path,
    ec_label,
    rsa_label,
)
from pkispec.spec.model import (
    EcKey,
    Intermediate,
    NameConstraints,
    Pkcs11Key,
    Policy,
    Root,
    Spec,
    merged_subject,
)

OPENSSL_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
HOUR = 3600


@dataclass(frozen=True)
class CaFiles:
    """Where one CA keeps its files, relative to its own directory."""

    key: str
    cert: str
    csr: str | None
    chain: str | None
    crl_pem: str
    crl_der: str

    @property
    def key_name(self) -> str:
        """The key's file name, as the operator carries it to the CA host."""
        return PurePosixPath(self.key).name


@dataclass(frozen=True)
class TokenPlan:
    """A CA key on a PKCS#11 token: where it is, and the RFC 7512 URIs that name it."""

    module: str
    token: str
    label: str
    id: str  # hex
    keygen: str  # pkcs11-tool --key-type: "EC:secp384r1", "RSA:2048"

    @property
    def family(self) -> str:
        """Which runbook steps initialise the token: softhsm2, opensc, ykcs11, tpm2 or other."""
        module = PurePosixPath(self.module).name
        for prefix, family in _FAMILIES:
            if module.startswith(prefix):
                return family
        return "other"

    @property
    def packages(self) -> tuple[str, ...]:
        """Debian 12's packages of the token's module and what it needs beside."""
        return _PACKAGES.get(self.family, ())

    @property
    def tools(self) -> tuple[str, ...]:
        """Debian 12's packages of the tools that prepare the token (the runbook's blocks)."""
        return _TOOLS.get(self.family, ())

    @property
    def curve_or_bits(self) -> str:
        """The key type as ykman names it (ECCP256, ECCP384, RSA2048)."""
        kind, _, size = self.keygen.partition(":")
        return {"secp256r1": "ECCP256", "secp384r1": "ECCP384"}.get(size, f"{kind}{size}")

    def uri(self, kind: str = "private") -> str:
        """The key's URI as libp11's engine takes it (`kind` private or public)."""
        return f"pkcs11:{self.path};type={kind}"

    @property
    def token_attr(self) -> str:
        return f"token={_pct(self.token)}"

    @property
    def path(self) -> str:
        """token, object and id, percent-encoded: the part every consumer shares."""
        ident = "".join(f"%{self.id[i : i + 2]}" for i in range(0, len(self.id), 2))
        return f"{self.token_attr};object={_pct(self.label)};id={ident}"


#: PKCS#11 module file names of the token families the runbook knows (Debian 12's)
_FAMILIES = (
    ("libsofthsm2.so", "softhsm2"),
    ("opensc-pkcs11.so", "opensc"),
    ("libykcs11.so", "ykcs11"),
    ("libtpm2_pkcs11.so", "tpm2"),
)

_PACKAGES = {
    "softhsm2": ("softhsm2",),
    "opensc": ("opensc-pkcs11", "pcscd"),
    "ykcs11": ("ykcs11", "pcscd"),
    "tpm2": ("libtpm2-pkcs11-1",),
}
_TOOLS = {"ykcs11": ("yubikey-manager",), "tpm2": ("libtpm2-pkcs11-tools",)}


def _pct(text: str) -> str:
    return quote(text, safe="-._~")


@dataclass(frozen=True)
class CaPlan:
    slug: str  # "root" or the intermediate's name
    role: str  # "root" or "intermediate"
    title: str  # what people call it in messages
    dir: str  # relative to the prefix; "" for the root
    files: CaFiles
    subject: tuple[tuple[str, str], ...]  # (openssl field, value), in DN order
    genpkey: tuple[str, ...]  # openssl genpkey arguments for the key
    key_label: str  # "EC secp384r1", "RSA 4096"
    digest: str
    days: int
    policy: tuple[tuple[str, str], ...]  # (openssl field, match|supplied|optional)
    pathlen: int | None
    name_constraints: str | None  # openssl nameConstraints value
    passfile_var: str  # environment variable naming its passphrase file
    revoked: tuple[str, str] | None = None  # (YYYY-MM-DD, CRL reason) once the spec revokes it
    token: TokenPlan | None = None  # the key is on a PKCS#11 token, not in files.key

    @property
    def secret(self) -> str:
        """What opens the key, in the words of prompts and the runbook."""
        return "PIN" if self.token else "passphrase"

    @property
    def secret_heading(self) -> str:
        return "PIN" if self.token else "Passphrase"


@dataclass(frozen=True)
class CrlPlan:
    url: str
    host: str
    url_path: str  # "/crls/root.crl"
    hours: int  # validity, for openssl -crlhours
    renew_every_seconds: int
    due_seconds: int  # re-sign when less than this validity remains
    renewal: str
    passphrase_file: str | None

    @property
    def validity_human(self) -> str:
        return _words(self.hours * HOUR)

    @property
    def due_human(self) -> str:
        return _words(self.due_seconds)

    @property
    def renew_every_human(self) -> str:
        return _words(self.renew_every_seconds)


def _words(seconds: int) -> str:
    """'90 days' for whole days, else the compact form ('1d12h')."""
    days, rest = divmod(seconds, 86400)
    if rest:
        return Duration(seconds).human()
    return f"{days} day" if days == 1 else f"{days} days"


@dataclass(frozen=True)
class Export:
    """One public file the ceremony carries out, and where the CRL site serves it."""

    name: str  # path inside the export folder: "certs/root.pem"
    source: str  # path below the prefix: "certs/ca.pem"
    made_by: str  # the ceremony step that makes the source
    der: bool = False  # written as DER (the source is a PEM certificate)
    url_path: str | None = None  # served by the CRL site at this path, if at all
    media_type: str | None = None
    cert_of: str | None = None  # an intermediate's certificate: not exported once revoked
    withdrawn: bool = False  # the spec revokes that intermediate: taken off the CRL site


@dataclass(frozen=True)
class PublishPlan:
    web_root: str
    listen: tuple[str, ...]  # nginx listen values
    server_name: str
    serve_root: bool
    script_dir: str
    crl_file: str  # absolute path of the published DER CRL
    exports: tuple[Export, ...]
    check_unit: str  # systemd unit base names
    renew_unit: str
    site_name: str  # nginx site file name, without .conf

    @property
    def served(self) -> tuple[Export, ...]:
        return tuple(e for e in self.exports if e.url_path)

    @property
    def crl_export(self) -> Export:
        return self.exports[-1]


@dataclass(frozen=True)
class Scripts:
    """File names of the ceremony steps (in offline/ceremony/) and of the CRL host."""

    lib: str
    prepare: str
    root: str
    request: dict[str, str]
    sign: dict[str, str]
    crl: str
    export: str
    revoke: dict[str, str]
    publish: str


def _subject(spec: Spec, ca: Root | Intermediate) -> tuple[tuple[str, str], ...]:
    fields = merged_subject(spec, ca.subject)
    fields["common_name"] = ca.common_name
    return tuple((dn.openssl, fields[dn.spec]) for dn in DN_FIELDS if dn.spec in fields)


def _policy(policy: Policy) -> tuple[tuple[str, str], ...]:
    rules: dict[str, str] = {name: "match" for name in policy.match}
    rules.update({name: "optional" for name in policy.optional})
    rules["common_name"] = "supplied"
    return tuple((dn.openssl, rules[dn.spec]) for dn in DN_FIELDS if dn.spec in rules)


def _genpkey(ca: Root | Intermediate) -> tuple[tuple[str, ...], str]:
    args: tuple[str, ...]
    if isinstance(ca.key, EcKey):
        curve = OPENSSL_CURVES[ca.key.curve]
        args = (
            "-algorithm",
            "EC",
            "-pkeyopt",
            f"ec_paramgen_curve:{curve}",
            "-pkeyopt",
            "ec_param_enc:named_curve",
        )
        return args, ec_label(ca.key.curve)
    args = ("-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{ca.key.bits}")
    return args, rsa_label(ca.key.bits)


def _constraints(nc: NameConstraints | None) -> str | None:
    if nc is None:
        return None
    parts = ["critical"]
    parts += [f"permitted;DNS:{d}" for d in nc.permitted_dns]
    parts += [f"permitted;IP:{_ip(n)}" for n in nc.permitted_ip]
    parts += [f"permitted;email:{d}" for d in nc.permitted_email]
    parts += [f"excluded;DNS:{d}" for d in nc.excluded_dns]
    parts += [f"excluded;IP:{_ip(n)}" for n in nc.excluded_ip]
    return ", ".join(parts)


def _ip(network: str) -> str:
    """openssl wants address/netmask, not CIDR, in name constraints."""
    net = ipaddress.ip_network(network)
    return f"{net.network_address}/{net.netmask}"


def _passfile_var(slug: str, token: Pkcs11Key | None) -> str:
    """The variable naming the file with the key's passphrase, or its token's PIN."""
    return "PKISPEC_" + slug.upper().replace("-", "_") + ("_PINFILE" if token else "_PASSFILE")


def _token(ca: Root | Intermediate) -> TokenPlan | None:
    t = ca.pkcs11
    if t is None:
        return None
    keygen = f"EC:{ca.key.curve}" if isinstance(ca.key, EcKey) else f"RSA:{ca.key.bits}"
    return TokenPlan(t.module, t.token, t.label, t.id, keygen)


def _root(spec: Spec) -> CaPlan:
    genpkey, label = _genpkey(spec.root)
    files = CaFiles("private/ca.key", "certs/ca.pem", None, None, "crl/ca.crl.pem", "crl/ca.crl")
    return CaPlan(
        "root",
        "root",
        "root CA",
        "",
        files,
        _subject(spec, spec.root),
        genpkey,
        label,
        spec.root.digest,
        spec.root.lifetime.days,
        _policy(spec.root.policy),
        None,
        None,
        _passfile_var("root", spec.root.pkcs11),
        token=_token(spec.root),
    )


def _intermediate(spec: Spec, inter: Intermediate) -> CaPlan:
    genpkey, label = _genpkey(inter)
    n = inter.name
    files = CaFiles(
        f"private/{n}.key",
        f"certs/{n}.pem",
        f"csr/{n}.csr",
        "certs/ca-chain.pem",
        f"crl/{n}.crl.pem",
        f"crl/{n}.crl",
    )
    return CaPlan(
        n,
        "intermediate",
        f"intermediate CA '{n}'",
        n,
        files,
        _subject(spec, inter),
        genpkey,
        label,
        inter.digest,
        inter.lifetime.days,
        _policy(inter.policy),
        inter.pathlen,
        _constraints(inter.name_constraints),
        _passfile_var(n, inter.pkcs11),
        (inter.revoked.date.isoformat(), inter.revoked.reason) if inter.revoked else None,
        _token(inter),
    )


def make_crl(spec: Spec) -> CrlPlan:
    """The root CRL's plan (also what `pkispec status` judges a committed CRL by)."""
    c = spec.root.crl
    url = urlsplit(c.url)
    return CrlPlan(
        url=c.url,
        host=url.hostname or "",
        url_path=url.path,
        hours=c.validity.seconds // HOUR,
        renew_every_seconds=c.renew_every.seconds,
        due_seconds=c.validity.seconds - c.renew_every.seconds,
        renewal=c.renewal,
        passphrase_file=c.passphrase_file,
    )


def _exports(
    crl: CrlPlan, root: CaPlan, intermediates: tuple[CaPlan, ...], scripts: Scripts, serve: bool
) -> tuple[Export, ...]:
    pem, crt = "application/x-pem-file", "application/pkix-cert"
    names = LAYOUT.export
    out = [
        Export(
            names.root_pem,
            root.files.cert,
            scripts.root,
            url_path=ROOT_PEM_PATH if serve else None,
            media_type=pem,
        ),
        Export(
            names.root_der,
            root.files.cert,
            scripts.root,
            der=True,
            url_path=ROOT_DER_PATH if serve else None,
            media_type=crt,
        ),
    ]
    for ca in intermediates:
        made_by, cert = scripts.sign[ca.slug], f"{ca.dir}/{ca.files.cert}"
        gone = ca.revoked is not None
        out += [
            Export(names.cert(ca.slug), cert, made_by, cert_of=cert, withdrawn=gone),
            Export(
                names.chain(ca.slug),
                f"{ca.dir}/{ca.files.chain}",
                made_by,
                url_path=chain_path(ca.slug) if serve else None,
                media_type=pem,
                cert_of=cert,
                withdrawn=gone,
            ),
        ]
    out.append(
        Export(
            names.root_crl,
            root.files.crl_der,
            scripts.crl,
            url_path=crl.url_path,
            media_type="application/pkix-crl",
        )
    )
    return tuple(out)


def _listen(value: str) -> tuple[str, ...]:
    host, _, port = value.rpartition(":")
    return (host + ":" + port,) if host else (port, f"[::]:{port}")


def _publish(spec: Spec, crl: CrlPlan, exports: tuple[Export, ...]) -> PublishPlan:
    p = spec.crl_publishing
    return PublishPlan(
        web_root=p.web_root,
        listen=_listen(p.listen),
        server_name=crl.host,
        serve_root=p.serve_root_certificate,
        script_dir=p.script_dir,
        crl_file=p.web_root + crl.url_path,
        exports=exports,
        check_unit=f"pkispec-{spec.name}-crl-check",
        renew_unit=f"pkispec-{spec.name}-crl-renew",
        site_name=f"pkispec-{spec.name}-crl",
    )


def _scripts(intermediates: tuple[CaPlan, ...]) -> Scripts:
    slugs = [ca.slug for ca in intermediates]
    return Scripts(
        lib="pkispec-lib.sh",
        prepare="01-prepare.sh",
        root="02-root.sh",
        request={s: f"03-{s}-request.sh" for s in slugs},
        sign={s: f"04-{s}-sign.sh" for s in slugs},
        crl="05-root-crl.sh",
        export="06-export.sh",
        revoke={s: f"revoke-{s}.sh" for s in slugs},
        publish="publish-crl.sh",
    )


def make_offline(spec: Spec) -> tuple[CaPlan, tuple[CaPlan, ...], CrlPlan, PublishPlan, Scripts]:
    intermediates = tuple(_intermediate(spec, inter) for inter in spec.intermediates)
    crl, root, scripts = make_crl(spec), _root(spec), _scripts(intermediates)
    exports = _exports(
        crl, root, intermediates, scripts, spec.crl_publishing.serve_root_certificate
    )
    return root, intermediates, crl, _publish(spec, crl, exports), scripts


def root_url(publish: PublishPlan, ca_url: str) -> str:
    """Where a machine fetches the root at apply time (PEM): the CRL host's copy, else
    step-ca's (the rules require one of the two where it is fetched)."""
    served = {e.name: e for e in publish.served}
    if "certs/root.pem" in served:
        return f"http://{publish.server_name}{served['certs/root.pem'].url_path}"
    return f"{ca_url}/roots.pem" if ca_url else ""
