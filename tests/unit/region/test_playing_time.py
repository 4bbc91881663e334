"""Playing time: minutes from stints and quarters, the three-quarters rule and a region's
half, the reports, and the game cards' problems.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from services.region.playing_time.cards import Appearance
from services.region.playing_time.minutes import (
    THREE_QUARTERS,
    Stint,
    can_still_make_it,
    played,
    quarter,
    required,
)
from services.region.playing_time.report import season, shortfalls
from touchline.cli import app

RUNNER = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def appearance(player: str, *quarters: int, attended: bool = True, game: str = "G1") -> Appearance:
    stints = tuple(quarter(n, 48) for n in quarters)
    return Appearance(game, date(2026, 9, 12), "T1", 48, player, attended, stints, 2)


def test_every_attending_player_plays_three_quarters_of_the_game() -> None:
    """Seed 002: "all players, regardless of practice attendance, are still required to play
    ¾ of every game they attend." Three quarters of four is enough, two is not."""
    cards = [appearance("p1", 1, 2, 3), appearance("p2", 2, 4), appearance("p3", 1, 2, 3, 4)]
    (short,) = shortfalls(cards, THREE_QUARTERS)
    assert (short.appearance.player, short.played, short.required) == ("p2", 24, 36)
    assert "p2 played 24 of the 36 minutes required (48-minute game)" in str(short)


def test_a_player_who_did_not_attend_is_not_short() -> None:
    """Seed 002: the rule is for "every game they attend"."""
    assert shortfalls([appearance("p1", attended=False)], THREE_QUARTERS) == []


def test_a_region_may_require_half_instead() -> None:
    """Issue 18: "configurable: some regions say half"."""
    cards = [appearance("p1", 2, 4)]
    assert shortfalls(cards, Fraction(1, 2)) == []
    assert len(shortfalls(cards, THREE_QUARTERS)) == 1


def test_three_of_four_quarters_of_an_odd_length_game_are_enough() -> None:
    """The share is exact: 37.5 of a 50-minute game, three quarters of it, is not short."""
    assert played([quarter(n, 50) for n in (1, 2, 3)], 50) == required(50) == Fraction(75, 2)


def test_the_season_report_counts_each_players_games_short() -> None:
    """The per-season report: games attended and games short, most short first."""
    cards = [
        appearance("p1", 1, game="G1"),
        appearance("p1", 1, 2, 3, game="G2"),
        appearance("p2", 1, 2, game="G1"),
        appearance("p2", 1, game="G2"),
        appearance("p3", 1, 2, 3, game="G1"),
    ]
    lines = season(cards, THREE_QUARTERS)
    assert [(line.player, line.attended, len(line.short)) for line in lines] == [
        ("p2", 2, 2),
        ("p1", 2, 1),
    ]
    assert lines[0].minutes_short == 12 + 24


def test_a_warning_comes_while_the_shortfall_can_still_be_fixed() -> None:
    """Issue 18: warn "while it can still be fixed": ten minutes played at minute 30 of 48
    can still reach 36 by playing the rest; five cannot."""
    assert can_still_make_it(Fraction(18), Fraction(30), 48)
    assert not can_still_make_it(Fraction(17), Fraction(30), 48)


stints = st.lists(
    st.tuples(st.integers(-5, 60), st.integers(1, 30)).map(
        lambda t: Stint(Fraction(t[0]), Fraction(t[0] + t[1]))
    ),
    max_size=8,
)


@given(stints, st.integers(1, 60))
def test_minutes_played_count_each_minute_of_the_game_once(found: list[Stint], length: int) -> None:
    """Overlapping or repeated stints count once, nothing outside the game counts: the same
    as counting the covered minutes one by one."""
    covered = {m for s in found for m in range(int(s.on), int(s.off)) if 0 <= m < length}
    assert played(found, length) == len(covered)
    assert played(found + found, length) == played(found, length)


def test_the_sample_cards_report_their_shortfalls() -> None:
    """The sample: one player short in both games, one in the second."""
    result = RUNNER.invoke(
        app, ["playing-time", "report", "--cards", str(EXAMPLES / "region-game-cards.csv")]
    )
    assert result.exit_code == 0, result.output
    assert "of the game; 3 shortfalls." in result.output
    assert "10ug-05 (10UG-1): short in 2 of 2 games attended, 25 minutes in all" in result.output
    assert "G02 10UG-1: 10ug-09 played 30 of the 37.5 minutes required" in result.output


def test_bad_cards_are_reported_with_their_row_and_column(tmp_path: Path) -> None:
    """Each problem names the file, the spreadsheet row and the column."""
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "game,date,team,game_minutes,player,attended,played\n"
        "G1,2026-09-12,T1,50,p1,yes,Q1;Q5\n"
        "G1,2026-09-12,T1,40,p2,yes,Q1\n"
        "G1,2026-09-12,T1,50,p3,no,Q1\n"
        "G1,2026-09-12,T1,50,p4,maybe,\n"
        "G1,2026-09-12,T1,50,p5,yes,30-20\n"
        "G1,2026-09-12,T1,50,p5,yes,Q1\n"
        "G2,2026-09-12,T1,0,p1,yes,\n"
    )
    result = RUNNER.invoke(app, ["playing-time", "report", "--cards", str(cards)])
    assert result.exit_code == 1
    for expected in (
        "cards.csv:row 2: played: 'Q5' is neither a quarter (Q1-Q4) nor minutes on-off",
        "cards.csv:row 3: game_minutes: differs from row 2 for game G1",
        "cards.csv:row 4: played: a player who did not attend cannot have played",
        "cards.csv:row 5: attended: 'maybe' is neither yes nor no",
        "cards.csv:row 6: played: '30-20' is neither",
        "cards.csv:row 7: player: p5 is already on row 6 for this game",
        "cards.csv:row 8: game_minutes: '0' is not a whole number of minutes (1-200)",
    ):
        assert expected in result.output


def test_a_share_outside_zero_to_one_is_refused() -> None:
    cards = str(EXAMPLES / "region-game-cards.csv")
    result = RUNNER.invoke(app, ["playing-time", "report", "--cards", cards, "--share", "5/4"])
    assert result.exit_code == 2 and "'5/4' is not a share between 0 and 1" in result.output
