"""What a renderer makes: a file of the bundle, held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

#: the two modes a bundle file can have; a template's mode on disk never leaks in
FILE = 0o644
SCRIPT = 0o755


@dataclass(frozen=True)
class Artifact:
    path: PurePosixPath
    data: bytes
    mode: int = FILE

    @classmethod
    def text(cls, path: str, text: str, mode: int = FILE) -> Artifact:
        return cls(PurePosixPath(path), text.encode("utf-8"), mode)
