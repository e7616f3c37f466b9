"""pkispec: compile one YAML spec of a private PKI into a reviewable, reproducible bundle."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
