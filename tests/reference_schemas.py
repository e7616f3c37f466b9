"""Check generated files against the schemas their makers publish, not against our own idea.

The schemas live in tests/reference (an unmodified copy of ../shared/reference with its
licences; SOURCES.md says where each file comes from): SchemaStore's JSON Schemas for
Traefik's static and dynamic (file provider) configuration, and Apple's YAML schemas
(apple/device-management) for configuration profiles. Where ../shared/reference is beside
the checkout, the copy is checked to be the same.

Apple's format (docs/schema.md of apple/device-management) is read as follows. Every field
of a key that constrains a value is enforced: `type`, `presence`, `rangelist`, `range`,
`format`, `repetition` (the length of the array the item belongs to) and `subkeys` (the
keys of a dictionary; the single element schema of an array). A subkey named `ANY` stands
for any key name. A field the validator does not know raises, so a newer schema cannot be
passed silently; `supportedOS`, `default` and the prose fields do not constrain a value.
Read literally, TopLevel.yaml's ConsentText wants {"ConsentTextItem": {"en": ...}}, not the
{"en": ...} Apple's prose describes; pkispec writes no ConsentText, so this is left as is.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import pytest
from jsonschema.validators import validator_for
from ruamel.yaml import YAML

from conftest import IN_CI

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
#: an unmodified copy of ../shared/reference with its licences and SOURCES.md, so that a
#: clone anywhere (CI clones to /tmp) has the published schemas too
VENDORED = Path(__file__).resolve().parent / "reference"

KeySpec = Mapping[str, Any]  # one entry of an Apple `payloadkeys` or `subkeys` list

ENFORCED = {"key", "type", "presence", "rangelist", "range", "format", "repetition", "subkeys"}
DESCRIPTIVE = {"title", "content", "default", "supportedOS", "subkeytype"}
PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "<string>": (str,),
    "<integer>": (int,),
    "<real>": (float, int),
    "<boolean>": (bool,),
    "<data>": (bytes,),
    "<date>": (datetime,),
    "<array>": (list,),
    "<dictionary>": (dict,),
}
ANY_KEY = "ANY"
NOT_PAYLOADS = {"TopLevel", "CommonPayloadKeys"}


def reference_dir(sub: str) -> Path:
    """The published schemas of `sub` (tests/reference/<sub>); where ../shared/reference is
    beside the checkout, the copy must still be byte for byte the same."""
    path = VENDORED / sub
    if not path.is_dir():
        message = f"tests/reference/{sub} is missing from the checkout"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    _same_as_shared(sub)
    return path


@functools.cache
def _same_as_shared(sub: str) -> None:
    if not (SHARED / sub).is_dir():
        return
    ours = {p.name: p.read_bytes() for p in (VENDORED / sub).iterdir()}
    theirs = {p.name: p.read_bytes() for p in (SHARED / sub).iterdir()}
    assert ours == theirs, f"tests/reference/{sub} differs from {SHARED / sub}: copy it again"


# Traefik: JSON Schema ----------------------------------------------------------------------


@functools.cache
def _traefik_validator(version: str, kind: Literal["static", "dynamic"]) -> Any:
    if version not in {"2", "3"}:
        raise ValueError(f"Traefik version {version!r}: the reference has schemas for 2 and 3")
    suffix = "" if kind == "static" else "-file-provider"
    schema = json.loads(
        (reference_dir("traefik") / f"traefik-v{version}{suffix}.json").read_text(encoding="utf-8")
    )
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _json_path(parts: Sequence[object]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top level)"


def traefik_problems(
    document: object, version: str, kind: Literal["static", "dynamic"]
) -> list[str]:
    """What Traefik's published schema rejects in a static or dynamic config, sorted."""
    validator = _traefik_validator(version, kind)
    return sorted(
        f"{_json_path(list(error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    )


# Apple: device-management YAML schema ------------------------------------------------------


def _check_fields(spec: KeySpec, where: str) -> None:
    unknown = set(spec) - ENFORCED - DESCRIPTIVE
    if unknown:
        raise ValueError(f"{where}: schema field(s) {sorted(unknown)} not understood here")
    if spec["type"] != "<any>" and spec["type"] not in PYTHON_TYPES:
        raise ValueError(f"{where}: schema type {spec['type']} not understood here")
    subkeys = spec.get("subkeys", [])
    if spec["type"] == "<array>" and len(subkeys) > 1:
        raise ValueError(f"{where}: an array schema has one element schema")
    for sub in subkeys:
        _check_fields(sub, f"{where}.{sub['key']}")


@functools.cache
def _apple_schemas() -> dict[str, tuple[KeySpec, ...]]:
    """payloadtype -> payloadkeys of every Apple file in the reference, checked once."""
    schemas: dict[str, tuple[KeySpec, ...]] = {}
    for file in sorted(reference_dir("apple").glob("*.yaml")):
        data = YAML(typ="safe").load(file)
        keys = tuple(data["payloadkeys"])
        for spec in keys:
            _check_fields(spec, f"{file.name}: {spec['key']}")
        schemas[data["payload"]["payloadtype"]] = keys
    return schemas


def _type_problem(value: object, kind: str) -> str | None:
    if kind == "<any>":
        return None
    expected = PYTHON_TYPES[kind]
    if isinstance(value, expected) and (bool in expected or not isinstance(value, bool)):
        return None
    return f"{value!r} is {type(value).__name__}, the schema says {kind}"


def _bounds_problem(what: str, number: Any, bounds: Mapping[str, Any]) -> str | None:
    low, high = bounds.get("min"), bounds.get("max")
    if (low is not None and number < low) or (high is not None and number > high):
        return f"{what} {number!r} outside [{low}, {high}]"
    return None


def _value_problems(value: Any, spec: KeySpec) -> list[str]:
    """Problems of a value of the right type with the rangelist, range and format."""
    found: list[str | None] = []
    if "rangelist" in spec and value not in spec["rangelist"]:
        found.append(f"{value!r} not in {spec['rangelist']!r}")
    if "range" in spec:
        found.append(_bounds_problem("value", value, spec["range"]))
    if "format" in spec and not re.fullmatch(spec["format"], str(value)):
        found.append(f"{value!r} does not match {spec['format']!r}")
    return [problem for problem in found if problem]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _dict_problems(path: str, value: Mapping[str, Any], subkeys: Sequence[KeySpec]) -> list[str]:
    specs = {spec["key"]: spec for spec in subkeys}
    any_spec = specs.pop(ANY_KEY, None)
    problems = [
        f"{_join(path, key)}: required key missing"
        for key, spec in specs.items()
        if spec.get("presence") == "required" and key not in value
    ]
    for key, item in value.items():
        spec = specs.get(key, any_spec)
        if spec is None:
            problems.append(f"{_join(path, key)}: key not in the schema")
        else:
            problems += key_problems(_join(path, key), item, spec)
    return problems


def _array_problems(path: str, value: Sequence[Any], item: KeySpec) -> list[str]:
    problems = [
        problem
        for index, element in enumerate(value)
        for problem in key_problems(f"{path}[{index}]", element, item)
    ]
    length = _bounds_problem("length", len(value), item.get("repetition", {}))
    return [*problems, f"{path}: {length}"] if length else problems


def key_problems(path: str, value: Any, spec: KeySpec) -> list[str]:
    """What one Apple key schema (a `payloadkeys` entry) rejects in a value at `path`."""
    wrong_type = _type_problem(value, spec["type"])
    if wrong_type:
        return [f"{path}: {wrong_type}"]
    problems = [f"{path}: {problem}" for problem in _value_problems(value, spec)]
    subkeys = spec.get("subkeys")
    if subkeys and isinstance(value, dict):
        problems += _dict_problems(path, value, subkeys)
    elif subkeys and isinstance(value, list):
        problems += _array_problems(path, value, subkeys[0])
    return problems


def _payload_problems(path: str, payload: Mapping[str, Any]) -> list[str]:
    schemas = _apple_schemas()
    payload_type = payload.get("PayloadType")
    if (
        not isinstance(payload_type, str)
        or payload_type in NOT_PAYLOADS
        or payload_type not in schemas
    ):
        return [f"{path}.PayloadType: no schema for {payload_type!r} in the reference"]
    merged = {spec["key"]: spec for spec in schemas["CommonPayloadKeys"]}
    merged.update({spec["key"]: spec for spec in schemas[payload_type]})
    return _dict_problems(path, payload, list(merged.values()))


def apple_profile_problems(profile: dict[str, object]) -> list[str]:
    """What Apple's published schemas reject in a configuration profile, sorted.

    `profile` is what plistlib.loads returns. The top level is checked against
    TopLevel.yaml, each payload dictionary in PayloadContent against CommonPayloadKeys.yaml
    plus the file of its PayloadType (a PayloadType without a file is a problem).
    """
    problems = _dict_problems("", profile, _apple_schemas()["TopLevel"])
    content = profile.get("PayloadContent")
    if isinstance(content, list):
        for index, payload in enumerate(content):
            if isinstance(payload, dict):
                problems += _payload_problems(f"PayloadContent[{index}]", payload)
    return sorted(problems)
