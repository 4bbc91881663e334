# ruff: noqa: E501 - the error tables read best one case per line
"""Hostile or broken tournament files: each gives a clear problem naming the line and what is
wrong, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.loader import TournamentFileError, load_tournament
from services.scheduler.tournament import Window
from tests.unit.scheduler.helpers import BASE, problems, problems_after


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "cup.yaml:1: file: expected a mapping of the tournament's sections, got nothing"),
        ("- a\n- b\n", "cup.yaml:1: file: expected a mapping of the tournament's sections, got a list"),
        ("just words\n", "cup.yaml:1: file: expected a mapping of the tournament's sections, got the text 'just words'"),
        ("id: a\n---\nid: b\n", "cup.yaml:2: yaml: expected a single document in the stream, but found another document"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_one_mapping_is_one_problem(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problems(tmp_path, text) == [expected]


#: A mistyped key is named with the keys allowed there.
MISTYPED_KEYS = [
    (("size: 9v9", "size: 9v9, colour: red"), "cup.yaml:7: fields.F1.colour: unknown key (allowed: id, name, venue, size, divisions, open)"),
    (("age_group: U12", "age_group: U12\n    halfs: 20"), "cup.yaml:11: divisions.U12B.halfs: unknown key (allowed: id, name, age_group, gender, bracket, size, half_minutes, halftime_minutes, turnover_minutes, max_games_per_day, groups, group_sizes, playoff, playoff_day, playoff_venues)"),
    (("id: cup\n", "id: cup\ntravel: [{from: park, to: park, mins: 5}]\n"), "cup.yaml:2: travel[0].mins: unknown key (allowed: from, to, minutes)"),
    (("id: cup\n", "id: cup\nrules: {rest: 5}\n"), "cup.yaml:2: rules.rest: unknown key (allowed: min_rest_minutes, late_after, early_before, max_games_per_day, finals_not_before)"),
]  # fmt: skip
#: A value of the wrong kind says what was expected.
WRONG_KINDS = [
    (("main: true", "main: yes please"), "cup.yaml:5: venues[0].main: expected true or false, got the text 'yes please'"),
    (("date: 2026-11-21", "date: 2026-02-30"), "cup.yaml:3: days[0].date: '2026-02-30' is not a date YYYY-MM-DD"),
    (("date: 2026-11-21", "date: 2026-11-21 10:00:00"), "cup.yaml:3: days[0].date: '2026-11-21 10:00:00' is not a date YYYY-MM-DD"),
    (("open: {sat: \"08:00-12:00\"}", "open: [sat]"), "cup.yaml:7: fields.F1.open: expected a mapping, got a list"),
    (("groups: {A: [t1, t2, t3]}", "groups: {A: t1}"), "cup.yaml:11: divisions.U12B.groups.A: expected a list, got the text 't1'"),
    (("{id: t1, division: U12B}", "{id: t1, division: [U12B]}"), "cup.yaml:13: teams[0].division: expected text, got a list"),
    (("{id: t1, division: U12B}", "t1"), "cup.yaml:13: teams[0]: expected a mapping, got the text 't1'"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), MISTYPED_KEYS + WRONG_KINDS)
def test_a_mistyped_key_or_a_value_of_the_wrong_kind_says_what_was_expected_there(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert expected in problems_after(tmp_path, change)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    half_minutes: " + "9" * 5000, "divisions.U12B.half_minutes: expected a whole number, got the text '99999"),
        ("    half_minutes: " + "9" * 100, "divisions.U12B.half_minutes: " + "9" * 57 + "... is not 0-1440 minutes"),
        ("    max_games_per_day: -7", "divisions.U12B.max_games_per_day: -7 is not 1-6 games"),
    ],
)  # fmt: skip
def test_huge_or_negative_numbers_are_named_not_crashed_on(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = BASE.replace("    age_group: U12\n", f"    age_group: U12\n{line}\n")
    (found,) = problems(tmp_path, text)
    assert found.startswith("cup.yaml:11: " + expected) and len(found) < 300


def test_an_infinite_weight_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE + "weights: {idle: .inf, compact: 1.0e+999}\n") == [
        "cup.yaml:16: weights.compact: inf is not a number a weight can be",
        "cup.yaml:16: weights.idle: inf is not a number a weight can be",
    ]


def test_an_id_given_twice_is_named_at_its_second_use(tmp_path: Path) -> None:
    text = BASE.replace(
        "  - {id: sat, date: 2026-11-21}\n", "  - {id: sat, date: 2026-11-21}\n" * 2
    )
    assert problems(tmp_path, text) == [
        "cup.yaml:4: days[1].id: id 'sat' is used twice (first on line 3)"
    ]


def test_a_key_given_twice_in_one_mapping_is_a_problem_not_a_silent_overwrite(
    tmp_path: Path,
) -> None:
    """YAML itself would keep the last `age_group` silently."""
    text = BASE.replace("    age_group: U12\n", "    age_group: U12\n    age_group: U14\n")
    assert problems(tmp_path, text) == [
        "cup.yaml:11: divisions.U12B.age_group: given twice in one mapping (first on line 10)"
    ]


def test_shared_opening_hours_may_be_written_once_with_an_anchor(tmp_path: Path) -> None:
    """Anchors, aliases and merge keys read as YAML defines them; explicit keys win."""
    text = BASE.replace(
        '  - {id: F1, venue: park, size: 9v9, open: {sat: "08:00-12:00"}}\n',
        '  - &field {id: F1, venue: park, size: 9v9, open: &hours {sat: "08:00-12:00"}}\n'
        "  - {<<: *field, id: F2, open: *hours}\n"
        '  - {<<: *field, id: F3, open: {sat: "09:00-10:00"}}\n',
    )
    path = tmp_path / "cup.yaml"
    path.write_text(text)
    fields = load_tournament(path).field
    assert [f.windows["sat"] for f in fields.values()] == [
        (Window(480, 720),),
        (Window(480, 720),),
        (Window(540, 600),),
    ]


def test_an_alias_bomb_is_one_problem_not_a_hang(tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand to 387 million values."""
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (found,) = problems(tmp_path, BASE + "\n".join(levels) + "\n")
    assert "the file holds more than 300,000 values" in found


