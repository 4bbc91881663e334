"""A player removed for a suspected head injury may not return in that match."""

from __future__ import annotations

from datetime import timedelta

from schemas.discipline import HeadInjuryViolation
from services.discipline.evaluate import evaluate
from services.discipline.ids import derived_id
from services.discipline.records import DisciplineView
from workloads import factories as f


def violations(view: DisciplineView) -> list[HeadInjuryViolation]:
    return [n for n in view.notices if isinstance(n, HeadInjuryViolation)]


def test_a_later_lineup_listing_the_removed_player_is_a_violation() -> None:
    """Rulebook: "the coach must be told that the player cannot return for the duration of the
    match"."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    removal = f.head_injury(
        a1, "T1", "T1-P3", minute=20, occurred_at=a1.start + timedelta(minutes=22)
    )
    back = f.lineup(a1, "T1", f.squad("T1", 8), occurred_at=a1.start + timedelta(minutes=40))
    [violation] = violations(
        evaluate(context, [f.lineup(a1, "T1", f.squad("T1", 8)), removal, back])
    )
    assert violation.event_id == derived_id(f.TOURNAMENT, "head_injury.violation", "T1-P3", "A1")
    assert (violation.person_id, violation.game_id, violation.team_id) == ("T1-P3", "A1", "T1")
    assert violation.occurred_at == back.occurred_at
    assert violation.detail == (
        "removed for a suspected head injury in minute 20, "
        f"then on lineup.submitted {back.event_id}"
    )


def test_a_card_for_the_removed_player_later_in_the_match_is_a_violation() -> None:
    """Rulebook: "UNDER NO CIRCUMSTANCES ... the player is not allowed to return to the game";
    a card shown to the player after the removal shows they were back on the field."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    events = [
        f.head_injury(a1, "T1", "T1-P3", minute=20),
        f.card(a1, "T1", "T1-P3", "yellow", minute=35),
    ]
    assert len(violations(evaluate(context, events))) == 1


def test_a_card_before_the_removal_and_the_pre_match_lineup_are_no_violation() -> None:
    """Rulebook: the player "cannot return" - only what comes after the removal counts."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    events = [
        f.lineup(a1, "T1", f.squad("T1", 8)),
        f.card(a1, "T1", "T1-P3", "yellow", minute=12),
        f.head_injury(a1, "T1", "T1-P3", minute=20, occurred_at=a1.start + timedelta(minutes=21)),
    ]
    assert violations(evaluate(context, events)) == []


def test_the_removal_bars_the_player_only_from_that_match() -> None:
    """Rulebook: the player "cannot return for the duration of the match"; the next game is a
    matter for the doctor's clearance, not for this rule."""
    context, games = f.discipline_context()
    events = [
        f.head_injury(games["A1"], "T1", "T1-P3", minute=20),
        f.lineup(games["A2"], "T1", f.squad("T1", 8), occurred_at=games["A2"].start),
        f.card(games["A2"], "T1", "T1-P3", "yellow", minute=30),
    ]
    assert violations(evaluate(context, events)) == []


def test_repeated_returns_give_one_notice_per_player_and_match() -> None:
    """Rulebook: "cannot return for the duration of the match": one violation of one match,
    however many reports show it."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    events = [
        f.head_injury(a1, "T1", "T1-P3", minute=20),
        f.card(a1, "T1", "T1-P3", "yellow", minute=35),
        f.card(a1, "T1", "T1-P3", "yellow", minute=60),
    ]
    assert len(violations(evaluate(context, events))) == 1
