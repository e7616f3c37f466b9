"""A spec as committed at a git revision: the old side of `pkispec diff --rev REV SPEC`.

git is asked, in the spec's folder, where the work tree's top is and where the folder lies
in it (`git rev-parse --show-toplevel --show-prefix`); the spec's bytes are then those of
`REV:<folder>/<file>`, and the public files its second phase names (root.certificate,
intermediates[].certificate, root.crl.file) come from the same commit. Problems of that
spec name it `REV:<path in the repository>`. Whatever git refuses (no repository, an
unknown revision, a file the revision lacks) becomes one line and exit 2.
"""

from __future__ import annotations

import errno
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pkispec.errors import Located, PkispecError, Problem, SpecError
from pkispec.spec import Checked, load


@dataclass(frozen=True)
class Revision:
    """One commit of the repository that holds a spec's folder."""

    rev: str  # as the user wrote it: HEAD~1, main, a tag
    commit: str  # the commit it names, resolved once
    folder: Path  # where git runs: the spec's folder in the work tree
    prefix: str  # that folder relative to the work tree's top: "" or "pki/"

    def path(self, relative: str) -> str:
        """The repository path of a file given relative to the spec's folder."""
        return posixpath.normpath(self.prefix + relative)

    def read(self, relative: str) -> bytes:
        """A file at this revision, relative to the spec's folder; OSError when missing."""
        proc = _git(["cat-file", "blob", f"{self.commit}:{self.path(relative)}"], self.folder)
        if proc.returncode != 0:
            raise FileNotFoundError(errno.ENOENT, f"not in revision {self.rev}")
        return proc.stdout


def _git(args: list[str], folder: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except FileNotFoundError:
        raise PkispecError("git is not installed; pkispec diff --rev needs it") from None


def _said(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"exit status {proc.returncode}"


def open_revision(rev: str, spec: Path) -> Revision:
    """The revision `rev` of the repository that holds `spec`'s folder."""
    folder = spec.parent
    if not folder.is_dir():
        raise PkispecError(f"{spec}: the folder {folder} does not exist")
    where = _git(["rev-parse", "--show-toplevel", "--show-prefix"], folder)
    if where.returncode != 0:
        raise PkispecError(f"{spec} is not in a git repository (git: {_said(where)})")
    top, prefix = [*where.stdout.decode("utf-8", "surrogateescape").split("\n"), "", ""][:2]
    found = (
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], folder)
        if rev
        else None
    )
    if found is None or found.returncode != 0:
        raise PkispecError(f"'{rev}' is no revision of the git repository {top}")
    return Revision(rev, found.stdout.decode("ascii").strip(), folder, prefix)


def load_at(rev: str, spec: Path) -> tuple[Checked, str]:
    """The spec as committed at `rev`, checked, and the name its problems carry."""
    revision = open_revision(rev, spec)
    name = f"{rev}:{revision.path(spec.name)}"
    try:
        data = revision.read(spec.name)
    except FileNotFoundError:
        raise PkispecError(
            f"{name}: revision {rev} has no file {revision.path(spec.name)}"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("PKI001", f"not UTF-8 text ({exc.reason})", hint="save the spec as UTF-8")
        raise SpecError([Located(problem, name, 1, 1)]) from None
    return load(spec, text, name=name, read_file=revision.read), name