def test_a_recursive_alias_is_one_problem(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BASE + "loop: &loop [*loop]\n")
    assert found.startswith("cup.yaml:16: yaml: nested more than 20 levels deep")


@pytest.mark.parametrize("depth", [25, 3000])
def test_deep_nesting_is_one_problem(tmp_path: Path, depth: int) -> None:
    (found,) = problems(tmp_path, BASE + "deep: " + "[" * depth + "]" * depth + "\n")
    assert "yaml: nested more than 20 levels deep" in found


def test_a_python_object_tag_is_refused_not_constructed(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BASE + "name: !!python/object/apply:os.system [echo hi]\n")
    assert found == (
        "cup.yaml:16: yaml: the YAML tag tag:yaml.org,2002:python/object/apply:os.system "
        "is not used in this file"
    )


def test_a_key_that_is_a_list_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE + "? [a, b]\n: c\n") == [
        "cup.yaml:16: yaml: a key must be plain text, not a list or mapping"
    ]


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BASE + "#" * (9 * 2**20) + "\n")
    assert found == "cup.yaml: file: larger than 8 MiB"


YAMLISH = st.lists(
    st.sampled_from(
        ["id", "days", "fields", "divisions", "teams", ":", " ", "\n", "  ", "- ", "[", "]",
         "{", "}", ",", "&a", "*a", "<<", "!!str", "!x", "'", '"', "U12", "9v9", "08:00",
         "-", "1", "1e9", "null", "#", "?", "|", ">", "\t", "%YAML 1.1", "---", "..."]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_the_loader_raises_nothing_but_its_problem_type(text: str) -> None:
    """Whatever YAML-ish text the file holds: a tournament, or problems each with a line (or
    the whole file) and a message."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cup.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_tournament(path)
        except TournamentFileError as error:
            assert error.problems
            assert all(p.file == "cup.yaml" and p.what and p.where for p in error.problems)
