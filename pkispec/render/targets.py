"""Every renderer, in one list, and the one function that runs them all."""

from __future__ import annotations

from pathlib import PurePosixPath

from pkispec.artifact import Artifact
from pkispec.errors import PkispecError
from pkispec.plan import Plan
from pkispec.render.ceremony import render_ceremony
from pkispec.render.crlhost import render_crl_host
from pkispec.render.devices import render_devices
from pkispec.render.edge import render_edge
from pkispec.render.openssl import render_openssl
from pkispec.render.runbook import render_runbook
from pkispec.render.ssh import render_ssh
from pkispec.render.stepca import render_step_ca
from pkispec.render.trust import render_trust

RENDERERS = (
    render_openssl,
    render_ceremony,
    render_crl_host,
    render_step_ca,
    render_edge,
    render_devices,
    render_trust,
    render_ssh,
    render_runbook,
)


def render_all(plan: Plan) -> list[Artifact]:
    """Every file of the bundle but its manifest, sorted by path."""
    artifacts = [artifact for renderer in RENDERERS for artifact in renderer(plan)]
    seen: dict[str, PurePosixPath] = {}
    for artifact in artifacts:
        folded = str(artifact.path).casefold()
        if folded in seen:  # the spec's rules keep names apart; this is the last guard
            raise PkispecError(
                f"{seen[folded]} and {artifact.path} would be one file on a "
                "case-insensitive file system (macOS, Windows, a USB stick)"
            )
        seen[folded] = artifact.path
    return sorted(artifacts, key=lambda a: a.path)
