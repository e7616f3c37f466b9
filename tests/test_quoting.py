"""The Python literals the generated helpers carry read back as exactly what was written."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from pkispec.render import quoting

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
ENTRY = st.dictionaries(TEXT, st.none() | TEXT | st.lists(TEXT, max_size=3), max_size=5)


@given(table=st.dictionaries(TEXT, ENTRY, max_size=8))
def test_a_table_reads_back_exactly_with_one_line_per_entry(
    table: dict[str, dict[str, object]],
) -> None:
    literal = quoting.python_table(table)
    assert ast.literal_eval(literal) == table
    lines = literal.splitlines()
    assert len(lines) == 2 + sum(2 + len(entry) for entry in table.values()), (
        "a line for each field, whatever its text"
    )
    fields = [line for line in lines if line.startswith(" " * 8)]
    for line in fields:  # each field line is a whole key: value pair on its own
        assert len(ast.literal_eval("{" + line.strip() + "}")) == 1


def test_a_table_is_the_same_text_whatever_order_it_was_built_in() -> None:
    one: dict[str, dict[str, object]] = {"b": {"y": 1, "x": [2]}, "a": {"k": None}}
    other: dict[str, dict[str, object]] = {"a": {"k": None}, "b": {"x": [2], "y": 1}}
    assert quoting.python_table(one) == quoting.python_table(other)
    assert quoting.python_table(one) == (
        "{\n    'a': {\n        'k': None,\n    },\n"
        "    'b': {\n        'x': [2],\n        'y': 1,\n    },\n}"
    )
