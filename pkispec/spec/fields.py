"""What each kind of spec value may hold, decided once per kind.

Every value that reaches an output has a kind here, and the kind says which characters it
may carry. Names that become file names are slugs; DNS names are LDH labels; paths are
absolute and plain; DN texts are free Unicode without control characters (they reach
openssl.cnf through its own quoting). The JSON Schema carries the same patterns.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from pkispec.spec.durations import PATTERN as DURATION_PATTERN
from pkispec.spec.durations import Duration as _Duration

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
DNS_PATTERN = rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$"
WILDCARD_DNS_PATTERN = rf"^(?=.{{1,253}}$)(?:\*\.)?{_LABEL}(?:\.{_LABEL})*$"
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
_SEGMENT = r"(?!\.\.?(?:/|$))[A-Za-z0-9._-]+"  # never '.' or '..'
PATH_PATTERN = rf"^(?:/{_SEGMENT})+$"
REL_PATH_PATTERN = rf"^{_SEGMENT}(?:/{_SEGMENT})*$"
EMAIL_PATTERN = rf"^[A-Za-z0-9._%+-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$"
HTTP_URL_PATTERN = (
    rf"^http://{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?"
    r"(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+)+$"
)
COUNTRY_PATTERN = r"^[A-Z]{2}$"
REGISTRY_PATTERN = rf"^{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?$"
HOST_PORT_PATTERN = rf"^(?:{_LABEL}(?:\.{_LABEL})*|[0-9.]+|\[[0-9a-fA-F:]+\])?:[0-9]{{1,5}}$"
#: separates a validator's message from its hint; shape.py splits them again
HINT = "\nhint: "
# control characters, line separators, bidi overrides (Trojan Source) and lone surrogates
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)


_PORT = re.compile(r":([0-9]{1,5})(?:/|$)")


def _matcher(pattern: str, what: str, hint: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(f"'{value}' is not {what}{HINT}{hint}")
        host = value.rpartition(":")[0]
        if re.fullmatch(r"[0-9.]+", host):
            try:
                ipaddress.IPv4Address(host)
            except ValueError:
                raise ValueError(
                    f"'{value}' has no valid IPv4 address{HINT}write four numbers "
                    "0-255, e.g. '127.0.0.1:8080'"
                ) from None
        port = _PORT.search(value)
        if port and not 1 <= int(port.group(1)) <= 65535:
            raise ValueError(f"'{value}' has port {port.group(1)}{HINT}a port is 1-65535")
        return value

    return check


def _kind(
    pattern: str,
    what: str,
    hint: str,
    description: str,
    before: Callable[[Any], Any] | None = None,
) -> Any:
    checks: list[Any] = [AfterValidator(_matcher(pattern, what, hint))]
    if before is not None:
        checks.insert(0, BeforeValidator(before))
    return Annotated[
        str,
        *checks,
        Field(description=description, json_schema_extra={"pattern": pattern}),
    ]


Slug = _kind(
    SLUG_PATTERN,
    "a slug",
    "use 1-40 lowercase letters, digits and '-', starting and ending with a letter or digit",
    "A short name that becomes part of file and directory names: 1-40 lowercase "
    "letters, digits and '-', starting and ending with a letter or digit.",
)
DnsName = _kind(
    DNS_PATTERN,
    "a DNS name",
    "write it in lowercase letters, digits, '-' and '.', e.g. 'pki-ca.home.example'",
    "A fully qualified DNS name in lowercase (LDH labels).",
)
WildcardDnsName = _kind(
    WILDCARD_DNS_PATTERN,
    "a DNS name",
    "lowercase LDH labels, optionally starting with '*.', e.g. '*.home.example'",
    "A DNS name in lowercase, optionally a wildcard ('*.home.example').",
)
Registry = _kind(
    REGISTRY_PATTERN,
    "a registry address",
    "write the registry's DNS name, and ':port' if it is not 443, "
    "e.g. 'registry.home.example:5000', as image names carry it",
    "A container registry as image names carry it: a DNS name, and ':port' unless 443.",
)
AbsPath = _kind(
    PATH_PATTERN,
    "a plain absolute path",
    "start with '/' and use letters, digits, '.', '_' and '-' between slashes",
    "A plain absolute path: letters, digits, '.', '_' and '-' between slashes, no '.' "
    "or '..' segment. Each key says on which machine.",
)
RelPath = _kind(
    REL_PATH_PATTERN,
    "a plain relative path",
    "use letters, digits, '.', '_' and '-' between slashes, no leading '/'",
    "A plain relative path: letters, digits, '.', '_' and '-' between slashes, no "
    "leading '/', no '.' or '..' segment. Each key says what it is relative to.",
)


def _no_pin(value: Any) -> Any:
    """A URI's PIN attribute pasted into a label is refused without echoing it."""
    if isinstance(value, str) and re.search(r"pin-(?:value|source)|[?=;]", value, re.IGNORECASE):
        raise ValueError(
            f"a token or key label holds a PKCS#11 URI's PIN or attributes{HINT}write the "
            "label alone; a PIN never goes into the spec (the ceremony asks for it, or "
            "reads the file PKISPEC_<CA>_PINFILE names)"
        )
    return value


