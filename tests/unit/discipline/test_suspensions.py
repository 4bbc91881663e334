"""Cards, send-offs and suspensions: earned, served in the team's next games, added up."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

from schemas.discipline import SuspensionCarriedOver, SuspensionIssued, SuspensionServed
from schemas.match import GameAbandoned, GameTerminated, ScoreCorrected
from services.discipline.evaluate import evaluate
from services.discipline.ids import derived_id
from services.discipline.problems import NothingToExtend, UnknownGame
from services.discipline.records import DisciplineView, Suspension
from workloads import factories as f

T = f.TOURNAMENT
N = TypeVar("N")


def of_type(view: DisciplineView, kind: type[N]) -> list[N]:
    """The view's notices of one kind."""
    return [n for n in view.notices if isinstance(n, kind)]


def test_a_red_card_is_a_one_game_suspension_with_the_team_it_was_earned_with() -> None:
    """Rulebook: "A player, coach, or team official ejected from a game shall receive an
    automatic minimum one (1) game suspension regardless of the cause of the ejection."."""
    context, games = f.discipline_context()
    view = evaluate(context, [f.card(games["A1"], "T1", "P1", "red", minute=30)])
    record = view.records["P1"]
    assert record.suspensions == (Suspension(team_id="T1", game_id="A1"),)
    assert (record.games_earned, record.games_served, record.outstanding) == (1, 0, 1)
    [issued] = of_type(view, SuspensionIssued)
    assert issued.event_id == derived_id(T, "suspension.issued", "P1", "A1")
    assert (issued.team_id, issued.game_id, issued.games, issued.total_outstanding) == (
        "T1",
        "A1",
        1,
        1,
    )


def test_a_single_yellow_card_is_recorded_but_suspends_nobody() -> None:
    """Rulebook: only a send-off ("ejected from a game") carries the automatic suspension."""
    context, games = f.discipline_context()
    view = evaluate(context, [f.card(games["A1"], "T1", "P1", "yellow")])
    assert [c.card for c in view.records["P1"].cards] == ["yellow"]
    assert view.records["P1"].outstanding == 0
    assert view.notices == ()


def test_two_yellows_in_one_game_are_a_send_off_but_yellows_in_two_games_are_not() -> None:
    """Rulebook (FIFA Laws apply): a second caution in a match is a sending-off, and a sent-off
    player "shall receive an automatic minimum one (1) game suspension"."""
    context, games = f.discipline_context()
    same_game = [
        f.card(games["A1"], "T1", "P1", "yellow", minute=10),
        f.card(games["A1"], "T1", "P1", "yellow", minute=50),
    ]
    assert evaluate(context, same_game).records["P1"].outstanding == 1
    two_games = [
        f.card(games["A1"], "T1", "P1", "yellow"),
        f.card(games["A2"], "T1", "P1", "yellow"),
    ]
    assert evaluate(context, two_games).records["P1"].outstanding == 0


def test_a_second_yellow_reported_after_the_first_is_one_send_off_not_two() -> None:
    """Rulebook: "automatic minimum one (1) game suspension" per ejection; the caution and
    the second-yellow card describe the same single send-off."""
    context, games = f.discipline_context()
    view = evaluate(
        context,
        [
            f.card(games["A1"], "T1", "P1", "yellow", minute=10),
            f.card(games["A1"], "T1", "P1", "yellow", minute=50),
            f.card(games["A1"], "T1", "P1", "second_yellow", minute=50),
        ],
    )
    assert view.records["P1"].games_earned == 1
    assert len(of_type(view, SuspensionIssued)) == 1


def test_an_ejected_coach_is_suspended_like_a_player() -> None:
    """Rulebook: "A player, coach, or team official ejected from a game shall receive an
    automatic minimum one (1) game suspension"."""
    context, games = f.discipline_context()
    view = evaluate(context, [f.card(games["A1"], "T1", "C1", "ejection", role="coach")])
    assert view.records["C1"].outstanding == 1


def test_the_suspension_is_served_by_the_teams_next_completed_game() -> None:
    """Rulebook: suspensions "can only be served with the team with which the suspension was
    earned in games played by their team"."""
    context, games = f.discipline_context()
    view = evaluate(
        context,
        [
            f.card(games["A1"], "T1", "P1", "red"),
            f.score(games["A1"], 1, 0),
            f.score(games["A4"], 2, 2),  # T2-T3: not P1's team
            f.score(games["A2"], 0, 3),  # T1-T3: the next game of T1
        ],
    )
    record = view.records["P1"]
    assert record.suspensions[0].served_in == ("A2",)
    assert record.outstanding == 0
    [served] = of_type(view, SuspensionServed)
    assert served.event_id == derived_id(T, "suspension.served", "P1", "A2", "T1")
    assert (served.team_id, served.game_id, served.remaining) == ("T1", "A2", 0)


def test_a_game_counts_only_once_completed_not_while_live() -> None:
    """Rulebook/DESIGN: "Serving is counted from the schedule and results: a game counts once
    it is completed or awarded"."""
    context, games = f.discipline_context()
    live = f.score(games["A2"], 1, 0, status="live")
    view = evaluate(context, [f.card(games["A1"], "T1", "P1"), live])
    assert view.records["P1"].outstanding == 1


def test_forfeits_abandonments_terminations_and_corrections_all_complete_a_game() -> None:
    """DESIGN: "a game counts once it is completed or awarded" (forfeit, abandonment with a
    recorded score, referee termination, committee correction)."""
    context, games = f.discipline_context()
    a2 = games["A2"]
    base = f.game_fields(a2)
    results = [
        f.forfeit(a2, "T3"),
        GameAbandoned(**base, at_fault="both", home_goals=1, away_goals=1),
        GameTerminated(**f.game_fields(a2), reason="mercy", home_goals=9, away_goals=0),
        ScoreCorrected(**f.game_fields(a2), home_goals=2, away_goals=0),
    ]
    for result in results:
        view = evaluate(context, [f.card(games["A1"], "T1", "P1"), result])
        assert view.records["P1"].suspensions[0].served_in == ("A2",), result.type


def test_serving_follows_schedule_order_not_the_order_results_arrive() -> None:
    """Rulebook: served "in the next game(s)" of the team: the earliest completed game counts
    first, whatever order the results were reported in."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "P1"),
        f.score(games["A3"], 0, 0),  # T1's third game reported before its second
        f.score(games["A2"], 0, 0),
    ]
    assert evaluate(context, events).records["P1"].suspensions[0].served_in == ("A2",)


def test_a_coach_of_two_teams_serves_only_in_games_of_the_team_where_it_was_earned() -> None:
    """Rulebook: "Red card suspension or send off suspensions can only be served with the team
    with which the suspension was earned in games played by their team."."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.score(games["A4"], 1, 1),  # T2-T3 at 12:00: C1 also coaches T2, does not count
    ]
    assert evaluate(context, events).records["C1"].outstanding == 1
    events.append(f.score(games["A3"], 1, 1))  # T1-T4 at 11:00
    assert evaluate(context, events).records["C1"].suspensions[0].served_in == ("A3",)


def test_suspensions_add_up_and_are_served_one_game_at_a_time() -> None:
    """Rulebook: "Duration of suspension is cumulative based on further misconduct after
    receiving the initial dismissal."."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.card(games["A4"], "T2", "C1", "ejection", role="coach"),
        f.score(games["A2"], 0, 1),
        f.score(games["A5"], 0, 1),
    ]
    record = evaluate(context, events).records["C1"]
    assert [(s.team_id, s.game_id, s.served_in) for s in record.suspensions] == [
        ("T1", "A1", ("A2",)),
        ("T2", "A4", ("A5",)),
    ]
    assert (record.games_earned, record.games_served, record.outstanding) == (2, 2, 0)


def test_the_committee_extends_the_latest_send_off_before_its_ruling() -> None:
    """Rulebook: "The Discipline Committee shall determine the appropriate sanction for the
    action resulting in the ejection"; extra games are served in the team's following games."""
    context, games = f.discipline_context()
    ruling = f.extension("P1", 2, occurred_at=games["A1"].end, reason="violent conduct")
    events = [
        f.card(games["A1"], "T1", "P1"),
        ruling,
        f.score(games["A2"], 0, 0),
        f.score(games["A3"], 0, 0),
    ]
    view = evaluate(context, events)
    suspension = view.records["P1"].suspensions[0]
    assert (suspension.games, suspension.served_in, suspension.remaining) == (3, ("A2", "A3"), 1)
    extended = [n for n in of_type(view, SuspensionIssued) if n.games == 2]
    assert [(n.game_id, n.total_outstanding, n.reason) for n in extended] == [
        ("A1", 3, "committee extension: violent conduct")
    ]
    assert extended[0].event_id == derived_id(
        T, "suspension.issued", "P1", "A1", str(ruling.event_id)
    )


