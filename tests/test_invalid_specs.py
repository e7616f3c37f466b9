"""Invalid specs and their exact error text: tests/invalid/<case>.yaml + <case>.err.

Each case is validated and built by the real CLI entry point: exit 2, exactly the expected
stderr (every problem at once, file:line:col, code, hint), no traceback, nothing written.
Update the .err files with `pytest tests/test_invalid_specs.py --update-goldens`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from pkispec.cli import main
from pkispec.errors import CODES

INVALID = ROOT / "tests" / "invalid"
CASES = sorted(p.stem for p in INVALID.glob("*.yaml"))


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", CASES)
def test_invalid_spec_reports_exactly(
    case: str,
    in_repo: None,
    update_goldens: bool,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    spec = f"tests/invalid/{case}.yaml"
    assert main(["validate", spec]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert "Traceback" not in out.err
    expected_file = INVALID / f"{case}.err"
    if update_goldens:
        expected_file.write_text(out.err, encoding="utf-8")
    assert out.err == expected_file.read_text(encoding="utf-8")

    assert main(["build", spec, "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == out.err
    assert not (tmp_path / "out").exists(), "a failed build wrote output"


def test_every_error_code_has_a_case() -> None:
    seen = set()
    for err in INVALID.glob("*.err"):
        text = err.read_text(encoding="utf-8")
        seen |= {code for code in CODES if f"[{code}]" in text}
    errors = {code for code in CODES if code.startswith("PKI")}
    assert errors - seen == set(), "error codes without an invalid-spec case"


def test_case_files_pair_up() -> None:
    yamls = {p.stem for p in INVALID.glob("*.yaml")}
    errs = {p.stem for p in INVALID.glob("*.err")}
    assert yamls == errs


def test_the_catalogue_lists_every_code(update_goldens: bool) -> None:
    path = ROOT / "docs" / "errors.md"
    text = path.read_text(encoding="utf-8")
    head, marker, _ = text.partition("| code | meaning |\n| --- | --- |\n")
    table = "".join(f"| {code} | {meaning} |\n" for code, meaning in CODES.items())
    if update_goldens:
        path.write_text(head + marker + table, encoding="utf-8")
    assert marker, "docs/errors.md lost its table header"
    assert path.read_text(encoding="utf-8") == head + marker + table
