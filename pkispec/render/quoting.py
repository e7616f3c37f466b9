"""One quoting function per output format: every spec value passes through one of them."""

from __future__ import annotations

import pprint
import shlex
from collections.abc import Mapping

_CNF_SPECIAL = frozenset("\\$#\"'`")


def shell(value: str) -> str:
    """A bash word that stands for exactly `value` (single-quoted when needed)."""
    return shlex.quote(value)


def python(value: object) -> str:
    """A Python literal that evaluates to exactly `value` (str, int, bool, dict, list),
    wrapped to fit the generated scripts' line length."""
    return pprint.pformat(value, width=80, sort_dicts=True)


def python_table(table: Mapping[str, Mapping[str, object]]) -> str:
    """A dict literal of `table`, a dict of dicts: each entry's fields one to a line, keys
    sorted everywhere, so that a change to one field is one line of a diff. repr() writes
    each value at C speed, where pprint takes a third of rendering 10,000 clients."""
    lines = ["{"]
    for key in sorted(table):
        entry = table[key]
        lines.append(f"    {key!r}: {{")
        lines.extend(f"        {field!r}: {_sorted(entry[field])!r}," for field in sorted(entry))
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines)


def _sorted(value: object) -> object:
    """`value` with the keys of every dict in it sorted, as repr() then writes them."""
    if isinstance(value, Mapping):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted(item) for item in value]
    return value


def cnf(value: str) -> str:
    """An openssl.cnf value that openssl reads back as exactly `value`.

    openssl's config parser treats backslash, '$', '#' and its three quotes (", ' and the
    backtick) specially; each is escaped with a backslash. Leading and trailing blanks and
    line breaks never reach here (the spec refuses them), so nothing else needs escaping.
    """
    if any(ch in "\n\r\0" for ch in value):
        raise ValueError("line breaks and NUL cannot be written to openssl.cnf")
    return "".join("\\" + ch if ch in _CNF_SPECIAL else ch for ch in value)


def inf(value: str) -> str:
    """A quoted certreq .inf string: double quotes around it, inner quotes doubled, and '%'
    doubled (an INF file reads %name% as a [Strings] key and %% as one '%')."""
    if any(ch in "\n\r\0" for ch in value):
        raise ValueError("line breaks and NUL cannot be written to an .inf file")
    return '"' + value.replace('"', '""').replace("%", "%%") + '"'


_DN_SPECIAL = frozenset(',+=<>#;"\\')


def windows_dn(common_name: str) -> str:
    """'CN=<name>' as Windows' CertStrToName reads it: a name with a DN special character
    is put in double quotes (inner quotes doubled)."""
    if any(ch in _DN_SPECIAL for ch in common_name) or common_name != common_name.strip():
        return 'CN="' + common_name.replace('"', '""') + '"'
    return f"CN={common_name}"


#: what PowerShell's lexer takes for a single quote: the ASCII one and U+2018 to U+201B
_PS_SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")


def powershell(value: str) -> str:
    """A single-quoted PowerShell string: nothing inside is expanded, and every character
    PowerShell reads as a single quote (typographic ones too) is doubled."""
    if any(ch in "\n\r\0" for ch in value):
        raise ValueError("line breaks and NUL cannot be written to a PowerShell string")
    return "'" + "".join(ch * 2 if ch in _PS_SINGLE_QUOTES else ch for ch in value) + "'"
