"""pkispec builds as a wheel and installs with pip, giving the `pkispec` command."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from conftest import ROOT, require


def test_wheel_installs_and_gives_the_command(tmp_path: Path) -> None:
    require("pip")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "wheels"), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list((tmp_path / "wheels").glob("pkispec-*.whl"))
    assert len(wheels) == 1
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    subprocess.run([str(target / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index",
                    str(wheels[0])], check=True, capture_output=True)
    # --version needs none of the dependencies, so this venv does not have to fetch them
    proc = subprocess.run([str(target / "bin" / "pkispec"), "--version"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "pkispec 0.1.0"
    names = subprocess.run([sys.executable, "-m", "zipfile", "-l", str(wheels[0])],
                           capture_output=True, text=True, check=True).stdout
    assert "pkispec/render/templates/openssl.cnf.j2" in names
    assert "pkispec/starter.pki.yaml" in names
