"""The standings are a function of the set of events, not of the order they arrived in.

Issue: "for any set of result events, posting them in any order, with any number of
duplicates, gives the same standings as posting each once in order." Field apps retry on bad
connections and Kafka redelivers, so this is what makes the live table trustworthy.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.match import MatchEvent
from schemas.schedule import PlayoffFormat
from services.standings.rules import compute_division
from workloads import factories

DEFINITION = factories.division(
    groups={"A": ["T1", "T2", "T3", "T4"], "B": ["T5", "T6", "T7", "T8"]},
    playoff=PlayoffFormat(format="division_winners", qualifiers=4),
)
GAMES = factories.round_robin(DEFINITION)
for _slot in (
    factories.playoff("SF1", factories.group_winner("A"), factories.wild_card(1)),
    factories.playoff("SF2", factories.group_winner("B"), factories.wild_card(2)),
    factories.playoff("F", factories.winner_of("SF1"), factories.winner_of("SF2")),
):
    GAMES[_slot.game_id] = _slot
TEAMS = {game.game_id: (game.home_team_id, game.away_team_id) for game in GAMES.values()}
GROUP_OF = {team: g.group_id for g in DEFINITION.groups for team in g.team_ids}
ALL_TEAMS = sorted(GROUP_OF)

goals = st.integers(0, 10)
# Few distinct times, so equal times (settled by event id) happen often.
moments = st.integers(0, 1).map(lambda m: {"occurred_at": factories.KICKOFF + timedelta(minutes=m)})


@st.composite
def match_event(draw: st.DrawFn, game_id: str) -> MatchEvent:
    """One result-relevant event about a game of the division (or the whole division)."""
    game = GAMES[game_id]
    home, away = TEAMS[game_id]
    team = draw(st.sampled_from([t for t in (home, away) if t] or ["T1"]))
    when = draw(moments)
    kind = draw(st.sampled_from(range(10)))
    if kind <= 2:
        status = draw(st.sampled_from(["final", "final", "live"]))
        sequence = draw(st.integers(0, 3))
        return factories.score(
            game, draw(goals), draw(goals), status=status, sequence=sequence, **when
        )
    if kind == 3:
        kept = draw(st.booleans())
        score = {"home_goals": draw(goals), "away_goals": draw(goals)} if kept else {}
        return factories.forfeit(game, team, **score, **when)
    if kind == 4:
        fault = draw(st.sampled_from(["home", "away", "both", "neither"]))
        return factories.abandoned(game, fault, draw(goals), draw(goals), **when)
    if kind == 5:
        reason = draw(st.sampled_from(["mercy", "weather"]))
        return factories.terminated(game, reason, draw(goals), draw(goals), minute=40, **when)
    if kind == 6:
        return factories.corrected(game, draw(goals), draw(goals), **when)
    if kind == 7:
        home_kicks = draw(st.integers(1, 6))
        return factories.shootout(
            game, home_kicks, home_kicks + draw(st.sampled_from([-1, 1])), **when
        )
    if kind == 8:
        return factories.card(
            game,
            team,
            draw(st.sampled_from(["p1", "p2"])),
            draw(st.sampled_from(["yellow", "second_yellow", "red"])),
            **when,
        )
    if draw(st.booleans()):
        return factories.disqualified(draw(st.sampled_from(ALL_TEAMS)), **when)
    group = draw(st.sampled_from(["A", "B", None]))
    pool = ALL_TEAMS if group is None else [t for t in ALL_TEAMS if GROUP_OF[t] == group]
    ranking = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=4, unique=True))
    return factories.decided(ranking, group=group, **when)


@st.composite
def postings(draw: st.DrawFn) -> tuple[list[MatchEvent], list[MatchEvent]]:
    """A set of events with distinct ids, and a shuffled posting of it with duplicates."""
    # Events come in clusters about one game, so several results of a game compete often.
    clusters = st.sampled_from(sorted(GAMES)).flatmap(
        lambda game_id: st.lists(match_event(game_id), min_size=1, max_size=5)
    )
    events = [event for cluster in draw(st.lists(clusters, max_size=12)) for event in cluster]
    ids = draw(st.permutations(range(len(events))))
    events = [
        e.model_copy(update={"event_id": uuid.UUID(int=i + 1)})
        for e, i in zip(events, ids, strict=True)
    ]
    repeats = draw(st.lists(st.sampled_from(events), max_size=30)) if events else []
    return events, draw(st.permutations(events + repeats))


@settings(max_examples=150, deadline=None)
@given(postings())
def test_any_order_with_any_duplicates_gives_the_same_standings(
    posting: tuple[list[MatchEvent], list[MatchEvent]],
) -> None:
    """Tables, winners, wild cards and bracket all included: the snapshots are equal."""
    once_in_order, shuffled_with_duplicates = posting
    expected = compute_division(DEFINITION, GAMES, once_in_order, version=7)
    assert compute_division(DEFINITION, GAMES, shuffled_with_duplicates, version=7) == expected
