"""The render stage: pure functions from a Plan to the bundle's files.

Each target has its own module, and none imports another's; every name they share comes
from the Plan.
"""

from __future__ import annotations

from pkispec.plan import Plan
from pkispec.render.artifact import Artifact
from pkispec.render.ceremony import render_ceremony
from pkispec.render.crlhost import render_crl_host
from pkispec.render.openssl import render_openssl
from pkispec.render.runbook import render_runbook
from pkispec.render.stepca import render_step_ca

__all__ = ["Artifact", "render_all"]

RENDERERS = (render_openssl, render_ceremony, render_crl_host, render_step_ca, render_runbook)


def render_all(plan: Plan) -> list[Artifact]:
    """Every file of the bundle but its manifest, sorted by path."""
    artifacts = [artifact for renderer in RENDERERS for artifact in renderer(plan)]
    paths = [a.path for a in artifacts]
    if len(set(paths)) != len(paths):  # pragma: no cover - a bug in a renderer
        raise AssertionError(f"two renderers wrote the same path: {sorted(paths)}")
    return sorted(artifacts, key=lambda a: a.path)
