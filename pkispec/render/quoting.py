"""One quoting function per output format: every spec value passes through one of them."""

from __future__ import annotations

import pprint
import shlex

_CNF_SPECIAL = frozenset('\\$#"\'`')


def shell(value: str) -> str:
    """A bash word that stands for exactly `value` (single-quoted when needed)."""
    return shlex.quote(value)


def python(value: object) -> str:
    """A Python literal that evaluates to exactly `value` (str, int, bool, dict, list),
    wrapped to fit the generated scripts' line length."""
    return pprint.pformat(value, width=80, sort_dicts=True)


def cnf(value: str) -> str:
    """An openssl.cnf value that openssl reads back as exactly `value`.

    openssl's config parser treats backslash, '$', '#' and its three quotes (", ' and the
    backtick) specially; each is escaped with a backslash. Leading and trailing blanks and
    line breaks never reach here (the spec refuses them), so nothing else needs escaping.
    """
    if any(ch in "\n\r\0" for ch in value):
        raise ValueError("line breaks and NUL cannot be written to openssl.cnf")
    return "".join("\\" + ch if ch in _CNF_SPECIAL else ch for ch in value)
