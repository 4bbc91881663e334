"""Replan after a withdrawal or a moved game: the fewest changes, and who is affected."""

from __future__ import annotations

from services.referees.checker import check
from services.referees.duties import AssignmentProblem
from services.referees.replan import replan
from services.referees.solve import AssignmentOptions, assign
from tests.unit.referees.cases import game, problem, referee

QUICK = AssignmentOptions(time_limit=20)
GAMES = [
    game(f"g{h}", f"{h:02d}:00", f"{h:02d}:50", teams=(f"a{h}", f"b{h}")) for h in range(8, 14)
]


def test_a_withdrawal_changes_only_the_withdrawn_referees_positions() -> None:
    """Issue 17: "a withdrawal replan changes only what it must": ann's games go to the
    referee free then, every other position keeps its referee."""
    case = problem(GAMES, [referee("ann"), referee("bob"), referee("cy"), referee("dee")])
    current = assign(case, QUICK).assignment
    gone = {seat for seat, r in current.items() if r == "ann"}
    assert gone
    replanned = replan(case, current, QUICK, withdrawn=frozenset({"ann"}))
    after = replanned.result.assignment
    assert {change.seat for change in replanned.changes} == gone
    assert all(after.get(seat) == r for seat, r in current.items() if r != "ann")
    assert replanned.result.unfilled == {}
    assert "ann" in replanned.affected and "ann" not in after.values()
    assert (
        check(AssignmentProblem(case.tournament, case.matches, case.pool.without("ann")), after)
        == []
    )


def test_a_moved_game_changes_one_position_when_one_must_change() -> None:
    """Issue 17: "a game moves -> reassign with the fewest changes": g8 moves onto ann's
    09:00 game, bob is at his daily maximum; one position goes to cy, nothing else moves."""
    pool = [referee(r, max_games_per_day=3) for r in ("ann", "bob", "cy")]
    current = {(g.id, "center"): "ann" if n < 3 else "bob" for n, g in enumerate(GAMES)}
    moved = problem([game("g8", "09:00", "09:50", teams=("a8", "b8")), *GAMES[1:]], pool)
    replanned = replan(moved, current, QUICK)
    (change,) = replanned.changes
    assert change.before == "ann" and change.after == "cy"
    assert list(replanned.affected) == ["ann", "cy"]
    assert check(moved, replanned.result.assignment) == []
