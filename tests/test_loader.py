"""The loader's two parsers (libyaml's C parser and pure Python) agree on every spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from pkispec.errors import SpecError
from pkispec.spec import reader
from pkispec.spec.reader import Document, _compose, read

SPECS = [
    EXAMPLE,
    *sorted((ROOT / "tests" / "invalid").glob("*.yaml")),
    *sorted((ROOT / "tests" / "golden").glob("*/spec.yaml")),
]


def outcome(path: Path) -> object:
    try:
        doc = read(path)
    except SpecError as exc:
        return exc.report()
    return doc.data


def test_the_c_parser_is_installed() -> None:
    from ruamel.yaml import YAML

    assert "CParser" in YAML(typ="base", pure=False).Parser.__name__


@pytest.mark.parametrize(
    "path", SPECS, ids=lambda p: p.stem if p.name != "spec.yaml" else p.parent.name
)
def test_c_and_pure_python_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = outcome(path)
    monkeypatch.setattr(reader, "_compose", lambda text: _compose(text, fast=False))
    assert outcome(path) == fast


def test_yaml_12_syntax_that_libyaml_refuses_still_loads(tmp_path: Path) -> None:
    doc: Document = read(tmp_path / "x.yaml", "nets: [fd00::/8, 10.0.0.0/8]\n")
    assert doc.data == {"nets": ["fd00::/8", "10.0.0.0/8"]}


def test_yaml_12_scalars(tmp_path: Path) -> None:
    text = "a: NO\nb: 0755\nc: 0o17\nd: 1.10\ne: ~\nf: 'true'\ng: true\n"
    assert read(tmp_path / "x.yaml", text).data == {
        "a": "NO",
        "b": 755,
        "c": 15,
        "d": 1.1,
        "e": None,
        "f": "true",
        "g": True,
    }


def test_merge_keys_fill_in_but_do_not_override(tmp_path: Path) -> None:
    text = "base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n"
    assert read(tmp_path / "x.yaml", text).data["mine"] == {"y": 3, "x": 1}
