"""The codec turns bad bytes into errors that name the field, and good bytes into events."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import codec
from schemas.match import ScoreReported
from workloads import factories


def score_json(**overrides: object) -> bytes:
    game = factories.round_robin(factories.division())["A1"]
    event = factories.score(game, 2, 1)
    data = json.loads(codec.encode(event)) | overrides
    return json.dumps(data).encode()


def test_a_valid_score_round_trips() -> None:
    raw = score_json()
    event = codec.decode(codec.MATCH_EVENT, raw)
    assert isinstance(event, ScoreReported)
    assert codec.decode(codec.MATCH_EVENT, codec.encode(event)) == event


def test_a_negative_score_names_the_field() -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.MATCH_EVENT, score_json(home_goals=-1))
    assert caught.value.problems == [("home_goals", "Input should be greater than or equal to 0")]


def test_an_unknown_type_names_the_type_field() -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.MATCH_EVENT, score_json(type="score.guessed"))
    assert [where for where, _ in caught.value.problems] == ["type"]
    assert "score.guessed" in str(caught.value)


def test_a_missing_type_is_named() -> None:
    with pytest.raises(codec.DecodeError, match="type: missing"):
        codec.decode(codec.MATCH_EVENT, b'{"home_goals": 1}')


def test_bytes_that_are_not_json_are_refused_as_such() -> None:
    with pytest.raises(codec.DecodeError, match="body: not valid JSON"):
        codec.decode(codec.MATCH_EVENT, b"\xff\xfe{")


def test_a_time_without_offset_is_refused() -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.MATCH_EVENT, score_json(occurred_at="2026-11-21T10:00:00"))
    assert [where for where, _ in caught.value.problems] == ["occurred_at"]


def test_unknown_fields_are_refused_not_ignored() -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.MATCH_EVENT, score_json(home_score=3))
    assert caught.value.problems[0][0] == "home_score"


def test_a_newer_schema_version_than_known_is_refused() -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.MATCH_EVENT, score_json(schema_version=99))
    assert caught.value.problems[0][0] == "schema_version"


@pytest.mark.parametrize(
    "raw",
    [b"[" * 1000 + b"]" * 1000, b'{"a": ' * 1000 + b"1" + b"}" * 1000],
    ids=["arrays", "objects"],
)
def test_json_nested_a_thousand_deep_is_refused_naming_the_depth(raw: bytes) -> None:
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.INBOUND_EVENT, raw)
    [(where, what)] = caught.value.problems
    assert where == "body" and f"deeper than {codec.MAX_DEPTH}" in what


def test_brackets_inside_strings_are_not_nesting() -> None:
    raw = score_json(source="[" * 60 + '\\"{' * 10)
    assert isinstance(codec.decode(codec.MATCH_EVENT, raw), ScoreReported)


def test_a_five_thousand_digit_integer_is_refused_naming_its_length() -> None:
    raw = score_json()[:-1] + b', "home_goals": ' + b"9" * 5000 + b"}"
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(codec.INBOUND_EVENT, raw)
    [(where, what)] = caught.value.problems
    assert where == "body" and "5000 digits" in what and str(codec.MAX_INT_DIGITS) in what


def test_an_array_is_split_into_the_exact_bytes_of_its_elements() -> None:
    elements = [b'{"a": [1, {"b": "],[}"}]}', b'"x,\\"]"', b"[[], {}]", b"7"]
    raw = b" [" + b", ".join(elements) + b"\t]\n"
    assert list(codec.array_items(raw)) == elements
    assert list(codec.array_items(b"[ ]")) == []


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
def test_each_element_is_its_exact_bytes_however_the_array_is_spaced(
    case: tuple[list[object], list[tuple[str, str]], tuple[str, ...]],
) -> None:
    values, spaces, texts = case
    pieces = [
        f"{before}{text}{after}" for (before, after), text in zip(spaces[:-1], texts, strict=True)
    ]
    body = f"{spaces[-1][0]}[{','.join(pieces) or spaces[-1][1]}]{spaces[-1][1]}"
    found = list(codec.array_items(body.encode()))
    assert found == [text.encode() for text in texts]
    assert [json.loads(raw) for raw in found] == values


def test_an_unusual_but_valid_spelling_is_kept_byte_for_byte() -> None:
    event = '{ "type" : "x",\n\t"name": "Jos\\u00e9 Ni\u00f1o" }'.encode()
    [raw] = codec.array_items(b"[\n  " + event + b"\n]")
    assert raw == event and codec.parse(raw) == {"type": "x", "name": "José Niño"}


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b'{"a": 1}', "must be a JSON array"),
        (b"[1, 2", "not valid JSON"),
        (b'[1, "2]', "not valid JSON"),
        (b"[1] 2", "not valid JSON"),
        (b"[1}", "not valid JSON"),
    ],
)
def test_what_is_not_an_array_is_named_as_such(raw: bytes, problem: str) -> None:
    with pytest.raises(codec.DecodeError, match=problem):
        list(codec.array_items(raw))
