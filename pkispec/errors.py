"""The one error hierarchy of pkispec, and the catalogue of spec problem codes.

A *problem* is something wrong (or weak) in a spec, found at a place in the YAML.
`SpecError` carries every problem of a spec at once; the CLI prints each as
``file:line:col: error[CODE]: message`` followed by a ``hint:`` line, and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
YamlPath = tuple[str | int, ...]

#: Every code pkispec reports, with a one-line meaning. docs/errors.md lists each with
#: its meaning; tests/invalid/ holds a case with its exact output for each error code.
CODES: dict[str, str] = {
    "PKI001": "the file is not valid YAML",
    "PKI002": "a mapping has the same key twice",
    "PKI003": "a key the spec does not know (a typo is an error, never a silent default)",
    "PKI004": "a required key is missing",
    "PKI005": "a value has the wrong type",
    "PKI006": "a value is not allowed here",
    "PKI007": "the file is missing or empty, or not a mapping",
    "PKI101": "a certificate would outlive the certificate that issues it",
    "PKI102": "the CRL would expire before it is renewed",
    "PKI103": "a duration cannot be expressed exactly in the unit a tool needs",
    "PKI104": "a signing policy matches a field the issuer's subject does not have",
    "PKI105": "two things that need distinct names share one",
    "PKI106": "a reference names something the spec does not define",
    "PKI107": "certificate duration claims are out of order",
    "PKI108": "the reverse proxy expects another certificate lifetime than the CA issues",
    "PKI109": "a name lies outside the intermediate's name constraints",
    "PKI110": "the target step-ca version does not support a feature the spec uses",
    "PKI111": "a lifetime or validity is longer than a PKI should use or openssl can write",
    "PKI112": "a committed certificate the spec names cannot be read",
    "PKI113": "a committed certificate does not match the spec (drift)",
    "PKI114": "a trust target lacks what it needs, or a trust key is read by no target",
    "PKI115": "an SSH host, user or lifetime does not fit (a name twice, too short to renew)",
    "PKI116": "a CA key on a PKCS#11 token does not fit (a PIN in the spec, one key for two CAs, "
    "a key type or a use the token path lacks, step-ca's intermediate on another CA's token)",
    "PKW002": "the CRL renewal keeps the root key's passphrase on an online machine",
    "PKW003": "a proxy cannot check revocation and client certificates last long",
    "PKW004": "a client certificate carried to its device by hand lasts less than a week",
}


@dataclass(frozen=True)
class Problem:
    """One problem at one place of the spec, before it has a line and column."""

    code: str
    message: str
    path: YamlPath = ()
    hint: str | None = None
    severity: Severity = "error"
    #: point at the key itself (unknown key) rather than at its value
    at_key: bool = False
    #: the finding alone, without the sentence around it, for reports that name the file
    #: themselves (pkispec status): "its path length is 0, the spec says 1"
    finding: str | None = None

    def __post_init__(self) -> None:
        if self.code not in CODES:  # pragma: no cover - a bug in pkispec, not in a spec
            raise ValueError(f"unknown problem code {self.code}")


@dataclass(frozen=True)
class Located:
    """A problem with the file, line and column (both 1-based) it points at."""

    problem: Problem
    file: str
    line: int
    column: int

    def format(self) -> str:
        p = self.problem
        text = f"{self.file}:{self.line}:{self.column}: {p.severity}[{p.code}]: {p.message}"
        if p.hint:
            text += f"\n  hint: {p.hint}"
        return text


class PkispecError(Exception):
    """Anything the user can act on. The CLI prints it and exits 2."""

    def report(self) -> str:
        return f"error: {self}"


@dataclass
class SpecError(PkispecError):
    """A spec with at least one error; holds every problem found, warnings included."""

    located: list[Located] = field(default_factory=list)

    def __str__(self) -> str:
        return self.report()

    def report(self) -> str:
        return "\n".join(item.format() for item in self.located)

    @property
    def errors(self) -> list[Located]:
        return [item for item in self.located if item.problem.severity == "error"]
