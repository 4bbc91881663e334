"""`touchline roster check FILE`: a roster CSV is read and every problem listed with its row."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from services.discipline.roster_csv import read_roster_csv
from services.input_problem import InputProblem
from touchline.cli import app

HEADER = "team_id,team_name,age_group,club,role,person_id,name,birth_date,shirt_number,guest\n"
GOOD = HEADER + (
    "T1,Hawks,U12,Hawks SC,coach,C1,Alex Moreno,,,\n"
    "T1,Hawks,U12,Hawks SC,player,P1,Sam Rivera,2008-04-02,7,no\n"
    "T1,Hawks,U12,Hawks SC,player,P2,Kim Lee,2010-01-30,8,yes\n"
    "T2,Owls,U12,Owls FC,player,P3,Jo Park,2009-09-09,7,\n"
)
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def run(tmp_path: Path, text: str, *options: str) -> tuple[int, list[str]]:
    path = tmp_path / "rosters.csv"
    path.write_text(text)
    result = CliRunner().invoke(app, ["roster", "check", str(path), "--season", "2020", *options])
    return result.exit_code, result.output.replace(str(path), "FILE").splitlines()


def test_a_good_file_makes_one_roster_per_team() -> None:
    """Rulebook: a roster lists "each player, including their date of birth"."""
    parsed = read_roster_csv(GOOD, "cup", NOW, file="rosters.csv")
    assert parsed.problems == []
    hawks, owls = parsed.rosters
    assert (hawks.team_id, hawks.team_name, hawks.age_group, hawks.club) == (
        "T1",
        "Hawks",
        "U12",
        "Hawks SC",
    )
    assert [(p.person_id, p.shirt_number, p.guest) for p in hawks.players] == [
        ("P1", 7, False),
        ("P2", 8, True),
    ]
    assert [(s.person_id, s.role) for s in hawks.staff] == [("C1", "coach")]
    assert [p.person_id for p in owls.players] == ["P3"]
    assert parsed.rows[("T1", "P2")] == 4


def test_the_check_command_passes_a_good_file(tmp_path: Path) -> None:
    """Rulebook: rosters are checked "at registration"."""
    assert run(tmp_path, GOOD) == (0, ["2 team(s), 3 player(s): no problems"])


def test_the_check_command_lists_every_problem_with_its_row(tmp_path: Path) -> None:
    """Rulebook: U-12 is born 2008 or later; "Players may not be listed on more than one
    tournament roster"; 9U-14U may "roster up 2 years"."""
    text = GOOD + (
        "T2,Owls,U12,Owls FC,player,P4,Old Timer,2007-01-01,9,\n"
        "T2,Owls,U12,Owls FC,player,P1,Sam Rivera,2008-04-02,10,\n"
        "T2,Owls,U12,Owls FC,player,P5,Tiny Tot,2011-03-03,11,\n"
    )
    code, lines = run(tmp_path, text)
    assert code == 1
    assert lines == [
        "FILE:row 6: team T2, person P4: born 2007, age group U13 in season 2020: too old for U12",
        "FILE:row 8: team T2, person P5: born 2011, age group U9 in season 2020: may play up "
        "2 year(s), to U11, not U12",
        "FILE:row 7: team T2, person P1: also on the roster of team T1: a player may be on one "
        "tournament roster only, and the second team they play for fields an ineligible player",
        "2 team(s), 6 player(s): 3 problem(s)",
    ]


def test_malformed_rows_are_named_by_row_and_column_and_the_rest_still_checked(
    tmp_path: Path,
) -> None:
    """Rulebook: each player's "date of birth" must be evidenced; a row without a usable one
    cannot be checked and is reported, not skipped."""
    text = HEADER + (
        "T1,Hawks,U12,Hawks SC,player,P1,Sam Rivera,02/04/2008,7,\n"
        "T1,Hawks,U12,Hawks SC,player,P2,Kim Lee,2008-01-30,seven,\n"
        "T1,Hawks,U12,Hawks SC,parent,P3,Pat Lee,,,\n"
        "T1,Hawks,U12,Hawks SC,player,P4,Jo Park,2008-01-30,8,maybe\n"
        "T1,Hawks,U13,Hawks SC,player,P6,Al Bo,2008-01-30,9,\n"
        "T1,Hawks,U12,Hawks SC,player,bad id!,Al Bo,2008-01-30,9,\n"
        "T1,Hawks,U12,Hawks SC,player,P5,Ok Player,2008-01-30,12,\n"
    )
    code, lines = run(tmp_path, text)
    assert code == 1
    assert lines[:-1] == [
        "FILE:row 2: birth_date: '02/04/2008' is not a date written YYYY-MM-DD",
        "FILE:row 3: shirt_number: 'seven' is not a number",
        "FILE:row 4: role: 'parent' is not player, coach or official",
        "FILE:row 5: guest: 'maybe' is not yes or no",
        "FILE:row 6: age_group: 'U13', but team T1 is 'U12' on row 2",
        "FILE:row 7: person_id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'",
    ]
    assert lines[-1] == "1 team(s), 2 player(s): 6 problem(s)"


def test_a_file_without_the_required_columns_says_which_are_missing() -> None:
    """Rulebook: the roster must list "each player, including their date of birth"; a file
    without the identifying columns cannot be read at all."""
    parsed = read_roster_csv("team,name\nT1,Sam\n", "cup", NOW, file="rosters.csv")
    assert parsed.problems == [
        InputProblem(
            "rosters.csv", "header", "missing column(s): team_id, age_group, role, person_id", row=1
        ),
        InputProblem("rosters.csv", "header", "unknown column(s): team", row=1),
    ]
    assert parsed.rosters == []


def test_a_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    """A missing roster file is an input error reported by name (exit 2)."""
    result = CliRunner().invoke(
        app, ["roster", "check", str(tmp_path / "none.csv"), "--season", "2020"]
    )
    assert result.exit_code == 2
    assert "none.csv: no such file" in result.output


def test_the_u11_u12_guest_limit_is_an_option(tmp_path: Path) -> None:
    """DESIGN: guest players for U11-U12 "default 5, configurable" (the rule text says 6)."""
    guests = "".join(
        f"T1,Hawks,U12,Hawks SC,player,G{n},Guest {n},2008-01-01,{n},yes\n" for n in range(1, 7)
    )
    code, lines = run(tmp_path, HEADER + guests)
    assert (code, lines[0]) == (
        1,
        "FILE:row 2: team T1: 6 guest players (G1, G2, G3, G4, G5, G6); U12 allows 5",
    )
    assert run(tmp_path, HEADER + guests, "--guests-u11-u12", "6")[0] == 0
