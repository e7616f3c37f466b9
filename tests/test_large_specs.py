"""A spec with 10,000 clients: an error in the last one points at its exact line and
column, whichever of the loader's two parsers reads it (the issue's rule: a fast path that
loses positions is not a fast path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE
from pkispec.errors import SpecError
from pkispec.spec import load, reader
from pkispec.spec.reader import _compose

CLIENTS = 10_000
CLIENT = "  - kind: pkcs12\n    name: Phone {i}\n    platform: android\n    provisioner: derlev\n"
MARK = "<<HERE>>"


def large_spec(tmp_path: Path, last: str) -> tuple[Path, int, int]:
    """The example with 10,000 clients and `last` after them; the line and column of
    MARK in `last`, which is removed."""
    clients = "".join(CLIENT.format(i=i) for i in range(CLIENTS)) + last
    text = EXAMPLE.read_text(encoding="utf-8").replace("clients:\n", "clients:\n" + clients, 1)
    at = text.index(MARK)
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    path = tmp_path / "large.pki.yaml"
    path.write_text(text.replace(MARK, "", 1), encoding="utf-8")
    return path, line, column


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure-python":
        monkeypatch.setattr(reader, "_compose", lambda text: _compose(text, fast=False))
    return str(request.param)


def errors_of(path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(SpecError) as caught:
        load(path)
    return [(e.line, e.column, e.problem.code) for e in caught.value.errors]


def test_a_wrong_value_in_the_last_client(tmp_path: Path, parser: str) -> None:
    path, line, column = large_spec(
        tmp_path,
        "  - kind: pkcs12\n    name: Last\n    platform: <<HERE>>blackberry\n"
        "    provisioner: derlev\n",
    )
    assert line > 4 * CLIENTS
    assert errors_of(path) == [(line, column, "PKI006")]


def test_a_name_taken_by_the_first_client_is_refused_at_the_last(
    tmp_path: Path, parser: str
) -> None:
    path, line, column = large_spec(
        tmp_path,
        "  - kind: pkcs12\n    name: <<HERE>>Phone 0\n    platform: android\n"
        "    provisioner: derlev\n",
    )
    assert errors_of(path) == [(line, column, "PKI105")]
