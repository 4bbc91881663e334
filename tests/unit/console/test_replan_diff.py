"""A proposed replan as the director reads it: the games that move, and who is affected."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services.gateway.replan_diff import diff, newest_after, same_slot, stale
from services.scheduler.events import schedule_events
from services.scheduler.games import tournament_games
from services.scheduler.placement import Schedule
from services.scheduler.replan import replan
from services.scheduler.slots import Closure
from services.scheduler.tournament import Tournament, Window

Published = list[DivisionDefined | GameScheduled]


def by_game(events: Published) -> dict[str, GameSlot]:
    return {e.game.game_id: e.game for e in events if isinstance(e, GameScheduled)}


def divisions(events: Published) -> list[DivisionDefined]:
    return [e for e in events if isinstance(e, DivisionDefined)]


def test_the_diff_of_a_real_replan_lists_exactly_the_games_the_scheduler_moved(
    cup: tuple[Tournament, Schedule], published: Published
) -> None:
    """DESIGN, scheduling model: "Rescheduling keeps played games fixed and moves as few
    games as possible": the diff shows those moves, each from where and when to where and
    when, and the teams (and their coaches) whose day changes."""
    tournament, schedule = cup
    last = max(p.start for p in schedule.values() if p.day == "sat")
    window = Window(last - 20, last + 40)
    closed = [Closure("C1", "sat", window), Closure("C2", "sat", window)]
    first = min(p.start for p in schedule.values() if p.day == "sat")
    result = replan(tournament, schedule, closed, tournament.moment("sat", first + 5))
    assert result.moves, "the closures displace the day's last games"
    proposal = diff(
        by_game(published),
        by_game(schedule_events(tournament, result.schedule, tournament_id=tournament.id)),
        divisions(published),
    )
    assert [m.game_id for m in proposal.moves] == sorted(m.game for m in result.moves)
    shifts = {m.game: m.shift_minutes for m in result.moves}
    assert {m.game_id: m.shift_minutes for m in proposal.moves} == shifts
    names = {t.team_id: t.name for d in divisions(published) for t in d.teams}
    for move in proposal.moves:
        assert move.home == names[move.was.home_team_id]  # type: ignore[index]
        assert move.before.startswith(f"{move.was.start:%a %d %b %H:%M}")
        assert move.after.endswith(move.becomes.field_name)
        assert move.shift == f"+{move.shift_minutes} min"
    games = {g.id: g for g in tournament_games(tournament)}
    playing = {t for m in result.moves for t in (games[m.game].home, games[m.game].away) if t}
    assert {t.team_id for t in proposal.teams} == playing
    coaches = {c for t in tournament.teams if t.id in playing for c in t.coach_ids}
    assert set(proposal.coach_ids) == coaches
    assert proposal.summary.startswith(f"{len(result.moves)} games move; {len(playing)} teams")


def test_nothing_moved_is_said_in_words(published: Published) -> None:
    proposal = diff(by_game(published), by_game(published), divisions(published))
    assert proposal.moves == () and proposal.teams == ()
    assert proposal.summary == "No game moves: every game keeps its field and time."


def test_a_move_to_another_field_at_the_same_time_and_across_days_is_labelled(
    published: Published,
) -> None:
    games = by_game(published)
    [a, b] = list(games.values())[:2]
    later = b.start + timedelta(days=1, hours=1, minutes=30)
    moved = {
        a.game_id: a.model_copy(update={"field_id": "C9", "field_name": "Field 9"}),
        b.game_id: b.model_copy(update={"start": later, "end": later + (b.end - b.start)}),
    }
    proposal = diff(games, games | moved, divisions(published))
    shifts = {m.game_id: (m.shift, m.field_changes, m.day_changes) for m in proposal.moves}
    assert shifts == {
        a.game_id: ("same time", True, False),
        b.game_id: ("+25 h 30 min", False, True),
    }


def test_a_playoff_game_without_its_teams_yet_names_its_seats_and_affects_no_team(
    published: Published,
) -> None:
    games = by_game(published)
    final = next(g for g in games.values() if g.stage == "playoff" and g.home_team_id is None)
    later = final.start + timedelta(hours=1)
    moved = final.model_copy(update={"start": later, "end": final.end + timedelta(hours=1)})
    proposal = diff(games, games | {final.game_id: moved}, divisions(published))
    [move] = proposal.moves
    assert move.home == final.home_source.label  # type: ignore[union-attr]
    assert proposal.teams == ()
    assert proposal.summary == "1 game moves; 0 teams and 0 coaches are affected."


def test_a_proposal_is_stale_once_a_moved_game_was_published_elsewhere(
    published: Published,
) -> None:
    games = by_game(published)
    game = next(iter(games.values()))
    later = game.model_copy(
        update={"start": game.start + timedelta(hours=2), "end": game.end + timedelta(hours=2)}
    )
    proposal = diff(games, games | {game.game_id: later}, divisions(published))
    assert stale(proposal, games) == []
    assert stale(proposal, games | {game.game_id: later}) == [game.game_id]
    assert stale(proposal, {}) == [game.game_id]


ZONE = ZoneInfo("America/New_York")
STARTS = st.builds(
    lambda day, minute: (
        datetime(2026, 11, 21, 8, tzinfo=ZONE) + timedelta(days=day, minutes=minute)
    ),
    st.integers(0, 1),
    st.integers(0, 60 * 10).map(lambda m: m - m % 5),
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_game_is_in_the_diff_exactly_when_its_field_or_time_changed(
    published: Published, data: st.DataObject
) -> None:
    """Whatever changes: the moved games are those whose slot differs, each once; the teams
    affected are the known teams of those games; a diff against itself is empty."""
    games = by_game(published)
    proposed = {}
    for game_id, slot in games.items():
        change = data.draw(st.sampled_from(["keep", "field", "time", "republish"]), game_id)
        if change == "field":
            slot = slot.model_copy(update={"field_id": "C9" if slot.field_id != "C9" else "C1"})
        elif change == "time":
            start = data.draw(STARTS, f"{game_id} start")
            slot = slot.model_copy(update={"start": start, "end": start + (slot.end - slot.start)})
        proposed[game_id] = slot
    proposal = diff(games, proposed, divisions(published))
    changed = {g for g in games if not same_slot(games[g], proposed[g])}
    assert [m.game_id for m in proposal.moves] == sorted(
        changed, key=lambda g: (proposed[g].start, proposed[g].field_id, g)
    )
    known = {t for g in changed for t in (games[g].home_team_id, games[g].away_team_id) if t}
    assert {t.team_id for t in proposal.teams} == known
    assert diff(proposed, proposed, divisions(published)).moves == ()
    assert stale(proposal, games) == []


def test_a_replans_entries_are_newer_than_every_published_entry(published: Published) -> None:
    """The newest entry for a game is the one in force: a schedule published with its first
    kick-off as its time, days ahead, must still be replaced by a replan made before it."""
    entries = [e for e in published if isinstance(e, GameScheduled)]
    latest = max(e.occurred_at for e in entries)
    assert newest_after(latest + timedelta(hours=1), entries) == latest + timedelta(hours=1)
    assert newest_after(latest - timedelta(days=3), entries) == latest + timedelta(seconds=1)
    assert newest_after(latest, []) == latest
