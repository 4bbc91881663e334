"""A batch body split into its events' exact bytes, however the sender formatted it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.gateway.bodies import NotAnArray, elements, text_of

SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)
SPACE = st.text(" \t\n\r", max_size=3)


@st.composite
def formatted(draw: st.DrawFn, value: object) -> str:
    """`value` as JSON in one of many valid spellings: spacing, escapes, separators."""
    return json.dumps(
        value,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.none() | st.integers(0, 2)),
        separators=(draw(st.sampled_from([",", ", ", " ,"])), draw(st.sampled_from([":", ": "]))),
    )


@given(
    st.lists(VALUES, max_size=5).flatmap(
        lambda vs: st.tuples(
            st.just(vs),
            st.lists(st.tuples(SPACE, SPACE), min_size=len(vs) + 1, max_size=len(vs) + 1),
            st.tuples(*(formatted(v) for v in vs)),
        )
    )
)
def test_each_element_is_its_value_and_its_exact_bytes(
    case: tuple[list[object], list[tuple[str, str]], tuple[str, ...]],
) -> None:
    values, spaces, texts = case
    pieces = [
        f"{before}{text}{after}" for (before, after), text in zip(spaces[:-1], texts, strict=True)
    ]
    body = f"{spaces[-1][0]}[{','.join(pieces) or spaces[-1][1]}]{spaces[-1][1]}"
    found = elements(text_of(body.encode()))
    assert [value for value, _ in found] == values
    assert [raw for _, raw in found] == [text.encode() for text in texts]


def test_unusual_but_valid_spelling_is_kept_byte_for_byte() -> None:
    event = '{ "type" : "x",\n\t"name": "Jos\\u00e9 Ni\u00f1o" }'
    [(value, raw)] = elements(f"[\n  {event}\n]")
    assert raw == event.encode() and value == {"type": "x", "name": "José Niño"}


@pytest.mark.parametrize("body", ["[1,", "[1 2]", "[1]]", "[,1]", "{", ""])
def test_what_is_not_json_is_an_error(body: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        elements(body)


@pytest.mark.parametrize("body", ['{"a": 1}', "3", '"[1]"'])
def test_json_that_is_not_an_array_is_named(body: str) -> None:
    with pytest.raises(NotAnArray):
        elements(body)
