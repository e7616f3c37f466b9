"""Turn plain spec data into a `Spec`, and pydantic's errors into located problems.

pydantic knows the shape; this module knows how to say what is wrong in the words of a
YAML file: which key, where, and what the user most likely meant.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pkispec.errors import Problem, YamlPath
from pkispec.spec.model import Spec
from pkispec.spec.reader import Document, child

_TYPE_ERRORS = {
    "string_type",
    "int_type",
    "bool_type",
    "list_type",
    "model_type",
    "dict_type",
    "model_attributes_type",
    "is_instance_of",
    "float_type",
    "dataclass_type",
    "int_from_float",
    "string_sub_type",
}


def build(doc: Document) -> tuple[Spec | None, list[Problem]]:
    """Validate the document's data; return the Spec, or None and every problem."""
    try:
        return Spec.model_validate(doc.data), []
    except ValidationError as exc:
        problems = [_problem(error, doc) for error in exc.errors(include_url=False)]
        return None, _without_typo_echoes(_dedupe(problems))


def _without_typo_echoes(problems: list[Problem]) -> list[Problem]:
    """Drop "missing 'lifetime'" when "unknown key 'lifetme'" already suggests it."""
    suggested = {(p.path[:-1], p.hint) for p in problems if p.code == "PKI003"}
    return [
        p for p in problems if not (p.code == "PKI004" and (p.path, _suggestion(p)) in suggested)
    ]


def _suggestion(problem: Problem) -> str:
    missing = problem.message.split("'")[1]
    return f"did you mean '{missing}'?"


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, YamlPath, str]] = set()
    out = []
    for problem in problems:
        key = (problem.code, problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def _data_path(loc: tuple[int | str, ...], doc: Document) -> YamlPath:
    """pydantic's loc, less the union tags and validator names that are not in the data."""
    path: list[str | int] = []
    node: Any = doc.data
    for part in loc:
        found, value = child(node, part)
        if found:
            path.append(part)
            node = value
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part, node):
            path.append(part)  # a key that is missing or unknown
            node = None
    return tuple(path)


def _is_tag(part: str, node: dict[str, Any]) -> bool:
    return part in (node.get("type"), node.get("kind")) or "[" in part or "-" in part


def _dotted(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "the spec"


def _problem(error: ErrorDetails, doc: Document) -> Problem:
    path = _data_path(error["loc"], doc)
    kind = error["type"]
    where = _dotted(path)
    if kind == "extra_forbidden":
        return _secret_key(path) or _unknown_key(path, doc)
    if kind == "missing":
        return Problem(
            "PKI004",
            f"missing key '{path[-1]}' in {_dotted(path[:-1])}",
            path[:-1],
            hint=f"add '{path[-1]}:' here; 'pkispec schema' lists every key",
            at_key=True,
        )
    message, _, own_hint = error["msg"].removeprefix("Value error, ").partition("\nhint: ")
    value = error["input"]
    if kind in _TYPE_ERRORS or (kind == "value_error" and not isinstance(value, str)):
        return Problem("PKI005", f"{where}: {message}", path, hint=_type_hint(value))
    return Problem("PKI006", f"{where}: {message}", path, hint=own_hint or _value_hint(kind))


_TYPE_HINTS: tuple[tuple[type | tuple[type, ...] | None, str], ...] = (
    (str, "this is text; write it without quotes if a number or true/false is meant"),
    (bool, "YAML read this as true/false; quote it if you meant text"),
    ((int, float), "YAML read this as a number; quote it if you meant text (e.g. '0755', '1.10')"),
    (dt.date, "YAML read this as a date; quote it if you meant text"),
    (type(None), "the value is empty; write one, or remove the key to take the default"),
    (dict, "this is a mapping; a single value is expected here"),
    (list, "this is a list; a single value is expected here"),
)


def _type_hint(value: Any) -> str:
    for kind, hint in _TYPE_HINTS:
        if isinstance(value, kind):  # type: ignore[arg-type]
            return hint
    return "'pkispec schema' shows the type each key takes"


def _value_hint(kind: str) -> str:
    if kind in ("literal_error", "union_tag_invalid", "enum"):
        return "use one of the values listed"
    if kind in ("too_short", "too_long"):
        return "check how many items the list has"
    return "'pkispec schema' shows what each key accepts"


#: keys that would write a token's secret into the spec
_SECRET_KEYS = frozenset(
    {"pin", "user_pin", "so_pin", "pin_value", "pin-value", "pin_source", "pin-source", "puk"}
)


def _secret_key(path: YamlPath) -> Problem | None:
    """A PIN under `pkcs11` is refused as what it is, not as an unknown key."""
    if len(path) < 2 or path[-2] != "pkcs11" or str(path[-1]).lower() not in _SECRET_KEYS:
        return None
    ca = "ROOT" if path[0] == "root" else "<NAME>"
    return Problem(
        "PKI116",
        f"{_dotted(path)}: a token's PIN never goes into the spec, which is reviewed in git "
        "and compiled into the bundle",
        path,
        hint=f"remove it; the ceremony asks for the PIN, or reads it from the file that "
        f"PKISPEC_{ca}_PINFILE names",
        at_key=True,
    )


def _unknown_key(path: YamlPath, doc: Document) -> Problem:
    import difflib  # noqa: PLC0415 - a spec without typos never needs it

    known = _known_keys(path[:-1], doc)
    key = str(path[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif known:
        hint = "known keys here: " + ", ".join(sorted(known))
    else:
        hint = "remove it"
    return Problem(
        "PKI003", f"unknown key '{key}' in {_dotted(path[:-1])}", path, hint=hint, at_key=True
    )


def _known_keys(path: YamlPath, doc: Document) -> list[str]:
    model: Any = Spec
    for depth, part in enumerate(path):
        if isinstance(part, int):
            model = _item_type(model)
        else:
            model = model.model_fields[part].annotation if _is_model(model) else None
        model = _pick_model(model, doc.get(path[: depth + 1]))
        if model is None:
            return []
    return list(model.model_fields) if _is_model(model) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _item_type(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[0] if typing.get_origin(tp) is list and args else None


def _pick_model(tp: Any, data: Any) -> Any:
    """The model a (possibly Optional, Annotated or union) type means for this data."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (Union, types.UnionType):
        members = [_pick_model(arg, data) for arg in typing.get_args(tp)]
        models = [m for m in members if _is_model(m) or typing.get_origin(m) is list]
        for candidate in models:
            if _is_model(candidate) and isinstance(data, dict) and _tag_matches(candidate, data):
                return candidate
        return models[0] if len(models) == 1 else None
    return tp


def _tag_matches(model: type[BaseModel], data: dict[str, Any]) -> bool:
    for tag in ("type", "kind"):
        field = model.model_fields.get(tag)
        if field is not None:
            return data.get(tag) in typing.get_args(field.annotation)
    return True
