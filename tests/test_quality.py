"""ruff (lint and format) and mypy (strict) stay clean, checked in the same test run."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, require


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    require(tool)
    return subprocess.run(
        [sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean() -> None:
    proc = run("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_leaves_the_sources_as_they_are() -> None:
    proc = run("ruff", "format", "--check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    proc = run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_generated_python_scripts_pass_mypy_strict() -> None:
    """The bundles' Python scripts (one at a time: they share file names). The programs of
    pkispec/render/programs/ are checked above as the package holds them, with placeholder
    data; these copies check the data a build writes against the programs' annotations."""
    scripts = sorted((ROOT / "tests" / "golden").glob("*/expected/**/*.py"))
    assert len(scripts) >= 3
    for script in scripts:
        proc = run("mypy", "--strict", "--no-incremental", str(script))
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_shell_scripts_of_the_repository_pass_shellcheck() -> None:
    tool = require("shellcheck")
    scripts = [ROOT / "scripts" / "setup.sh", ROOT / ".ci" / "run"]
    proc = subprocess.run([tool, *map(str, scripts)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout


def test_shell_programs_of_the_package_pass_shellcheck() -> None:
    """As the package holds them; their filled-in copies in each bundle: test_crl_host."""
    tool = require("shellcheck")
    programs = sorted((ROOT / "pkispec" / "render" / "programs").glob("*.sh"))
    assert [p.name for p in programs] == ["lib.sh"]
    proc = subprocess.run(
        [tool, "-s", "bash", *map(str, programs)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout
