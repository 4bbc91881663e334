# ruff: noqa: E501 - the error table reads best one case per line
"""Reading the tournament file and the team CSV: defaults from the rulebook, and every error
names the file, the line (or row) and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.scheduler.loader import TournamentFileError, load_tournament
from services.scheduler.tournament import Coach
from tests.unit.scheduler.helpers import BASE, EXAMPLES, problems, problems_after, write


def test_game_length_comes_from_the_rulebook_age_table(tmp_path: Path) -> None:
    """Rules 2020 age table: U11/U12 play 25-minute halves on 9v9; default break 5, turnover 10."""
    division = load_tournament(write(tmp_path, BASE)).division["U12B"]
    assert (division.half_minutes, division.size) == (25, "9v9")
    assert (division.play_minutes, division.field_minutes) == (55, 65)


@pytest.mark.parametrize(
    ("age", "half", "size"),
    [("U9", 25, "7v7"), ("U13", 30, "11v11"), ("U14", 30, "11v11"), ("U15", 35, "11v11"),
     ("U19", 35, "11v11")],
)  # fmt: skip
def test_every_age_group_gets_its_half_length_and_field_size(
    tmp_path: Path, age: str, half: int, size: str
) -> None:
    """Rules 2020: U9-U10 7v7, U13+ 11v11; halves 25 (U9-U12), 30 (U13/14), 35 (U15+)."""
    text = BASE.replace("age_group: U12", f"age_group: {age}")
    division = load_tournament(write(tmp_path, text)).division["U12B"]
    assert (division.half_minutes, division.size) == (half, size)


def test_division_overrides_replace_the_defaults(tmp_path: Path) -> None:
    text = BASE.replace(
        "    age_group: U12\n",
        "    age_group: U12\n    half_minutes: 20\n    halftime_minutes: 10\n"
        "    turnover_minutes: 5\n    max_games_per_day: 2\n",
    )
    division = load_tournament(write(tmp_path, text)).division["U12B"]
    assert (division.play_minutes, division.field_minutes, division.max_games_per_day) == (
        50,
        55,
        2,
    )


@pytest.mark.parametrize(
    ("rules", "expected"),
    [("", {}), ('{finals_not_before: "11:00"}', {"sat": 660}),
     ('{finals_not_before: {sat: "10:30"}}', {"sat": 630})],
)  # fmt: skip
def test_finals_window_is_one_time_for_every_day_or_a_time_per_day(
    tmp_path: Path, rules: str, expected: dict[str, int]
) -> None:
    """Finals window: absent (no limit, old files unchanged), every day, or per day."""
    text = BASE.replace("id: cup\n", f"id: cup\nrules: {rules}\n" if rules else "id: cup\n")
    assert load_tournament(write(tmp_path, text)).rules.finals_not_before == expected


@pytest.mark.parametrize(("line", "one_venue"), [("", True), ("    playoff_venues: any\n", False)])
def test_playoffs_stay_at_one_venue_unless_the_division_allows_any(
    tmp_path: Path, line: str, one_venue: bool
) -> None:
    """Playoff venue: one venue by default (old files get it), `playoff_venues: any` lifts it."""
    text = BASE.replace("    age_group: U12\n", "    age_group: U12\n" + line)
    assert load_tournament(write(tmp_path, text)).division["U12B"].playoff_one_venue is one_venue


def test_group_sizes_fill_groups_with_the_teams_in_file_order(tmp_path: Path) -> None:
    text = BASE.replace("groups: {A: [t1, t2, t3]}", "group_sizes: [2, 1]")
    assert problems(tmp_path, text) == [
        "cup.yaml:11: divisions.U12B.group_sizes: every group needs a whole number of at least 2 "
        "teams"
    ]
    text = BASE.replace("groups: {A: [t1, t2, t3]}", "group_sizes: [3]")
    groups = load_tournament(write(tmp_path, text)).division["U12B"].groups
    assert [(g.id, g.team_ids) for g in groups] == [("A", ("t1", "t2", "t3"))]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("size: 9v9", "size: 8v8"), "cup.yaml:7: fields.F1.size: '8v8' is not one of 7v7, 9v9, 11v11"),
        (("venue: park, size", "venue: lake, size"), "cup.yaml:7: fields.F1.venue: unknown venue 'lake'"),
        (("sat: \"08:00-12:00\"", "sun: \"08:00-12:00\""), "cup.yaml:7: fields.F1.open.sun: unknown day 'sun'"),
        (("\"08:00-12:00\"", "\"12:00-08:00\""), "cup.yaml:7: fields.F1.open.sat: '12:00-08:00' ends before it starts"),
        (("\"08:00-12:00\"", "\"8am-noon\""), "cup.yaml:7: fields.F1.open.sat: '8am-noon' is not a window HH:MM-HH:MM"),
        (("age_group: U12", "age_group: U8"), "cup.yaml:10: divisions.U12B.age_group: 'U8' is not an age group U9-U19 of the rulebook's table"),
        (("[t1, t2, t3]", "[t1, t2, t9]"), "cup.yaml:11: divisions.U12B.groups.A[2]: unknown team 't9'"),
        (("[t1, t2, t3]", "[t1, t2]"), "cup.yaml:15: teams[2]: team 't3' is in no group of U12B"),
        (("{id: t3, division: U12B}", "{id: t3, division: U99}"), "cup.yaml:15: teams[2].division: unknown division 'U99'"),
        (("{id: t3, division: U12B}", "{id: t2, division: U12B}"), "cup.yaml:15: teams[2]: team 't2' is already defined at cup.yaml:14"),
        (("date: 2026-11-21", "date: 21/11/2026"), "cup.yaml:3: days[0].date: '21/11/2026' is not a date YYYY-MM-DD"),
        (("id: cup", "id: Cup!"), "cup.yaml:1: id: 'Cup!' is not a tournament id (lower-case letters, digits, '-'; at most 64)"),
        (("id: cup\n", "id: cup\ncolour: red\n"), "cup.yaml:2: colour: unknown key (allowed: id, name, timezone, days, venues, travel, fields, rules, weights, divisions, teams, teams_csv, coaches, unavailable, requests)"),
        (("id: cup\n", "id: cup\ntimezone: Mars/Olympus\n"), "cup.yaml:2: timezone: unknown time zone 'Mars/Olympus'"),
        (("    age_group: U12\n", "    age_group: U12\n    playoff: triple\n"), "cup.yaml:11: divisions.U12B.playoff: 'triple' is not one of none, final, semifinals"),
        (("    age_group: U12\n", "    age_group: U12\n    playoff: semifinals\n"), "cup.yaml:11: divisions.U12B.playoff: semifinals take the top 4 of each group; group A is too small"),
        (("    age_group: U12\n", "    age_group: U12\n    playoff_venues: two\n"), "cup.yaml:11: divisions.U12B.playoff_venues: 'two' is not one of one, any"),
        (("    age_group: U12\n", "    age_group: U12\n    half_minutes: long\n"), "cup.yaml:11: divisions.U12B.half_minutes: expected a whole number, got the text 'long'"),
        (("    age_group: U12\n", "    age_group: U12\n    max_games_per_day: 9\n"), "cup.yaml:11: divisions.U12B.max_games_per_day: 9 is not 1-6 games"),
        (("    groups: {A: [t1, t2, t3]}\n", ""), "cup.yaml:9: divisions.U12B: give exactly one of groups or group_sizes"),
        (("id: cup\n", "id: cup\nweights: {compact: -1}\n"), "cup.yaml:2: weights.compact: must not be negative"),
        (("id: cup\n", "id: cup\nrules: {max_games_per_day: {U30: 2}}\n"), "cup.yaml:2: rules.max_games_per_day.U30: 'U30' is not an age group U9-U19 of the rulebook's table"),
        (("id: cup\n", "id: cup\nrules: {late_after: \"25:99\"}\n"), "cup.yaml:2: rules.late_after: '25:99' is not a time of day HH:MM"),
        (("id: cup\n", "id: cup\nrules: {finals_not_before: noon}\n"), "cup.yaml:2: rules.finals_not_before: 'noon' is not a time of day HH:MM"),
        (("id: cup\n", "id: cup\nrules:\n  finals_not_before: {mon: \"11:00\"}\n"), "cup.yaml:3: rules.finals_not_before.mon: unknown day 'mon'"),
        (("id: cup\n", "id: cup\ntravel: [{from: park, to: lake, minutes: 5}]\n"), "cup.yaml:2: travel[0].to: unknown venue 'lake'"),
        (("id: cup\n", "id: cup\nunavailable: [{team: t7, day: sat, window: \"08:00-09:00\"}]\n"), "cup.yaml:2: unavailable[0].team: unknown team 't7'"),
        (("id: cup\n", "id: cup\nrequests: [{team: t1, day: mon}]\n"), "cup.yaml:2: requests[0].day: unknown day 'mon'"),
        (("venues:\n  - {id: park, main: true}\n", "venues: park\n"), "cup.yaml:4: venues: expected a list, got the text 'park'"),
        (("  - {id: F1, venue: park, size: 9v9, open: {sat: \"08:00-12:00\"}}", "  - {id: F1, venue: park, size: 9v9, divisions: [U10G], open: {sat: \"08:00-12:00\"}}"), "cup.yaml:7: fields.F1.divisions[0]: unknown division 'U10G'"),
        (("fields:\n", "fields:\n  - {id: F1, venue: park, size: 9v9, open: {sat: \"08:00-12:00\"}}\n"), "cup.yaml:8: fields.F1.id: id 'F1' is used twice (first on line 7)"),
    ],
)  # fmt: skip
def test_every_mistake_names_file_line_and_what_is_wrong(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert expected in problems_after(tmp_path, change)


def test_broken_yaml_reports_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    text = BASE.replace("  - {id: park, main: true}", "  - {id: park, main: true")
    assert problems(tmp_path, text)[0].startswith("cup.yaml:6: yaml: ")


def test_several_mistakes_are_reported_together(tmp_path: Path) -> None:
    text = BASE.replace("size: 9v9", "size: 8v8").replace("date: 2026-11-21", "date: soon")
    assert [p.split(":")[1] for p in problems(tmp_path, text)] == ["3", "7"]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(TournamentFileError, match=r"nope.yaml: file: cannot read"):
        load_tournament(tmp_path / "nope.yaml")


CSV_BASE = BASE.split("teams:")[0] + "teams_csv: teams.csv\n"
CSV_TEXT = (
    "team,club,division,coach_ids,state_association\n"
    "t1,Club One,U12B,c1;c2,FYSA\n"
    "t2,Club Two,U12B,c3,FYSA\n"
    "t3,Club Three,U12B,,GSSA\n"
)


def test_teams_come_from_a_registration_csv(tmp_path: Path) -> None:
    write(tmp_path, CSV_TEXT, "teams.csv")
    tournament = load_tournament(write(tmp_path, CSV_BASE))
    assert tournament.team["t1"].coach_ids == ("c1", "c2")
    assert (tournament.team["t3"].club, tournament.team["t3"].state_association) == (
        "Club Three",
        "GSSA",
    )


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (CSV_TEXT.replace("coach_ids,", ""), "teams.csv:row 1: header: missing column(s) coach_ids"),
        (CSV_TEXT.replace("t2,Club Two,U12B", "t 2,Club Two,U12B"), "teams.csv:row 3: team: 't 2' is not an id"),
        (CSV_TEXT.replace("t2,Club Two,U12B", "t2,Club Two,"), "teams.csv:row 3: division: empty"),
        (CSV_TEXT.replace("t3,Club Three,U12B", "t3,Club Three,U10G"), "teams.csv:row 4: division: unknown division 'U10G'"),
        (CSV_TEXT.replace("c1;c2", "c1;c 2"), "teams.csv:row 2: coach_ids: 'c 2' is not an id"),
    ],
)  # fmt: skip
def test_csv_mistakes_name_the_csv_row(tmp_path: Path, csv_text: str, expected: str) -> None:
    write(tmp_path, csv_text, "teams.csv")
    assert any(problem.startswith(expected) for problem in problems(tmp_path, CSV_BASE))


def test_a_missing_csv_is_reported_on_the_line_that_names_it(tmp_path: Path) -> None:
    assert problems(tmp_path, CSV_BASE)[0].startswith("cup.yaml:12: teams_csv: cannot read")


def coached(t1: str, t3: str, coaches: str = "") -> str:
    """BASE with coach ids on t1 and t3 (one coach for both, unless mistyped) and a list."""
    return (
        BASE.replace(
            "{id: t1, division: U12B}", f"{{id: t1, division: U12B, coach_ids: [{t1}]}}"
        ).replace("{id: t3, division: U12B}", f"{{id: t3, division: U12B, coach_ids: [{t3}]}}")
        + coaches
    )


@pytest.mark.parametrize("typo", ["c-alvarze", "c-alvarz", "C-Alvarez", "c_alvarez", "c-alvaraz"])
def test_a_mistyped_coach_id_is_reported_with_the_id_it_looks_like(
    tmp_path: Path, typo: str
) -> None:
    """Coaches list: without one, an id on one team a slip away from another is an error."""
    assert problems(tmp_path, coached("c-alvarez", typo)) == [
        f"cup.yaml:15: teams[2]: coach {typo!r} of team 't3' coaches no other team and looks "
        "like 'c-alvarez' (team 't1'): did you mean 'c-alvarez'? If both are right, list every "
        "coach under coaches:"
    ]


@pytest.mark.parametrize(
    ("t1", "t3"), [("c1", "c2"), ("c1", "c11"), ("coach-a", "coach-b"), ("kim-u14b", "kim-u14g"),
                   ("c-alvarez", "c-baker")],
)  # fmt: skip
def test_numbered_or_different_coach_ids_are_not_typos(tmp_path: Path, t1: str, t3: str) -> None:
    """Coaches list: ids numbered by digits or single letters, or far apart, load as they are."""
    tournament = load_tournament(write(tmp_path, coached(t1, t3)))
    assert tournament.teams_of_coach == {t1: ("t1",), t3: ("t3",)}


def test_a_coaches_list_declares_every_coach_id(tmp_path: Path) -> None:
    """Coaches list: when given, every coach id on a team must be in it, names are kept."""
    listed = "coaches:\n  - {id: c-alvarez, name: Ana Alvarez}\n  - {id: c-baker}\n"
    tournament = load_tournament(write(tmp_path, coached("c-alvarez", "c-baker", listed)))
    assert tournament.coaches == (Coach("c-alvarez", "Ana Alvarez"), Coach("c-baker", "c-baker"))
    assert problems(tmp_path, coached("c-alvarez", "c-alvarze", listed)) == [
        "cup.yaml:15: teams[2].coach_ids[0]: coach 'c-alvarze' is not in the coaches list "
        "(did you mean 'c-alvarez'?)"
    ]
    assert problems(tmp_path, coached("c-alvarez", "c-diaz", listed)) == [
        "cup.yaml:15: teams[2].coach_ids[0]: coach 'c-diaz' is not in the coaches list"
    ]


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        ("coaches:\n  - {id: c 1}\n", "cup.yaml:17: coaches[0].id: 'c 1' is not an id (letters, digits, '.', '_', '-'; at most 64)"),
        ("coaches:\n  - {id: c1, phone: 555}\n", "cup.yaml:17: coaches[0].phone: unknown key (allowed: id, name)"),
        ("coaches:\n  - {id: c1}\n  - {id: c1}\n", "cup.yaml:18: coaches[1].id: id 'c1' is used twice (first on line 17)"),
    ],
)  # fmt: skip
def test_coaches_list_mistakes_name_the_line(tmp_path: Path, listed: str, expected: str) -> None:
    """Coaches list: its own mistakes are reported like every other list's."""
    assert expected in problems(tmp_path, coached("c1", "c1", listed))


