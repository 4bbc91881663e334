"""Duplicated or reordered events never change a suspension record, an alert or a notice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.discipline.config import DisciplineConfig
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.records import DisciplineView
from workloads import factories as f

CONTEXT, GAMES = f.discipline_context(
    f.division(coaches={"T1": ["C1"], "T2": ["C1"]}),
    rosters=[f.roster("T1", ["P1", "P2", "P3"], staff=["C1"]), f.roster("T2", ["P4", "P5"])],
    config=DisciplineConfig(auto_forfeit_ineligible=True),
)
PEOPLE = ["P1", "P2", "P3", "P4", "P5", "C1"]
game_ids = st.sampled_from(sorted(GAMES))
sides = st.sampled_from(["home_team_id", "away_team_id"])
minutes = st.integers(min_value=0, max_value=70)


@st.composite
def events(draw: st.DrawFn) -> Any:
    """One random relevant event of the tournament, with a drawn (reproducible) id."""
    kind = draw(
        st.sampled_from(["card", "lineup", "result", "extension", "expulsion", "head", "confirm"])
    )
    event_id = draw(st.uuids())
    game = GAMES[draw(game_ids)]
    team = getattr(game, draw(sides))
    person = draw(st.sampled_from(PEOPLE))
    at = {"event_id": event_id, "occurred_at": game.start + timedelta(minutes=draw(minutes))}
    if kind == "card":
        colour = draw(st.sampled_from(["yellow", "second_yellow", "red", "ejection"]))
        return f.card(game, team, person, colour, minute=draw(minutes), **at)
    if kind == "lineup":
        people = draw(st.lists(st.sampled_from(PEOPLE[:5]), min_size=1, max_size=5, unique=True))
        return f.lineup(game, team, people, staff=draw(st.sampled_from([[], ["C1"]])), **at)
    if kind == "result":
        return f.score(game, 1, 0, **at)
    if kind == "extension":
        return f.extension(person, draw(st.integers(1, 3)), **at)
    if kind == "expulsion":
        return f.expulsion(person, **at)
    if kind == "head":
        return f.head_injury(game, team, person, minute=draw(minutes), **at)
    return f.confirmation(game, team, person, **at)


def fingerprint(view: DisciplineView) -> Any:
    """Everything observable about a view, in comparable form."""
    return (
        {
            person: (
                record.name,
                record.suspensions,
                record.expelled_at,
                sorted(c.event_id for c in record.cards),
            )
            for person, record in view.records.items()
        },
        set(view.alerts),
        {n.event_id: n for n in view.notices},
        {e.event_id: e for e in implied_match_events(CONTEXT, view)},
        sorted(str(p) for p in view.problems),
        view.finished,
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(events(), max_size=40), st.randoms(use_true_random=False))
def test_reordering_and_duplicating_events_changes_nothing(batch: list[Any], rng: Any) -> None:
    """DESIGN: "Consumers are idempotent: a repeated event id changes nothing", and a fold of
    the set of events must not depend on arrival order."""
    shuffled = batch + rng.sample(batch, k=len(batch) // 2)
    rng.shuffle(shuffled)
    assert fingerprint(evaluate(CONTEXT, shuffled)) == fingerprint(evaluate(CONTEXT, batch))


@settings(max_examples=80, deadline=None)
@given(st.lists(events(), max_size=40))
def test_no_notice_is_repeated_and_no_one_serves_more_than_they_owe(batch: list[Any]) -> None:
    """Rulebook: a suspension is served game by game "until the suspension is served" - never
    beyond it; and each notice is implied once."""
    view = evaluate(CONTEXT, batch)
    ids = [n.event_id for n in view.notices]
    assert len(ids) == len(set(ids))
    for record in view.records.values():
        for suspension in record.suspensions:
            assert len(suspension.served_in) <= suspension.games
            assert len(set(suspension.served_in)) == len(suspension.served_in)
        assert record.outstanding == record.games_earned - record.games_served >= 0
