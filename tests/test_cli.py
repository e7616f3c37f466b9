"""The `pkispec` command as a user types it: init, validate, build, schema, exit codes."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from pkispec.cli import main
from pkispec.schema import schema_text


def test_init_writes_a_spec_that_validates_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "mine.pki.yaml"
    assert main(["init", str(spec)]) == 0
    assert main(["validate", str(spec)]) == 0
    assert main(["build", str(spec), "-o", str(tmp_path / "dist")]) == 0
    assert (tmp_path / "dist" / "mypki" / "RUNBOOK.md").exists()
    capsys.readouterr()
    assert main(["init", str(spec)]) == 2
    assert "never overwrites" in capsys.readouterr().err


def test_validate_of_the_example_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert out == "examples/homelab.pki.yaml: ok\n" or out.endswith("homelab.pki.yaml: ok\n")
    assert err == ""  # every section is rendered: no warning


def test_build_writes_tree_and_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "homelab" / "SHA256SUMS").exists()
    assert (tmp_path / "homelab.tar.gz").exists()
    assert "wrote" in capsys.readouterr().out


def test_the_installed_command_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pkispec", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("pkispec ")


def test_internal_errors_say_bug_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pkispec.spec.load", boom)
    assert main(["validate", str(EXAMPLE)]) == 70
    err = capsys.readouterr().err
    assert "bug in pkispec" in err and "Traceback" not in err


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "pkispec.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: pkispec schema -o schema/pkispec.schema.json"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"pkispec", "name", "root", "intermediates"}


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "pkispec"


def test_a_reader_that_stops_early_gets_no_error(tmp_path: Path) -> None:
    """`pkispec diff A B | head`: the closed pipe ends the command quietly."""
    other = ROOT / "tests" / "golden" / "edge" / "spec.yaml"
    reader = subprocess.Popen(["head", "-n1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    done = subprocess.run(
        [sys.executable, "-m", "pkispec", "diff", str(EXAMPLE), str(other)],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        check=False,
    )
    assert reader.stdin is not None and reader.stdout is not None
    reader.stdin.close()
    assert reader.stdout.read() == b"What the change means:\n"
    reader.stdout.close()
    assert reader.wait() == 0
    assert (done.returncode, done.stderr) == (141, b"")


def test_the_garbage_collector_is_back_on_after_a_command(tmp_path: Path) -> None:
    """main() turns the cyclic collector off while it runs (a large build's time), and an
    in-process caller gets it back as it was, also after a failing command."""
    import gc

    assert gc.isenabled()
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path)]) == 0
    assert gc.isenabled()
    assert main(["validate", str(tmp_path / "missing.pki.yaml")]) == 2
    assert gc.isenabled()


LIBRARIES = ("pydantic", "ruamel", "jinja2", "cryptography", "tarfile", "plistlib")


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (["--help"], set(LIBRARIES)),
        (["validate", str(EXAMPLE)], {"jinja2", "cryptography", "tarfile", "plistlib"}),
        (["build", str(EXAMPLE), "-o", "{out}"], {"cryptography"}),  # no committed files
    ],
)
def test_each_command_imports_only_what_it_uses(
    tmp_path: Path, argv: list[str], unused: set[str]
) -> None:
    """A fresh interpreter runs the command, then names the heavy libraries it imported."""
    argv = [arg.replace("{out}", str(tmp_path)) for arg in argv]
    script = (
        "import sys\nfrom pkispec.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({LIBRARIES!r})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imported = set(ast.literal_eval(proc.stdout.splitlines()[-1]))
    assert imported & unused == set()
    if argv[0] != "--help":  # the command did run: it read the spec
        assert {"pydantic", "ruamel"} <= imported
