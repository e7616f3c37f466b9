"""Bundles on disk against what they should be.

`pkispec verify DIR`: does a bundle still match its own SHA256SUMS?
`pkispec build --check`: is the committed bundle what the spec compiles to now?


Run before applying a bundle (the air-gapped machine, where pkispec is not installed, uses
`sha256sum -c SHA256SUMS` instead). Every changed, missing and added file is reported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pkispec.artifact import Artifact
from pkispec.errors import PkispecError
from pkispec.manifest import MANIFEST


@dataclass(frozen=True)
class Drift:
    changed: list[str]
    missing: list[str]
    added: list[str]

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def lines(self) -> list[str]:
        return (
            [f"changed: {name}" for name in self.changed]
            + [f"missing: {name}" for name in self.missing]
            + [f"added: {name}" for name in self.added]
        )


def read_manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise PkispecError(f"{path} is missing; is {folder} a pkispec bundle?") from None
    entries = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise PkispecError(f"{path}:{number}: not a sha256sum line: {line!r}")
        entries[name] = digest
    return entries


def compare(artifacts: list[Artifact], folder: Path) -> Drift:
    """How the bundle on disk differs from what the spec compiles to now."""
    wanted = {str(a.path): a for a in artifacts}
    present = (
        {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() or p.is_symlink()
        }
        if folder.is_dir()
        else set()
    )
    changed = sorted(
        name
        for name in wanted.keys() & present
        if (folder / name).is_symlink()
        or (folder / name).read_bytes() != wanted[name].data
        or bool((folder / name).stat().st_mode & 0o111) != bool(wanted[name].mode & 0o111)
    )
    return Drift(changed, sorted(wanted.keys() - present), sorted(present - wanted.keys()))


def verify(folder: Path) -> Drift:
    listed = read_manifest(folder)
    present = {
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()
    } - {MANIFEST}
    changed = sorted(
        name
        for name in listed.keys() & present
        if (folder / name).is_symlink()
        or hashlib.sha256((folder / name).read_bytes()).hexdigest() != listed[name]
    )
    return Drift(changed, sorted(listed.keys() - present), sorted(present - listed.keys()))
