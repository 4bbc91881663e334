"""The independent checker: one test per hard rule of issue 17, each naming who, which game
and why."""

from __future__ import annotations

from services.referees.checker import check
from services.scheduler.tournament import Window
from tests.unit.referees.cases import game, problem, referee

TWO = (("center", "advanced"), ("ar1", "regional"))


def kinds(found: list) -> list[str]:
    return [v.kind for v in found]


def test_a_valid_assignment_has_no_violation() -> None:
    """Issue 17: "every position filled by an eligible referee"; the checker finds nothing."""
    case = problem(
        [game("g1", "09:00", "10:00", positions=TWO)], [referee("ann", "advanced"), referee("bob")]
    )
    assert check(case, {("g1", "center"): "ann", ("g1", "ar1"): "bob"}) == []


def test_a_referee_below_the_positions_grade_is_flagged() -> None:
    """Issue 17: "the minimum grade per position"."""
    case = problem([game("g1", "09:00", "10:00", positions=TWO)], [referee("bob")])
    (found,) = check(case, {("g1", "center"): "bob"})
    assert (found.kind, found.referee, found.game, found.position) == (
        "grade",
        "bob",
        "g1",
        "center",
    )
    assert "needs advanced+" in found.why


def test_a_referee_too_young_for_the_age_group_is_flagged() -> None:
    """Issue 17: "a referee at least N years older than the players (configurable)": a U16
    player may be 15, so with a gap of 2 a 16-year-old may not referee U16."""
    case = problem([game("g1", "09:00", "10:00", age=16)], [referee("kid", born=2011)])
    (found,) = check(case, {("g1", "center"): "kid"})
    assert found.kind == "age" and "16 years old" in found.why and "17+" in found.why


def test_a_game_outside_the_referees_availability_is_flagged() -> None:
    """Issue 17: "availability windows per day"."""
    morning = {"sat": (Window(8 * 60, 12 * 60),)}
    case = problem([game("g1", "11:30", "12:30")], [referee("ann", available=morning)])
    assert kinds(check(case, {("g1", "center"): "ann"})) == ["unavailable"]


def test_a_venue_the_referee_cannot_reach_is_flagged() -> None:
    """Issue 17: "venues they can reach"."""
    case = problem(
        [game("g1", "09:00", "10:00", venue="south")], [referee("ann", venues=frozenset({"north"}))]
    )
    assert kinds(check(case, {("g1", "center"): "ann"})) == ["venue"]


def test_a_coach_refereeing_their_own_teams_game_is_flagged() -> None:
    """Issue 17: "never a game of a team the referee is tied to"."""
    case = problem(
        [game("g1", "09:00", "10:00", teams=("a", "b"))], [referee("coach", teams=frozenset({"a"}))]
    )
    (found,) = check(case, {("g1", "center"): "coach"})
    assert found.kind == "tied" and "team a" in found.why


def test_refereeing_while_due_with_ones_own_team_is_flagged() -> None:
    """Issue 17: "never at a time they must be with their own team": team a kicks off at
    10:00 at South, the coach must be there from 09:30, and North is 30 minutes away, so a
    North game ending 09:10 is too late."""
    games = [
        game("own", "10:00", "11:00", venue="south", teams=("a", "c")),
        game("g1", "08:10", "09:10", teams=("x", "y")),
    ]
    case = problem(games, [referee("coach", teams=frozenset({"a"}))])
    (found,) = check(case, {("g1", "center"): "coach"})
    assert found.kind == "with_team" and "from 09:30" in found.why


def test_two_games_at_once_or_without_the_drive_are_flagged() -> None:
    """Issue 17: "no referee in two games at once, with rest and the drive between venues":
    North ends 10:00, South kicks off 10:30, but 10 rest + 30 drive make 10:40 (10:45 is
    fine after North, not during the 10:30 game)."""
    games = [
        game("g1", "09:00", "10:00"),
        game("g2", "10:30", "11:30", venue="south"),
        game("g3", "10:45", "11:45", venue="south"),
    ]
    case = problem(games, [referee("ann")])
    found = check(case, {("g1", "center"): "ann", ("g2", "center"): "ann", ("g3", "center"): "ann"})
    assert [(v.kind, v.game) for v in found] == [("overlap", "g2"), ("overlap", "g3")]
    assert "free from 10:40" in found[0].why


def test_two_positions_of_one_game_are_flagged() -> None:
    """Issue 17: "no referee in two games at once": nor in two positions of one."""
    case = problem([game("g1", "09:00", "10:00", positions=TWO)], [referee("ann", "advanced")])
    found = check(case, {("g1", "center"): "ann", ("g1", "ar1"): "ann"})
    assert kinds(found) == ["overlap"] and "already" in found[0].why


def test_more_games_than_the_daily_maximum_are_flagged() -> None:
    """Issue 17: "maximum games per day"."""
    games = [game(f"g{n}", f"{8 + 2 * n:02d}:00", f"{9 + 2 * n:02d}:00") for n in range(3)]
    case = problem(games, [referee("ann", max_games_per_day=2)])
    found = check(case, {(g.id, "center"): "ann" for g in games})
    assert kinds(found) == ["daily_max"] and "3 games on sat" in found[0].why


def test_unknown_referees_and_positions_are_flagged() -> None:
    """An assignment read back from a file may name what does not exist."""
    case = problem([game("g1", "09:00", "10:00")], [referee("ann")])
    found = check(case, {("g1", "ar1"): "ann", ("g1", "center"): "zed"})
    assert kinds(found) == ["unknown_seat", "unknown_referee"]
