"""Whatever bytes or text arrive (an HTTP body, a Kafka value, a file a director made), the
decoders and importers answer with a value or their own specific error, never a crash."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import codec
from services.discipline.event_log import read_event_log
from services.discipline.roster_csv import read_roster_csv
from services.input_problem import InputError
from services.scheduler.loader import TournamentFileError, load_tournament
from services.standings.offline import read_csv, read_json_lines
from touchline.demo import EXAMPLE
from workloads import factories

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
A_SCORE = json.loads(
    codec.encode(factories.score(factories.round_robin(factories.division())["A1"], 1, 0))
)


@given(st.binary(max_size=300))
def test_any_bytes_decode_to_an_event_or_a_decode_error(raw: bytes) -> None:
    try:
        codec.decode(codec.INBOUND_EVENT, raw)
    except codec.DecodeError as error:
        assert error.problems and all(where and what for where, what in error.problems)


@given(st.dictionaries(st.sampled_from(sorted(A_SCORE)), JSON, max_size=6))
def test_a_score_with_any_fields_replaced_is_an_event_or_names_its_fields(
    changes: dict[str, object],
) -> None:
    try:
        codec.validate(codec.INBOUND_EVENT, A_SCORE | changes)
    except codec.DecodeError as error:
        named = {where.split(".")[0] for where, _ in error.problems}
        assert named <= set(changes) | {"type", "body"}


CSV_CELLS = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=60)
@given(st.lists(st.lists(CSV_CELLS, min_size=1, max_size=8), max_size=5))
def test_any_results_csv_gives_tables_or_input_errors_by_row(rows: list[list[str]]) -> None:
    header = ["group", "home", "away", "home_goals", "away_goals", "home_yellow", "away_yellow"]
    try:
        read_csv(Path("results.csv"), csv_text(header, rows), "alliance-cup-2020")
    except InputError as error:
        assert error.problems


@given(st.text(max_size=200))
def test_any_text_as_a_results_csv_or_json_lines_is_read_or_refused_precisely(text: str) -> None:
    for reader in (
        lambda: read_csv(Path("r.csv"), text, "alliance-cup-2020"),
        lambda: read_json_lines(Path("r.jsonl"), text),
    ):
        try:
            reader()
        except InputError as error:
            assert error.problems


@settings(max_examples=60)
@given(st.lists(st.lists(CSV_CELLS, min_size=1, max_size=8), max_size=5))
def test_any_roster_csv_gives_rosters_or_row_problems(rows: list[list[str]]) -> None:
    header = ["team_id", "age_group", "role", "person_id", "name", "birth_date"]
    parsed = read_roster_csv(
        csv_text(header, rows), "cup", datetime(2026, 1, 1, tzinfo=UTC), file="rosters.csv"
    )
    assert all(str(problem) for problem in parsed.problems)


@given(st.lists(st.text(max_size=60) | JSON.map(json.dumps), max_size=6))
def test_any_event_log_lines_are_kept_skipped_or_named_by_line(lines: list[str]) -> None:
    log = read_event_log(lines, factories.TOURNAMENT, file="events.jsonl")
    assert all(str(problem).startswith("events.jsonl:") for problem in log.problems)
    assert all(problem.line and problem.what for problem in log.problems)


def test_a_carriage_return_inside_a_field_is_a_row_problem_not_a_crash() -> None:
    """Found by the property tests above: a stray '\\r' used to raise csv.Error."""
    text = "team_id,age_group,role,person_id,name\na\rb,U12,player,p,n\n"
    parsed = read_roster_csv(text, "cup", datetime(2026, 1, 1, tzinfo=UTC), file="rosters.csv")
    assert parsed.problems


def test_a_superscript_digit_is_not_a_goal_count() -> None:
    """Found by the property tests above: '¹'.isdigit() is true but int('¹') fails."""
    text = "group,home,away,home_goals,away_goals\nA,X,Y,¹,0\n"
    try:
        read_csv(Path("r.csv"), text, "alliance-cup-2020")
    except InputError as error:
        assert any(problem.where == "home_goals" for problem in error.problems)
    else:
        raise AssertionError("a superscript digit was accepted as goals")


DEMO_FILE = yaml.safe_load(EXAMPLE.read_text())


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_as_a_tournament_file_is_read_or_refused_by_line(text: str) -> None:
    _load_or_refuse(text)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(DEMO_FILE)), JSON, min_size=1, max_size=3))
def test_a_tournament_file_with_any_section_replaced_is_read_or_refused_by_line(
    changes: dict[str, object],
) -> None:
    _load_or_refuse(yaml.safe_dump(DEMO_FILE | changes))


def _load_or_refuse(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tournament.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_tournament(path)
        except TournamentFileError as error:
            assert error.problems and all(p.file == "tournament.yaml" for p in error.problems)


NESTED = st.recursive(
    st.integers() | st.text(alphabet='[]{}",:\\', max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=8,
)


@given(st.integers(min_value=0, max_value=3000), NESTED, st.sampled_from(["[", '{"a":']))
def test_json_of_any_depth_and_any_integer_decodes_or_is_a_decode_error(
    depth: int, leaf: object, opener: str
) -> None:
    closer = "]" if opener == "[" else "}"
    raw = opener * depth + json.dumps(leaf) + closer * depth
    try:
        codec.decode(codec.INBOUND_EVENT, raw.encode())
    except codec.DecodeError as error:
        assert error.problems and all(where and what for where, what in error.problems)


@given(st.binary(max_size=300) | JSON.map(lambda value: json.dumps([value, value]).encode()))
def test_any_bytes_split_into_array_elements_or_a_decode_error(raw: bytes) -> None:
    try:
        whole = json.loads(raw)
    except ValueError:
        whole = None
    try:
        elements = list(codec.array_items(raw))
    except codec.DecodeError as error:
        assert error.problems and not isinstance(whole, list)
    else:
        if isinstance(whole, list):
            assert [json.loads(element) for element in elements] == whole
