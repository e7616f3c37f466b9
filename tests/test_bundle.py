"""The bundle: reproducible to the byte, atomic, with a manifest `sha256sum -c` accepts."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, require
from pkispec.artifact import Artifact
from pkispec.bundle import DEFAULT_EPOCH, tarball, write_bundle


def build(out: Path, cwd: Path, umask: str, tz: str, seed: str) -> bytes:
    """Build the example in a fresh process with the given environment."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(TZ=tz, PYTHONHASHSEED=seed, LC_ALL="C")
    script = (
        f"import os, sys; os.umask({umask}); from pkispec.cli import main; "
        f"sys.exit(main(['build', {str(EXAMPLE)!r}, '-o', {str(out)!r}]))"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, check=True, capture_output=True
    )
    return (out / "homelab.tar.gz").read_bytes()


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o777)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_bytes_anywhere(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = build(tmp_path / "a" / "dist", tmp_path / "a", "0o022", "UTC", "0")
    two = build(tmp_path / "b" / "out", tmp_path, "0o077", "Asia/Kolkata", "12345")
    assert one == two
    assert tree(tmp_path / "a" / "dist" / "homelab") == tree(tmp_path / "b" / "out" / "homelab")


def test_archive_members_are_normalized(example_artifacts: list[Artifact]) -> None:
    data = tarball(example_artifacts, "homelab", DEFAULT_EPOCH)
    assert data[4:8] == DEFAULT_EPOCH.to_bytes(4, "little")  # gzip header time
    assert data[3] & 0x08 == 0  # no file name in the gzip header
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert names == [f"homelab/{a.path}" for a in example_artifacts]
    for member in members:
        assert member.isfile()
        assert (member.uid, member.gid, member.uname, member.gname) == (0, 0, "", "")
        assert member.mtime == DEFAULT_EPOCH
        assert member.mode in (0o644, 0o755)
    scripts = {m.name for m in members if m.mode == 0o755}
    assert "homelab/offline/ceremony/02-root.sh" in scripts
    assert "homelab/offline/ceremony/pkispec-lib.sh" not in scripts  # sourced, not run


def test_manifest_is_accepted_by_sha256sum(example_bundle: Path) -> None:
    require("sha256sum")
    proc = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=example_bundle,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = set(proc.stdout.splitlines())
    on_disk = {
        p.relative_to(example_bundle).as_posix() for p in example_bundle.rglob("*") if p.is_file()
    }
    assert {f"{name}: OK" for name in on_disk - {"SHA256SUMS"}} == listed


def test_manifest_catches_a_changed_file(example_artifacts: list[Artifact], tmp_path: Path) -> None:
    require("sha256sum")
    tree_dir, _ = write_bundle(example_artifacts, tmp_path, "homelab")
    (tree_dir / "RUNBOOK.md").write_text("changed\n", encoding="utf-8")
    proc = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tree_dir, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1
    assert "RUNBOOK.md: FAILED" in proc.stdout


def test_a_failed_write_leaves_the_previous_bundle(
    example_artifacts: list[Artifact], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree_dir, archive = write_bundle(example_artifacts, tmp_path, "homelab")
    before = tree(tree_dir), archive.read_bytes()

    def broken(*_: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("pkispec.bundle.tarball", broken)
    changed = [Artifact(a.path, a.data + b"#\n", a.mode) for a in example_artifacts]
    with pytest.raises(OSError, match="disk full"):
        write_bundle(changed, tmp_path, "homelab")
    assert (tree(tree_dir), archive.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["homelab", "homelab.tar.gz"]


PEM_BLOCK = re.compile(rb"-----BEGIN [A-Z ]+-----\r?\n[A-Za-z0-9+/=\r\n]{40,}-----END")


def test_no_key_or_certificate_in_the_bundle(example_artifacts: list[Artifact]) -> None:
    """Before the ceremony there is nothing to embed; a script may name the PEM markers
    (issue-certificate.py splits a chain at them), but no file holds a PEM block."""
    assert PEM_BLOCK.search(b"-----BEGIN CERTIFICATE-----\n" + b"A" * 64 + b"\n-----END")
    for artifact in example_artifacts:
        assert not PEM_BLOCK.search(artifact.data), artifact.path
        assert b"PRIVATE KEY-----\n" not in artifact.data, artifact.path
    digest = hashlib.sha256(b"".join(a.data for a in example_artifacts)).hexdigest()
    assert len(digest) == 64


def test_names_that_collide_without_case_are_refused(
    monkeypatch: pytest.MonkeyPatch, example_artifacts: list[Artifact]
) -> None:
    """The last guard, below the spec's rules (which keep every name lowercase)."""
    from pkispec.errors import PkispecError
    from pkispec.plan import make_plan
    from pkispec.render import targets
    from pkispec.spec import load

    def twice(_plan: object) -> list[Artifact]:
        return [Artifact.text("offline/README", "a"), Artifact.text("offline/readme", "b")]

    monkeypatch.setattr(targets, "RENDERERS", (twice,))
    with pytest.raises(PkispecError, match="case-insensitive"):
        targets.render_all(make_plan(load(EXAMPLE).spec))


# --- a rebuild links what did not change --------------------------------------------------


def inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


def expected(artifacts: list[Artifact]) -> dict[str, tuple[bytes, int]]:
    return {str(a.path): (a.data, a.mode) for a in artifacts}


def test_a_rebuild_links_unchanged_files_and_writes_changed_ones(
    example_artifacts: list[Artifact], tmp_path: Path
) -> None:
    tree_dir, _ = write_bundle(example_artifacts, tmp_path, "homelab")
    before = inodes(tree_dir)
    changed = [
        Artifact(a.path, a.data + b"#\n", a.mode) if str(a.path) == "RUNBOOK.md" else a
        for a in example_artifacts
    ]
    tree_dir, _ = write_bundle(changed, tmp_path, "homelab")
    after = inodes(tree_dir)
    assert tree(tree_dir) == expected(changed)
    assert [name for name in after if after[name] != before[name]] == ["RUNBOOK.md"]
    assert {p.stat().st_nlink for p in tree_dir.rglob("*") if p.is_file()} == {1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["homelab", "homelab.tar.gz"]


def test_a_file_edited_moved_or_linked_elsewhere_is_written_anew(
    example_artifacts: list[Artifact], tmp_path: Path
) -> None:
    tree_dir, _ = write_bundle(example_artifacts, tmp_path / "out", "homelab")
    edited, chmodded, shared = (
        tree_dir / "RUNBOOK.md",
        tree_dir / "SHA256SUMS",
        tree_dir / "offline" / "openssl" / "root.cnf",
    )
    with edited.open("r+b") as f:  # same size, other bytes, in place
        f.write(b"X")
    chmodded.chmod(0o600)
    outside = tmp_path / "elsewhere.cnf"
    os.link(shared, outside)  # the user linked it somewhere: the new tree must not be
    before = inodes(tree_dir)
    tree_dir, _ = write_bundle(example_artifacts, tmp_path / "out", "homelab")
    assert tree(tree_dir) == expected(example_artifacts)
    after = inodes(tree_dir)
    renewed = sorted(name for name in after if after[name] != before[name])
    assert renewed == ["RUNBOOK.md", "SHA256SUMS", "offline/openssl/root.cnf"]
    assert outside.stat().st_nlink == 1


def test_a_failed_rebuild_leaves_the_previous_files_linked_only_there(
    example_artifacts: list[Artifact], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree_dir, _ = write_bundle(example_artifacts, tmp_path, "homelab")

    def broken(*_: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("pkispec.bundle.tarball", broken)
    with pytest.raises(OSError, match="disk full"):
        write_bundle(example_artifacts, tmp_path, "homelab")
    assert tree(tree_dir) == expected(example_artifacts)
    assert {p.stat().st_nlink for p in tree_dir.rglob("*") if p.is_file()} == {1}


def test_a_folder_replaced_by_a_symbolic_link_is_not_followed(
    example_artifacts: list[Artifact], tmp_path: Path
) -> None:
    """The user moved offline/ elsewhere and linked it back: the new tree must not share
    a file with that folder, or editing it there would change the bundle."""
    tree_dir, _ = write_bundle(example_artifacts, tmp_path / "out", "homelab")
    mine = tmp_path / "mine"
    mine.mkdir()
    (tree_dir / "offline").rename(mine / "offline")
    (tree_dir / "offline").symlink_to(mine / "offline")
    tree_dir, _ = write_bundle(example_artifacts, tmp_path / "out", "homelab")
    assert tree(tree_dir) == expected(example_artifacts)
    assert not (tree_dir / "offline").is_symlink()
    assert {p.stat().st_nlink for p in (mine / "offline").rglob("*") if p.is_file()} == {1}


def test_what_a_killed_build_left_is_removed_by_the_next(
    example_artifacts: list[Artifact], tmp_path: Path
) -> None:
    tree_dir, _ = write_bundle(example_artifacts, tmp_path, "homelab")
    staging = tmp_path / ".homelab.new-killed"
    staging.mkdir()
    os.link(tree_dir / "RUNBOOK.md", staging / "RUNBOOK.md")  # as a rebuild had linked it
    (tmp_path / ".homelab.old-killed").mkdir()
    (tmp_path / ".homelab.new-killed.tar.gz").write_bytes(b"half")
    (tmp_path / ".other.new-keep").mkdir()  # another bundle's: not ours to remove
    write_bundle(example_artifacts, tmp_path, "homelab")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other.new-keep",
        "homelab",
        "homelab.tar.gz",
    ]
    assert (tmp_path / "homelab" / "RUNBOOK.md").stat().st_nlink == 1
