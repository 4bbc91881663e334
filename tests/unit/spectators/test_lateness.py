"""Fields running late: the estimate, its clearing, and the notices."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from schemas.field_notice import FieldOnTime, FieldRunningLate
from schemas.schedule import GameSlot
from services.spectators.fields import field_lines
from services.spectators.games import GameState
from services.spectators.lateness import after, announcements, field_delays
from workloads import factories

GAMES = factories.round_robin(factories.division())  # A1..A6 an hour apart on F1, 60 min
A1, A2 = GAMES["A1"], GAMES["A2"]
MINUTE = timedelta(minutes=1)


def kicked_off(game: GameSlot, minutes_late: int, status: str = "live") -> GameState:
    return GameState(
        game.game_id, status, 0, 0, 1, kicked_off_at=game.start + minutes_late * MINUTE
    )  # type: ignore[arg-type]


def test_a_game_that_kicks_off_more_than_ten_minutes_late_makes_its_field_late() -> None:
    """Issue: 'more than N minutes (default 10) after its scheduled start'."""
    states = {"A1": kicked_off(A1, 11)}
    [delay] = field_delays(GAMES.values(), states, A1.start + 20 * MINUTE).values()
    assert (delay.field_id, delay.game_id, delay.minutes) == ("F1", "A1", 11)
    assert field_delays(GAMES.values(), {"A1": kicked_off(A1, 10)}, A1.start + 20 * MINUTE) == {}


def test_a_game_not_kicked_off_is_late_by_the_time_since_its_start() -> None:
    delays = field_delays(GAMES.values(), {}, A1.start + 25 * MINUTE)
    assert delays["F1"].minutes == 25


def test_a_game_still_played_past_its_end_keeps_the_next_one_waiting() -> None:
    states = {"A1": kicked_off(A1, 0)}
    assert field_delays(GAMES.values(), states, A1.end + 12 * MINUTE)["F1"].minutes == 12


def test_a_field_not_reporting_for_hours_is_not_shown_as_hours_late() -> None:
    assert field_delays(GAMES.values(), {}, A1.start + timedelta(hours=4)) == {}


def test_the_delay_clears_when_the_next_game_kicks_off_on_time() -> None:
    late = {"A1": kicked_off(A1, 30)}
    assert "F1" in field_delays(GAMES.values(), late, A1.start + 40 * MINUTE)
    over = {"A1": kicked_off(A1, 30, "final"), "A2": kicked_off(A2, 5)}
    assert field_delays(GAMES.values(), over, A2.start + 10 * MINUTE) == {}


@given(
    late=st.integers(0, 120),
    gap=st.integers(0, 180),
    wait=st.integers(0, 60),
)
def test_a_delay_clears_once_the_field_catches_up(late: int, gap: int, wait: int) -> None:
    """Whatever the first game's delay, once it is over and the next game kicks off within
    the threshold (or its start has not come yet), the field is not late."""
    states = {"A1": kicked_off(A1, late, "final")}
    now = A1.end + gap * MINUTE
    if now <= A2.start:
        assert field_delays(GAMES.values(), states, now) == {}
    states["A2"] = kicked_off(A2, min(wait, 10))
    during = A2.start + (min(wait, 10) + gap % 60) * MINUTE  # while A2 is being played
    assert field_delays(GAMES.values(), states, during) == {}


@given(st.integers(0, 170), st.integers(0, 60))
def test_waiting_longer_for_a_kick_off_never_shrinks_the_delay(first: int, more: int) -> None:
    earlier = field_delays(GAMES.values(), {}, A1.start + first * MINUTE)
    later = field_delays(GAMES.values(), {}, A1.start + (first + more) * MINUTE)
    if "F1" in earlier and first + more <= 180:
        assert later["F1"].minutes >= earlier["F1"].minutes


def test_notices_say_late_once_again_when_the_estimate_moves_and_on_time_when_it_clears() -> None:
    now = A1.start + 20 * MINUTE
    late = field_delays(GAMES.values(), {}, now)
    [first] = announcements("cup", {}, late, now)
    assert isinstance(first, FieldRunningLate) and first.delay_minutes == 20
    announced = after({}, [first])
    assert (
        announcements("cup", announced, field_delays(GAMES.values(), {}, now + MINUTE), now) == []
    )
    moved = field_delays(GAMES.values(), {}, now + 5 * MINUTE)
    [update] = announcements("cup", announced, moved, now)
    assert update.delay_minutes == 25  # type: ignore[union-attr]
    [cleared] = announcements("cup", after(announced, [update]), {}, now)
    assert isinstance(cleared, FieldOnTime) and cleared.field_id == "F1"
    assert announcements("cup", {}, late, now)[0].event_id == first.event_id  # same content


def test_a_field_line_shows_the_game_being_played_and_the_next() -> None:
    states = {"A1": kicked_off(A1, 0)}
    [line] = field_lines(GAMES.values(), states, {})
    assert (line.playing.game_id, line.next_up.game_id) == ("A1", "A2")  # type: ignore[union-attr]
    [waiting] = field_lines(GAMES.values(), {}, {})
    assert waiting.playing is None and waiting.next_up.game_id == "A1"  # type: ignore[union-attr]


def test_a_final_whistle_never_reported_is_no_delay_of_days() -> None:
    states = {"A1": kicked_off(A1, 0)}
    assert field_delays(GAMES.values(), states, A1.end + timedelta(days=11)) == {}
    assert field_delays(GAMES.values(), states, A1.end + timedelta(hours=2))["F1"].minutes == 120


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_every_estimate_fits_a_notice(kick_off: int, now: int) -> None:
    """Whatever the clock and the reported kick-off, the announced delay is a valid event."""
    states = {"A1": kicked_off(A1, kick_off)}
    delays = field_delays(GAMES.values(), states, A1.start + now * MINUTE)
    announcements("cup", {}, delays, A1.start)  # validates each notice
