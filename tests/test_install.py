"""pkispec packages reproducibly and installs with pip, giving the `pkispec` command."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import ROOT, require


def build(out: Path, epoch: str = "315532800") -> dict[str, str]:
    """`python -m build` (sdist and wheel) into `out`; file name -> sha256."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        env=env,
    )
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}


def test_two_builds_give_the_same_sdist_and_wheel(tmp_path: Path) -> None:
    require("pip")
    first = build(tmp_path / "one")
    assert sorted(first) == ["pkispec-0.1.0-py3-none-any.whl", "pkispec-0.1.0.tar.gz"]
    assert build(tmp_path / "two") == first


def test_wheel_installs_and_gives_the_command(tmp_path: Path) -> None:
    require("pip")
    build(tmp_path / "dist")
    wheel = tmp_path / "dist" / "pkispec-0.1.0-py3-none-any.whl"
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    subprocess.run(
        [str(target / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # --version needs none of the dependencies, so this venv does not have to fetch them
    proc = subprocess.run(
        [str(target / "bin" / "pkispec"), "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "pkispec 0.1.0"
    names = subprocess.run(
        [sys.executable, "-m", "zipfile", "-l", str(wheel)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pkispec/render/templates/openssl.cnf.j2" in names
    assert "pkispec/render/compiled/STAMP.json" in names
    assert "pkispec/render/programs/lib.sh" in names
    assert "pkispec/render/programs/issue_certificate.py" in names
    assert "pkispec/starter.pki.yaml" in names


def test_the_wheel_carries_templates_precompiled_from_its_sources(tmp_path: Path) -> None:
    """The build hook compiles them into the wheel, and the installed pkispec uses them."""
    require("pip")
    build(tmp_path / "dist")
    site = tmp_path / "site"
    with zipfile.ZipFile(tmp_path / "dist" / "pkispec-0.1.0-py3-none-any.whl") as wheel:
        wheel.extractall(site)
    compiled = site / "pkispec" / "render" / "compiled"
    assert sorted(compiled.glob("tmpl_*.py")), "the wheel has no precompiled templates"
    probe = (
        "import json\n"
        "from pkispec.render import templating\n"
        "print(json.dumps([templating.__file__, templating.uses_precompiled(), "
        "templating.stamp()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    where, used, stamp = json.loads(proc.stdout)
    assert Path(where).is_relative_to(site)
    assert used, "the installed pkispec compiles its templates from source"
    assert json.loads((compiled / "STAMP.json").read_text()) == stamp
