"""The JSON Schema an editor reads (schema/pkispec.schema.json): every key described,
every value a user writes shown by example, every example valid, and the specs accepted.

The examples are checked twice: by the JSON Schema itself (what an editor checks) and by
the pydantic field they belong to (what `pkispec validate` checks). The schema's
currency is test_cli.test_committed_schema_is_current.
"""

from __future__ import annotations

import copy
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from pydantic import BaseModel, TypeAdapter
from referencing import Registry, Resource

from conftest import EXAMPLE, ROOT
from pkispec.spec import model
from pkispec.spec.reader import read

SCHEMA: dict[str, Any] = json.loads(
    (ROOT / "schema" / "pkispec.schema.json").read_text(encoding="utf-8")
)
SCHEMA_ID: str = SCHEMA["$id"]
VALIDATOR = validator_for(SCHEMA)
REGISTRY: Registry[Any] = Registry().with_resource(SCHEMA_ID, Resource.from_contents(SCHEMA))
SPECS = sorted(
    [
        EXAMPLE,
        ROOT / "pkispec" / "starter.pki.yaml",
        *(ROOT / "tests" / "golden").glob("*/spec.yaml"),
    ]
)


def _definitions() -> dict[str, dict[str, Any]]:
    """Every object of the schema by name: the spec itself and each of its $defs."""
    return {"pkispec": SCHEMA, **SCHEMA["$defs"]}


def _properties() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, definition in _definitions().items():
        for key, prop in definition.get("properties", {}).items():
            yield f"{name}.{key}", prop


def _is_object_typed(prop: dict[str, Any]) -> bool:
    """A field whose value is a model (or a list or union of models): it holds $ref."""
    return '"$ref"' in json.dumps(prop)


def _pointer(parts: tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _with_examples(node: Any, parts: tuple[str | int, ...] = ()) -> Iterator[str]:
    """The JSON pointer of every subschema that carries examples, at any depth."""
    if isinstance(node, dict):
        if "examples" in node:
            yield _pointer(parts)
        for key, value in node.items():
            if key not in ("examples", "default"):  # values, not subschemas
                yield from _with_examples(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _with_examples(value, (*parts, index))


def _validator(pointer: str) -> Any:
    """A validator for the subschema at `pointer`, with the whole schema's $defs."""
    return VALIDATOR({"$ref": f"{SCHEMA_ID}#{pointer}"}, registry=REGISTRY)


def _errors(error: ValidationError) -> Iterator[ValidationError]:
    """An error and every error beneath it (oneOf and anyOf keep theirs in context)."""
    yield error
    for sub in error.context or ():
        yield from _errors(sub)


def _data(path: Path) -> Any:
    return read(path).data


def test_the_schema_is_a_valid_schema() -> None:
    VALIDATOR.check_schema(SCHEMA)


def test_every_definition_and_property_has_a_description() -> None:
    lacking = [name for name, d in _definitions().items() if not d.get("description")]
    lacking += [name for name, prop in _properties() if not prop.get("description")]
    assert lacking == []


def test_every_value_a_user_writes_has_examples() -> None:
    """Stricter than "examples or a default": a default says what is taken, an example
    what may be written. Model-typed fields may have examples; they are not required."""
    lacking = [
        name
        for name, prop in _properties()
        if not _is_object_typed(prop) and not prop.get("examples")
    ]
    assert lacking == []


EXAMPLE_POINTERS = sorted(set(_with_examples(SCHEMA)))


def test_examples_are_found_at_every_depth() -> None:
    properties = {
        f"/$defs/{name}/properties/{key}" if name != "pkispec" else f"/properties/{key}"
        for name, definition in _definitions().items()
        for key, prop in definition.get("properties", {}).items()
        if "examples" in prop
    }
    assert properties <= set(EXAMPLE_POINTERS)
    assert "/$defs/Claims/properties/min_tls_cert_duration/anyOf/0" in EXAMPLE_POINTERS


@pytest.mark.parametrize("pointer", EXAMPLE_POINTERS)
def test_every_example_is_valid_by_the_schema(pointer: str) -> None:
    node: Any = SCHEMA
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    validator = _validator(pointer)
    for example in node["examples"]:
        errors = [e.message for e in validator.iter_errors(example)]
        assert errors == [], f"{pointer}: example {example!r}"


def _model_fields() -> Iterator[tuple[str, Any]]:
    for name, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__.startswith(f"{model.__name__}."):
            for key, field in cls.model_fields.items():
                yield f"{name}.{key}", field


def test_every_example_is_valid_by_the_models() -> None:
    """Each example through its own field, constraints and discriminator included, as
    strictly as the spec is read."""
    checked, refused = 0, []
    for name, field in _model_fields():
        form: Any = Annotated[field.annotation, field]  # the field, with its metadata
        adapter: TypeAdapter[Any] = TypeAdapter(form)
        for example in field.examples or []:
            checked += 1
            try:
                adapter.validate_python(example, strict=True)
            except ValueError as exc:
                refused.append(f"{name}: {example!r}: {exc}")
    assert refused == []
    assert checked >= 120


def test_model_examples_are_what_the_schema_shows() -> None:
    shown = dict(_properties())
    for name, field in _model_fields():
        title = "pkispec" if name.startswith("Spec.") else name.split(".")[0]
        key = f"{title}.{name.split('.', 1)[1]}"
        if field.examples:
            assert shown[key]["examples"] == field.examples, key


@pytest.mark.parametrize("spec", SPECS, ids=[p.relative_to(ROOT).as_posix() for p in SPECS])
def test_the_specs_are_valid_by_the_schema(spec: Path) -> None:
    """What an editor with the schema says of the example, the starter and the goldens."""
    errors = [f"{e.json_path}: {e.message}" for e in _validator("").iter_errors(_data(spec))]
    assert errors == []


@pytest.mark.parametrize(
    ("path", "right", "misspelt"),
    [
        ((), "intermediates", "intermediate"),
        (("root",), "lifetime", "lifetme"),
        (("root", "crl"), "renew_every", "renew_evry"),
        (("crl_publishing",), "web_root", "webroot"),
        (("ca_server", "provisioners", 1), "challenges", "challenge"),
        (("proxies", "traefik", "challenge"), "provider", "providr"),
        (("clients", 0), "provisioner", "provisoner"),
    ],
)
def test_a_misspelt_key_is_refused_by_the_schema(
    path: tuple[str | int, ...], right: str, misspelt: str
) -> None:
    """In a copy of the example; inside a list of tagged objects too (oneOf)."""
    data = copy.deepcopy(_data(EXAMPLE))
    node = data
    for part in path:
        node = node[part]
    node[misspelt] = node.pop(right)
    found = [
        e
        for error in _validator("").iter_errors(data)
        for e in _errors(error)
        if e.validator == "additionalProperties" and misspelt in e.message
    ]
    assert found, f"{_pointer(path)}: '{misspelt}' for '{right}' was accepted"
