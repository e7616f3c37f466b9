"""SHA256SUMS: every file of the bundle with its hash, as `sha256sum -c` reads it.

It lists contents only; the modes travel in the tar.gz and are set by the bundle writer.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from pkispec.artifact import FILE, Artifact

MANIFEST = "SHA256SUMS"


def with_manifest(artifacts: list[Artifact]) -> list[Artifact]:
    """The artifacts plus SHA256SUMS of all of them, sorted by path."""
    lines = [
        f"{hashlib.sha256(a.data).hexdigest()}  {a.path}\n"
        for a in sorted(artifacts, key=lambda a: a.path)
    ]
    manifest = Artifact(PurePosixPath(MANIFEST), "".join(lines).encode(), FILE)
    return sorted([*artifacts, manifest], key=lambda a: a.path)
