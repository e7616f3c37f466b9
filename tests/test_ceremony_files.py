"""How the ceremony puts a file in place: made under a temporary name with its final mode,
then renamed without ever replacing what is there — tried on the generated library itself,
with coreutils' real mv, including the race the check before the rename cannot see."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import require

LIB = "offline/ceremony/pkispec-lib.sh"


def run_lib(
    bundle: Path, script: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Source the bundle's ceremony library, then run `script` in the same bash."""
    require("bash")
    return subprocess.run(
        ["bash", "-c", f'. "$1"\n{script}', "test", str(bundle / LIB)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_file_is_made_with_its_mode_and_put_in_place(
    example_bundle: Path, tmp_path: Path
) -> None:
    done = run_lib(
        example_bundle,
        'into_tmp key 400 printf secret\ncommit_new "$TMP" key\n'
        'into_tmp cert 444 printf public\ncommit_new "$TMP" cert',
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "key").read_text() == "secret"
    assert stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o400
    assert stat.S_IMODE((tmp_path / "cert").stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cert", "key"]


def test_a_file_that_exists_is_never_replaced(example_bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "key").write_text("the first key")
    done = run_lib(example_bundle, 'into_tmp key 400 printf other\ncommit_new "$TMP" key', tmp_path)
    assert done.returncode == 1
    assert "key appeared meanwhile; it is kept" in done.stderr
    assert (tmp_path / "key").read_text() == "the first key"
    assert [p.name for p in tmp_path.iterdir()] == ["key"], "the temporary file stays"


@pytest.mark.parametrize("racer", ['echo racer >"${@: -1}"', 'mkdir -- "${@: -1}"'])
def test_what_appears_after_the_check_is_not_replaced_or_entered(
    example_bundle: Path, tmp_path: Path, racer: str
) -> None:
    """An mv first on PATH makes the target (a file, or a folder that mv without -T would
    move the new file into) just before the real, no-replace rename."""
    real_mv = require("mv")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mv").write_text(f'#!/bin/bash\n{racer}\nexec {real_mv} "$@"\n')
    (bin_dir / "mv").chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    done = run_lib(
        example_bundle,
        'into_tmp cert 444 printf ours\ncommit_new "$TMP" cert',
        work,
        {"PATH": f"{bin_dir}:{os.environ['PATH']}"},
    )
    assert done.returncode == 1
    assert "cert appeared meanwhile; it is kept" in done.stderr
    target = work / "cert"
    assert target.read_text() == "racer\n" if target.is_file() else list(target.iterdir()) == []
    assert [p.name for p in work.iterdir()] == ["cert"]


def test_a_text_file_is_read_and_written_back_byte_for_byte(
    example_bundle: Path, tmp_path: Path
) -> None:
    text = "-----BEGIN X-----\n  indented\ttab \\ backslash\n\n\n-----END X-----\n\n"
    (tmp_path / "in").write_text(text)
    done = run_lib(
        example_bundle,
        'read_text in\ninto_tmp out 444 printf %s "$TEXT"\ncommit_new "$TMP" out',
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out").read_bytes() == text.encode()


def test_a_failed_writer_leaves_nothing_behind(example_bundle: Path, tmp_path: Path) -> None:
    done = run_lib(example_bundle, "into_tmp cert 444 false", tmp_path)
    assert done.returncode == 1
    assert list(tmp_path.iterdir()) == [], "the exit trap removes the temporary file"


@pytest.mark.parametrize("caller_umask", [0o000, 0o022, 0o077])
def test_commands_run_with_the_ceremonys_umask(
    example_bundle: Path, tmp_path: Path, caller_umask: int
) -> None:
    """into_tmp sets the umask only while it creates its file: what the command itself
    creates (openssl ca's database files) gets the ceremony's 077."""
    old = os.umask(caller_umask)
    try:
        done = run_lib(
            example_bundle,
            "into_tmp out 444 bash -c ': >side; umask'\ncommit_new \"$TMP\" out",
            tmp_path,
        )
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out").read_text() == "0077\n"
    assert stat.S_IMODE((tmp_path / "side").stat().st_mode) == 0o600