def test_a_coaches_value_that_is_no_list_is_one_problem(tmp_path: Path) -> None:
    """Coaches list: a broken list does not also report every coach id as undeclared."""
    assert problems(tmp_path, coached("c1", "c1", "coaches: c1\n")) == [
        "cup.yaml:16: coaches: expected a list, got the text 'c1'"
    ]


def test_csv_coach_ids_are_checked_against_the_coaches_list(tmp_path: Path) -> None:
    """Coaches list: a CSV row's undeclared coach is reported at that row."""
    write(tmp_path, CSV_TEXT, "teams.csv")
    listed = "coaches: [{id: c1}, {id: c2}]\n"
    assert problems(tmp_path, CSV_BASE + listed) == [
        "teams.csv:row 3: coach_ids: coach 'c3' is not in the coaches list"
    ]


@pytest.mark.parametrize("name", ["alliance-cup-demo.yaml", "spring-classic.yaml"])
def test_shipped_examples_are_valid(name: str) -> None:
    tournament = load_tournament(EXAMPLES / name)
    assert tournament.teams


def test_the_demo_is_one_u12_boys_group_of_four_on_two_9v9_fields_in_one_day() -> None:
    demo = load_tournament(EXAMPLES / "alliance-cup-demo.yaml")
    (division,) = demo.divisions
    assert (division.name, len(division.groups), len(division.groups[0].team_ids)) == (
        "U12 Boys",
        1,
        4,
    )
    assert [f.size for f in demo.fields] == ["9v9", "9v9"] and len(demo.days) == 1