TokenLabel = _kind(
    r"^[A-Za-z0-9](?:[A-Za-z0-9 ._#()-]{0,30}[A-Za-z0-9._#()-])?$",
    "a token label",
    "use 1-32 letters, digits, spaces, '.', '_', '#', '(', ')' and '-', as the token "
    "shows it (`pkcs11-tool --list-token-slots`)",
    "A PKCS#11 token's label (at most 32 characters): letters, digits, spaces, '.', "
    "'_', '#', '(', ')' and '-', not starting or ending with a space.",
    before=_no_pin,
)
ObjectLabel = _kind(
    r"^[A-Za-z0-9](?:[A-Za-z0-9 ._#-]{0,62}[A-Za-z0-9._#-])?$",
    "a key label",
    "use 1-64 letters, digits, spaces, '.', '_', '#' and '-'",
    "The label (CKA_LABEL) of a key on a PKCS#11 token: 1-64 letters, digits, spaces, "
    "'.', '_', '#' and '-', not starting or ending with a space.",
    before=_no_pin,
)
KeyId = _kind(
    r"^(?:[0-9a-f]{2}){1,20}$",
    "a key id",
    "write the CKA_ID in lowercase hex, two digits per byte, e.g. '01'",
    "The id (CKA_ID) of a key on a PKCS#11 token, in lowercase hex: 1-20 bytes.",
)
Fingerprint = _kind(
    r"^[0-9a-f]{64}$",
    "a SHA-256 fingerprint",
    "write the 64 lowercase hex digits, without colons",
    "A SHA-256 fingerprint in lowercase hex.",
)
AnyPath = _kind(
    rf"^/?{_SEGMENT}(?:/{_SEGMENT})*$",
    "a plain path",
    "use letters, digits, '.', '_' and '-' between slashes",
    "A path, absolute or relative to the program that reads it.",
)
Email = _kind(
    EMAIL_PATTERN,
    "an e-mail address",
    "write it as local@domain with an ASCII local part, e.g. 'admin@home.example'",
    "An e-mail address (ASCII local part, lowercase domain).",
)
HttpUrl = _kind(
    HTTP_URL_PATTERN,
    "a plain http:// URL",
    "CRLs are fetched over plain HTTP (RFC 5280 §4.2.1.13); write "
    "'http://host/path/file.crl' with letters, digits, '.', '_', '~' and '-' in the path",
    "An http:// URL (CRL distribution points are plain HTTP).",
)
Country = _kind(
    COUNTRY_PATTERN,
    "a country code",
    "use the two-letter ISO 3166 code in capitals, e.g. 'DE'",
    "Two-letter ISO 3166 country code in capitals.",
)
#: what an SSH principal may be: an account name or a host name, never a comma, space or
#: quote (sshd and known_hosts split lists of them at commas)
PRINCIPAL_PATTERN = r"^[a-z0-9_](?:[a-z0-9._-]{0,62}[a-z0-9_])?$"
Principal = _kind(
    PRINCIPAL_PATTERN,
    "an SSH principal",
    "write a login name or host name: 1-64 lowercase letters, digits, '.', '_' and '-', "
    "e.g. 'alice' or 'nas.home.example'",
    "An SSH certificate principal: a login name (user certificates) or a host name (host "
    "certificates), in lowercase letters, digits, '.', '_' and '-'.",
)
#: the public key types OpenSSH 9 takes from a certificate authority's users
SSH_KEY_TYPES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
SSH_KEY_PATTERN = (
    r"^(?:" + "|".join(re.escape(t) for t in SSH_KEY_TYPES) + r") [A-Za-z0-9+/]+={0,2}"
    r"(?: [A-Za-z0-9@._+:-]{1,64})?$"
)


