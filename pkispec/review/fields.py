"""Which fields of two spec models differ, in words: `key old -> new`, one per change.

The models are compared as values (a duration by its length, so `10y` and `3652d` are the
same), never as text; nested models are walked, lists of models only said to have changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from pkispec.spec.durations import Duration


def show(value: object) -> str:
    """A value as a reviewer reads it: 24h, true, [http-01, dns-01], 'My Desktop'."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if not value or " " in value else value
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)


def _plain(value: object) -> bool:
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | Duration)


def field_changes(
    old: BaseModel, new: BaseModel, prefix: str = "", skip: Iterable[str] = ()
) -> list[str]:
    """`name old -> new` for every field of `new` whose value `old` does not share."""
    out: list[str] = []
    for name in type(new).model_fields:
        before, after = getattr(old, name, None), getattr(new, name)
        if name in skip or before == after:
            continue
        key = prefix + name
        if (
            isinstance(before, BaseModel)
            and isinstance(after, BaseModel)
            and type(before) is type(after)
        ):
            out += field_changes(before, after, f"{key}.")
        elif _plain(before) and _plain(after):
            out.append(f"{key} {show(before)} -> {show(after)}")
        elif before is None:
            out.append(f"{key} added")
        elif after is None:
            out.append(f"{key} removed")
        else:
            out.append(f"{key} changed")
    return out


def span(what: str, old: Duration, new: Duration) -> str:
    """'root: lifetime shortened from 25202d to 9131d'."""
    verb = "shortened" if new < old else "lengthened"
    return f"{what} {verb} from {old} to {new}"