def test_an_extension_naming_its_game_extends_that_send_off() -> None:
    """Rulebook: the committee's sanction is "for the action resulting in the ejection"."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "P1"),
        f.card(games["A3"], "T1", "P1"),
        f.extension("P1", 1, game_id="A1", occurred_at=games["A3"].end),
    ]
    record = evaluate(context, events).records["P1"]
    assert [(s.game_id, s.games) for s in record.suspensions] == [("A1", 2), ("A3", 1)]


def test_extending_a_suspension_the_person_does_not_have_is_a_named_problem() -> None:
    """Rulebook: the committee sanctions "the action resulting in the ejection": without an
    ejection there is nothing to extend, and the ruling is reported, not silently applied."""
    context, games = f.discipline_context()
    ruling = f.extension("P9", 1, occurred_at=games["A6"].end)
    view = evaluate(context, [ruling])
    [problem] = view.problems
    assert isinstance(problem, NothingToExtend)
    assert str(ruling.event_id) in problem.where


def test_an_expelled_person_is_recorded_as_expelled() -> None:
    """Rulebook: "exhibiting or threatening violence ... will be grounds for immediate
    expulsion from the tournament"."""
    context, games = f.discipline_context()
    ruling = f.expulsion("P1", occurred_at=games["A1"].end)
    record = evaluate(context, [ruling]).records["P1"]
    assert record.expelled and record.expelled_at == games["A1"].end


def test_an_unserved_suspension_carries_over_when_the_schedule_is_complete() -> None:
    """Rulebook: "A red card suspension issued during a small-sided tournament, which cannot be
    served during the event, shall be served during the player/coach's next scheduled club,
    league or cup game(s)."."""
    context, games = f.discipline_context()
    results = [f.score(game, 1, 0) for game in games.values()]
    card = f.card(games["A3"], "T1", "P1")  # T1's last game
    view = evaluate(context, [card, *results[:-1]])
    assert not view.finished and of_type(view, SuspensionCarriedOver) == []
    view = evaluate(context, [card, *results])
    assert view.finished
    [carried] = of_type(view, SuspensionCarriedOver)
    assert carried.event_id == derived_id(T, "suspension.carried_over", "P1", "T1")
    assert (carried.team_id, carried.remaining, carried.home_club) == ("T1", 1, "Club T1")
    assert carried.occurred_at == games["A6"].start + timedelta(minutes=60)


def test_an_event_for_a_game_not_on_the_schedule_is_a_named_problem() -> None:
    """DESIGN: serving "is counted from the schedule": an event of an unscheduled game cannot
    be placed, so it is reported rather than guessed at."""
    context, games = f.discipline_context()
    stray = f.card(games["A1"], "T1", "P1", game_id="Z9")
    view = evaluate(context, [stray])
    assert [type(p) for p in view.problems] == [UnknownGame]
    assert "Z9" in str(view.problems[0])
    assert view.records == {}


def test_an_extension_without_a_game_goes_to_the_latest_send_off_before_it() -> None:
    """Rulebook: the committee's sanction is communicated "no later than prior to the next
    scheduled game in which the offending party would have an opportunity to participate":
    it concerns the most recent ejection."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "P1"),
        f.card(games["A3"], "T1", "P1"),
        f.extension("P1", 2, occurred_at=games["A3"].end),
    ]
    record = evaluate(context, events).records["P1"]
    assert [(s.game_id, s.games) for s in record.suspensions] == [("A1", 1), ("A3", 3)]