def _ssh_public_key(value: str) -> str:
    """A public key as authorized_keys writes it; its wire bytes must name the same type."""
    if _CONTROL.search(value):
        raise ValueError(
            "must not contain control characters or line breaks"
            f"{HINT}paste the .pub file's one line, without its line break"
        )
    if not re.match(SSH_KEY_PATTERN, value):
        raise ValueError(
            f"'{value}' is not an OpenSSH public key line{HINT}paste the .pub file's one "
            "line: 'ssh-ed25519 AAAA... comment', the comment in letters, digits and '@._+:-'"
        )
    kind, blob = value.split(" ")[:2]
    try:
        wire = base64.b64decode(blob, validate=True)
    except ValueError:
        wire = b""
    length = int.from_bytes(wire[:4], "big") if len(wire) >= 4 else -1
    if wire[4 : 4 + length] != kind.encode():
        raise ValueError(
            f"the key's data does not start with its type '{kind}'{HINT}copy the whole "
            "line from the .pub file again; it was cut or changed"
        )
    return value


SshPublicKey = Annotated[
    str,
    AfterValidator(_ssh_public_key),
    Field(
        description="An OpenSSH public key line: type, base64 data, optional comment.",
        json_schema_extra={"pattern": SSH_KEY_PATTERN},
    ),
]
HostPort = _kind(
    HOST_PORT_PATTERN,
    "a host:port address",
    "write 'host:port' or ':port', e.g. '1.1.1.1:53' or ':443'",
    "A listening or resolver address, 'host:port' or ':port'; the host is a DNS name, "
    "an IPv4 address or an IPv6 address in brackets, the port 1-65535.",
)


def _dn_text(value: str) -> str:
    if not value:
        raise ValueError(f"must not be empty{HINT}write the text, or remove the key")
    if _CONTROL.search(value):
        raise ValueError(
            "must not contain control characters or line breaks"
            f"{HINT}write it on one line, without tabs or escapes"
        )
    if value != value.strip():
        raise ValueError(
            f"'{value}' has leading or trailing white space"
            f"{HINT}remove the spaces; certificate fields keep them verbatim"
        )
    if len(value) > 64:
        raise ValueError(
            f"is {len(value)} characters long; X.509 allows at most 64 here{HINT}shorten it"
        )
    return value


DnText = Annotated[
    str,
    AfterValidator(_dn_text),
    Field(
        description="Free text for a certificate subject field: 1-64 characters, "
        "no control characters, no surrounding spaces.",
        min_length=1,
        max_length=64,
    ),
]


def _network(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("an IP range is a string such as '10.0.0.0/8' or 'fd00::/8'")
    try:
        return str(ipaddress.ip_network(value, strict=True))
    except ValueError as exc:
        raise ValueError(
            f"'{value}' is not an IP range in CIDR form ({exc})"
            f"{HINT}write the network address and prefix, e.g. "
            "'192.168.0.0/16'"
        ) from None


IpNetwork = Annotated[
    str,
    BeforeValidator(_network),
    Field(description="An IPv4 or IPv6 range in CIDR form, e.g. '10.0.0.0/8'."),
]

Duration = Annotated[
    _Duration,
    PlainValidator(_Duration.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: numbers with units y (Julian year, whole days), "
            "w, d, h, m, s; e.g. '3652d', '69y', '24h', '1d12h'.",
            "examples": ["3652d", "69y", "24h"],
        }
    ),
]


DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(value: Any) -> dt.date:
    """A calendar day: YAML's own date (unquoted 2026-12-01), or the same text quoted."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.match(DAY_PATTERN, value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("a day is written YYYY-MM-DD, e.g. 2026-12-01, and must exist")


Day = Annotated[
    dt.date,
    PlainValidator(_day),
    PlainSerializer(dt.date.isoformat, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DAY_PATTERN,
            "description": "A calendar day, YYYY-MM-DD.",
            "examples": ["2026-12-01"],
        }
    ),
]


def slug(name: str) -> str:
    """'My Android Phone' -> 'my-android-phone': a client's file and config name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
