"""A game's state as spectators see it, folded from the field's events."""

from __future__ import annotations

from datetime import timedelta
from random import Random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.spectators.games import GameFacts, GameState, GameStates, game_state, playing_minute
from services.standings.rules import compute_division
from workloads import factories

DIVISION = factories.division()
GAMES = factories.round_robin(DIVISION)
A1 = GAMES["A1"]


def live(home: int, away: int, sequence: int, minute: int, period: str | None = None) -> Any:
    return factories.score(
        A1,
        home,
        away,
        status="live",
        sequence=sequence,
        minute=minute,
        period=period,
        occurred_at=A1.start + timedelta(minutes=minute),
    )


def state_of(*events: Any, playoff: bool = False) -> GameState:
    board = GameStates()
    for event in events:
        board.add(event)
    return game_state(A1.game_id, board.facts.get(A1.game_id, GameFacts()), playoff)


def test_a_live_score_shows_the_minute_and_the_latest_sequence_wins() -> None:
    state = state_of(live(1, 0, 2, 20), live(0, 0, 1, 5))
    assert (state.status, state.home_goals, state.away_goals, state.minute) == ("live", 1, 0, 20)
    assert state.kicked_off_at == A1.start


def test_half_time_is_shown_from_the_report_at_the_break() -> None:
    assert state_of(live(0, 0, 1, 0), live(1, 1, 2, 25, "half_time")).status == "half_time"


def test_a_final_report_replaces_any_live_one_whatever_its_sequence() -> None:
    state = state_of(live(2, 2, 50, 49), factories.score(A1, 2, 1, sequence=3))
    assert (state.status, state.home_goals, state.away_goals) == ("final", 2, 1)


def test_a_forfeit_ends_the_game_whatever_else_was_posted() -> None:
    state = state_of(live(0, 3, 4, 30), factories.forfeit(A1, "T1"))
    assert state.status == "forfeit" and state.note == "forfeit"


def test_an_abandoned_game_shows_the_score_at_abandonment() -> None:
    state = state_of(live(1, 0, 1, 10), factories.abandoned(A1, "both", 2, 2))
    assert (state.status, state.home_goals, state.away_goals) == ("abandoned", 2, 2)


def test_a_drawn_playoff_game_awaits_its_shootout_then_shows_the_kicks() -> None:
    """Rulebook (DESIGN.md, Playoffs): a draw in a playoff game is settled by a posted
    shoot-out."""
    final = factories.score(A1, 1, 1)
    assert state_of(final, playoff=True).status == "awaiting_shootout"
    assert state_of(final, playoff=False).status == "final"
    settled = state_of(final, factories.shootout(A1, 4, 3), playoff=True)
    assert (settled.status, settled.home_kicks, settled.away_kicks) == ("final", 4, 3)


def test_a_committee_correction_gives_the_final_score() -> None:
    state = state_of(factories.score(A1, 1, 0), factories.corrected(A1, 0, 0))
    assert (state.home_goals, state.away_goals) == (0, 0)


def test_a_mercy_ending_is_final_with_a_note() -> None:
    state = state_of(live(9, 0, 9, 40), factories.terminated(A1, "mercy", 9, 0))
    assert state.status == "final" and state.note == "ended early (mercy)"


EVENTS = [
    live(0, 0, 1, 0),
    live(1, 0, 2, 12),
    live(1, 1, 3, 25, "half_time"),
    live(2, 1, 4, 40),
    factories.score(A1, 2, 1, sequence=5),
    factories.shootout(A1, 5, 4),
    factories.card(A1, "T1", "T1-P3", "yellow"),
]


@given(st.lists(st.sampled_from(EVENTS), min_size=1, max_size=20), st.randoms())
def test_any_order_and_repetition_of_the_events_gives_the_same_state(
    picked: list[Any], rng: Random
) -> None:
    shuffled = list(picked)
    rng.shuffle(shuffled)
    assert state_of(*picked, playoff=True) == state_of(*shuffled, playoff=True)
    assert state_of(*picked, *picked) == state_of(*picked)


@given(st.lists(st.sampled_from(EVENTS[:4]), max_size=8))
def test_a_live_score_never_changes_a_table(lives: list[Any]) -> None:
    """Live scores never change a table (DESIGN.md, the parts people touch): the standings
    of any live scores beside a result are those of the result alone."""
    final = factories.score(GAMES["A2"], 3, 0)
    with_lives = compute_division(DIVISION, GAMES, [final, *lives], 1)
    assert with_lives == compute_division(DIVISION, GAMES, [final], 1)


MINUTE = timedelta(minutes=1)


def test_the_minute_runs_on_between_reports_up_to_the_end_of_the_half() -> None:
    """The field app reports at kick-off, goals and the break: a page a quarter of an hour
    after a goal in the 10th minute shows 25', not 10', and stops at the half's end (25 for
    U12); the break does not run, and the second half runs to 50."""
    goal = state_of(live(0, 0, 1, 0, "first_half"), live(1, 0, 2, 10, "first_half"))
    at_goal = A1.start + 10 * MINUTE
    assert playing_minute(goal, at_goal + 15 * MINUTE + 59 * timedelta(seconds=1), 25).minute == 25
    assert playing_minute(goal, at_goal + 7 * MINUTE, 25).minute == 17
    assert playing_minute(goal, at_goal + 40 * MINUTE, 25).minute == 25
    assert playing_minute(goal, at_goal + 7 * MINUTE, 25).runs_to == 25
    brk = state_of(live(1, 0, 3, 25, "half_time"))
    assert playing_minute(brk, at_goal + 60 * MINUTE, 25).minute == 25
    second = state_of(live(1, 0, 4, 26, "second_half"))
    later = A1.start + 26 * MINUTE + 30 * MINUTE
    assert playing_minute(second, later, 25).minute == 50


def test_the_minute_stays_as_reported_where_it_cannot_run() -> None:
    """No half length, a report from a phone whose clock is ahead, stoppage time already
    past the half, a game over: the minute is the one reported (or none)."""
    goal = state_of(live(1, 0, 2, 10, "first_half"))
    at_goal = A1.start + 10 * MINUTE
    assert playing_minute(goal, at_goal + 5 * MINUTE, None).minute == 10
    assert playing_minute(goal, at_goal - 5 * MINUTE, 25).minute == 10
    stoppage = state_of(live(1, 0, 2, 27, "first_half"))
    assert playing_minute(stoppage, at_goal + 30 * MINUTE, 25).minute == 27
    final = state_of(live(1, 0, 2, 10), factories.score(A1, 1, 0, sequence=3))
    assert playing_minute(final, at_goal + 5 * MINUTE, 25).minute is None


@given(
    st.integers(0, 80),
    st.sampled_from([None, "first_half", "second_half"]),
    st.integers(-100, 200),
    st.integers(-100, 200),
    st.integers(15, 45),
)
def test_the_minute_never_goes_back_and_never_passes_its_half(
    minute: int, period: str | None, a: int, b: int, half: int
) -> None:
    """Property: a later moment never shows an earlier minute, and the minute never passes
    the end of the reported half unless the report itself did."""
    state = state_of(live(0, 0, 1, minute, period))
    reported = A1.start + minute * MINUTE
    early, late = sorted((a, b))
    first = playing_minute(state, reported + early * MINUTE, half).minute
    second = playing_minute(state, reported + late * MINUTE, half).minute
    assert first is not None and second is not None
    assert minute <= first <= second
    assert second <= max(minute, 2 * half)
    if period == "first_half":
        assert second <= max(minute, half)
