"""`touchline standings compute`: offline tables from a CSV or the project's own events."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from schemas.codec import encode
from touchline.cli import app
from workloads import factories

RUNNER = CliRunner()
THREE_WAY = """group,home,away,home_goals,away_goals,home_yellow
Group A,Coral Springs,Weston FC,1,0,
Group A,Coral Springs,Boca Juniors,0,1,2
Group A,Weston FC,Boca Juniors,1,0,
"""
"""Each team won once 1-0 and lost once 0-1; Coral Springs had two players cautioned."""


def run(tmp_path: Path, text: str, *options: str, name: str = "results.csv"):
    path = tmp_path / name
    path.write_text(text)
    return RUNNER.invoke(app, ["standings", "compute", "--input", str(path), *options])


def test_json_output_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    """Alliance Cup: three teams level on everything, so kicks are needed: all share rank 1."""
    result = run(tmp_path, THREE_WAY, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert list(document) == ["groups", "divisions"]
    [group] = document["groups"]
    assert list(group) == ["group", "table", "unresolved", "complete"]
    assert group["group"] == "Group A"
    assert list(group["table"][0]) == [
        "rank", "team", "played", "won", "drawn", "lost",
        "goals_for", "goals_against", "points", "decided_by", "forfeited", "disqualified",
    ]  # fmt: skip
    assert group["table"][0] | {"team": "?"} == {
        "rank": 1, "team": "?", "played": 2, "won": 1, "drawn": 0, "lost": 1,
        "goals_for": 1, "goals_against": 1, "points": 3, "decided_by": None,
        "forfeited": False, "disqualified": False,
    }  # fmt: skip
    assert group["unresolved"] == [["Coral Springs", "Weston FC", "Boca Juniors"]]
    assert group["complete"] is True
    assert document["divisions"] == [
        {"division": "offline", "division_winners": [], "wild_cards": [], "seeds": [],
         "bracket": []}
    ]  # fmt: skip


def test_the_fifa_profile_reads_the_card_columns_as_fair_play_points(tmp_path: Path) -> None:
    """FIFA art. 32.5 g): Coral Springs' two cautions (-2) put it third; the other two still
    need the drawing of lots."""
    result = run(tmp_path, THREE_WAY, "--format", "json", "--rules", "fifa-world-cup-2018")
    [group] = json.loads(result.output)["groups"]
    assert [(r["rank"], r["team"], r["decided_by"]) for r in group["table"]] == [
        (1, "Weston FC", None),
        (1, "Boca Juniors", None),
        (3, "Coral Springs", "fair-play points"),
    ]
    assert group["unresolved"] == [["Weston FC", "Boca Juniors"]]


def test_a_send_off_for_a_second_caution_costs_more_than_two_separate_cautions(
    tmp_path: Path,
) -> None:
    """FIFA: indirect red -3 against two first yellows -2 (`yellow_red` vs `yellow`)."""
    text = (
        "group,home,away,home_goals,away_goals,home_yellow,away_yellow,home_yellow_red\n"
        "A,North,South,1,1,0,2,1\n"
    )
    result = run(tmp_path, text, "--format", "json", "--rules", "fifa-world-cup-2018")
    [group] = json.loads(result.output)["groups"]
    assert [(r["team"], r["decided_by"]) for r in group["table"]] == [
        ("South", "fair-play points"),
        ("North", "fair-play points"),
    ]


def test_the_uefa_ranking_option_breaks_a_tie_nothing_else_can(tmp_path: Path) -> None:
    """UEFA art. 20.01 j): the European Qualifiers ranking is input, not derived. North and
    South drew in the first round (so no last-round kicks) and both lost 0-1 to East."""
    text = (
        "group,home,away,home_goals,away_goals\n"
        "A,North,South,1,1\nA,North,East,0,1\nA,South,East,0,1\n"
    )
    waiting = run(tmp_path, text, "--format", "json", "--rules", "uefa-euro-2024")
    assert json.loads(waiting.output)["groups"][0]["unresolved"] == [["North", "South"]]
    ranked = run(
        tmp_path, text, "--format", "json", "--rules", "uefa-euro-2024", "--ranking", "South,North"
    )
    [group] = json.loads(ranked.output)["groups"]
    assert [r["team"] for r in group["table"]] == ["East", "South", "North"]
    assert group["table"][1]["decided_by"] == "European Qualifiers overall ranking"


def test_the_default_format_is_a_readable_table(tmp_path: Path) -> None:
    """Issue: "the default format is a readable table"."""
    result = run(tmp_path, "group,home,away,home_goals,away_goals\nA,North,South,3,1\n")
    assert result.exit_code == 0
    assert "North" in result.output and "Decided by" in result.output
    lines = [line for line in result.output.splitlines() if "North" in line or "South" in line]
    assert "North" in lines[0] and "points" in lines[0] and "South" in lines[1]


def test_bad_csv_rows_get_errors_naming_the_row_and_column(tmp_path: Path) -> None:
    """Rows are numbered as a spreadsheet shows them (the header is row 1); every bad row is
    reported, not only the first."""
    text = (
        "group,home,away,home_goals,away_goals,home_red\n"
        "A,North,South,1,x,\n"
        "A,North,North,1,0,\n"
        "B,North,East,1,0,-1\n"
        ",West,East,1,0,\n"
    )
    result = run(tmp_path, text)
    assert result.exit_code == 2
    assert "row 2: away_goals: 'x' is not a whole number from 0 to 99" in result.output
    assert "row 3: away: 'North' cannot play itself" in result.output
    assert "row 4: home_red: '-1' is not a whole number" in result.output
    assert "row 5: group: empty" in result.output


def test_a_team_in_two_groups_and_a_bad_header_are_reported(tmp_path: Path) -> None:
    """A team plays in one group; the header must have the documented columns only."""
    moved = "group,home,away,home_goals,away_goals\nA,North,South,1,0\nB,North,East,1,0\n"
    assert "row 3: home: 'North' is in group 'A', not 'B'" in run(tmp_path, moved).output
    header = run(tmp_path, "group,home,guest,home_goals,away_goals,corners\n")
    assert "row 1: header: missing column 'away'" in header.output
    assert "row 1: header: unknown column 'corners'" in header.output


def test_an_unknown_profile_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    """A usage error (exit 2) that lists the profiles."""
    result = run(tmp_path, THREE_WAY, "--rules", "world-cup-1930")
    assert result.exit_code == 2
    assert "alliance-cup-2020" in result.output


def test_json_lines_of_the_projects_own_events_are_computed_under_the_divisions_rules(
    tmp_path: Path,
) -> None:
    """The schedule defines the group; T1 beat T2 and T3 forfeited to T1 (4-0)."""
    definition = factories.division(groups={"A": ["T1", "T2", "T3"]})
    games = factories.round_robin(definition)  # A1 T1-T2, A2 T1-T3, A3 T2-T3
    events = [
        definition,
        *(factories.scheduled(game) for game in games.values()),
        factories.score(games["A1"], 2, 1),
        factories.forfeit(games["A2"], "T3"),
        factories.score(games["A3"], 0, 0),
    ]
    text = "\n".join(encode(event).decode() for event in events) + "\n"
    result = run(tmp_path, text, "--format", "json", name="events.jsonl")
    assert result.exit_code == 0, result.output
    [group] = json.loads(result.output)["groups"]
    assert [(r["team"], r["points"], r["goals_for"]) for r in group["table"]] == [
        ("T1", 6, 6),
        ("T2", 1, 1),
        ("T3", 1, 0),
    ]


def test_bad_json_lines_get_errors_naming_the_line_and_field(tmp_path: Path) -> None:
    """The same field-level explanations as the HTTP gateway, with the line number."""
    definition = factories.division()
    text = "\n".join(
        [
            encode(definition).decode(),
            "{not json",
            json.dumps({"type": "score.reported", "division_id": "U12B"}),
        ]
    )
    result = run(tmp_path, text, name="events.jsonl")
    assert result.exit_code == 2
    assert ":2: not valid JSON" in result.output
    assert ":3: event_id: Field required" in result.output


def test_a_ranking_naming_an_unknown_team_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    """Typos in --ranking would silently leave a tie unresolved: they are refused instead."""
    result = run(tmp_path, THREE_WAY, "--rules", "uefa-euro-2024", "--ranking", "Weston FC,Miami")
    assert result.exit_code == 2
    assert "unknown team(s) 'Miami'" in result.output
    missing = RUNNER.invoke(app, ["standings", "compute", "--input", str(tmp_path / "nowhere.csv")])
    assert missing.exit_code == 2
    assert "cannot read the file" in missing.output


def test_json_lines_show_what_the_live_system_shows_rulings_and_events_that_cannot_count(
    tmp_path: Path,
) -> None:
    """Rulebook: a disqualified team's "remaining games are forfeits"; the mercy rule needs
    "an 8-goal differential". A committee ruling counts offline as it does live (discipline
    derives the disqualification and its forfeits), the JSON carries the winners, flags and
    `complete` the live snapshot does, and each event that cannot count is named with its
    line and the reason instead of being dropped silently."""
    definition = factories.division(
        groups={"A": ["T1", "T2", "T3"]}, playoff={"format": "division_winners", "qualifiers": 1}
    )
    games = factories.round_robin(definition)  # A1 T1-T2, A2 T1-T3, A3 T2-T3
    events = [
        definition,
        *(factories.scheduled(game) for game in games.values()),
        factories.score(games["A1"], 2, 1),
        factories.terminated(games["A2"], "mercy", 5, 0),
        factories.disqualification("U12B", "T3"),
    ]
    text = "\n".join(encode(event).decode() for event in events) + "\n"
    result = run(tmp_path, text, "--format", "json", name="events.jsonl")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [group] = document["groups"]
    assert [
        (r["team"], r["points"], r["forfeited"], r["disqualified"]) for r in group["table"]
    ] == [
        ("T1", 6, False, False),
        ("T2", 3, False, False),
        ("T3", 0, True, True),
    ]
    assert group["complete"] is True
    assert document["divisions"][0]["division_winners"] == ["T1"]
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'events.jsonl'}: line 6: home_goals/away_goals: the mercy rule needs an "
        "8-goal margin; it does not count"
    ]
