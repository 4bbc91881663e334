"""The soft objective: early/late fairness over the tournament, compactness around the middle
of the day, and the day model charging exactly what `evaluate` counts.

Slots as in test_constraints: U12 games last 55 minutes and hold a 9v9 field for 65, so
kick-offs are 08:00, 09:05, 10:10, 11:15, 12:20, 13:25, 14:30, 15:35, 16:40 on 08:00-18:00.
"""

from __future__ import annotations

import pulp
import pytest

from services.scheduler.construct import construct
from services.scheduler.fairness import fairness
from services.scheduler.games import Game, tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.model import DayModel
from services.scheduler.objective import early_late_penalty, evaluate
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import SIZES, Tournament, clock
from tests.unit.scheduler.helpers import EXAMPLES, minutes, tournament_from

FAST = Options(time_limit=20, block_time_limit=10)


def two_days(fields: int, extra: str = "") -> Tournament:
    """Four U12 teams (six games, at most two a day) on `fields` 9v9 fields, Saturday and
    Sunday 08:00-18:00. Before 09:00 is early."""
    lines = "".join(
        f'  - {{id: N{n}, venue: park, size: 9v9, open: {{sat: "08:00-18:00", sun: "08:00-18:00"}}}}\n'  # noqa: E501
        for n in range(1, fields + 1)
    )
    return tournament_from(
        "id: fair\ndays: [{id: sat, date: 2026-11-21}, {id: sun, date: 2026-11-22}]\n"
        f"venues: [{{id: park}}]\nfields:\n{lines}divisions:\n"
        "  - {id: U12B, age_group: U12, max_games_per_day: 2, groups: {A: [a, b, c, d]}}\n"
        "teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},"
        f" {{id: d, division: U12B}}]\n{extra}"
    )


def at(game: str, field: str, day: str, start: str) -> Placement:
    return Placement(game, field, day, minutes(start), minutes(start) + 55)


def test_the_early_late_penalty_grows_with_each_further_game_of_a_team() -> None:
    """0 for the first, w for the second, 2w more for the third: w x pairs of such games."""
    assert [early_late_penalty(3.0, n) for n in range(5)] == [0.0, 0.0, 3.0, 9.0, 18.0]


def test_two_early_games_of_one_team_on_different_days_are_penalised() -> None:
    """Team a kicks off at 08:00 on both days (A1 a-d, A5 b-a); every other game is at
    midday. One team with two early games: one pair, 3 points (a per-day count saw none)."""
    tournament = two_days(fields=1)
    schedule = {
        "U12B-A1": at("U12B-A1", "N1", "sat", "08:00"),
        "U12B-A2": at("U12B-A2", "N1", "sat", "12:20"),
        "U12B-A3": at("U12B-A3", "N1", "sat", "14:30"),
        "U12B-A4": at("U12B-A4", "N1", "sat", "16:40"),
        "U12B-A5": at("U12B-A5", "N1", "sun", "08:00"),
        "U12B-A6": at("U12B-A6", "N1", "sun", "12:20"),
    }
    assert evaluate(tournament, tournament_games(tournament), schedule).terms["early_late"] == 3.0


def test_compactness_is_measured_from_the_middle_of_the_day() -> None:
    """The day's middle is 13:00: 08:00 and 18:00 are both 5 hours away, 13:00 is free."""
    tournament = two_days(fields=1, extra='rules: {early_before: "00:00", late_after: "23:59"}\n')
    games = tournament_games(tournament)

    def compact(start: str) -> float:
        placement = Placement("U12B-A1", "N1", "sat", minutes(start), minutes(start) + 55)
        return evaluate(tournament, games, {"U12B-A1": placement}).terms["compact"]

    assert (compact("08:00"), compact("13:00"), compact("18:00")) == (5.0, 0.0, 5.0)


@pytest.mark.parametrize("weights", ["", "weights: {compact: 0}\n"])
def test_no_team_gets_two_early_games_while_another_gets_none(weights: str) -> None:
    """One field, six games over two days. Round robin: A1 a-d, A2 c-b (round 1), A3 c-a,
    A4 d-b (round 2) on Saturday, A5 b-a, A6 d-c on Sunday. Without compactness only the
    early/late term cares when games kick off; the construction starts each day at 08:00
    (A1 a-d, then A5 b-a), and a per-day count let a keep both while c had none."""
    tournament = two_days(fields=1, extra=weights)
    summary = fairness(
        tournament, tournament_games(tournament), solve(tournament, FAST).schedule
    ).summary
    assert summary["early_late_spread"] <= 1, summary


def test_compactness_does_not_crowd_the_morning_when_fields_are_plenty() -> None:
    """Six fields for four teams on one day: no game needs the 08:00 slot. Each team plays
    its three games two slots apart (55 minutes of play and 60 of rest need 115); the rounds
    gather around the middle (13:00) at 11:15, 13:25, 15:35, so no team kicks off early."""
    tournament = tournament_from(
        "id: roomy\ndays: [{id: sat, date: 2026-11-21}]\nvenues: [{id: park}]\nfields:\n"
        + "".join(
            f'  - {{id: N{n}, venue: park, size: 9v9, open: {{sat: "08:00-18:00"}}}}\n'
            for n in range(1, 7)
        )
        + "divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c, d]}}]\n"
        "teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},"
        " {id: d, division: U12B}]\n"
    )
    schedule = solve(tournament, FAST).schedule
    assert sorted(clock(p.start) for p in schedule.values()) == [
        *["11:15"] * 2,
        *["13:25"] * 2,
        *["15:35"] * 2,
    ]
    assert (
        fairness(tournament, tournament_games(tournament), schedule).summary["early_late_max"] == 0
    )


def block_models(tournament: Tournament, games: list[Game], schedule: Schedule) -> list[DayModel]:
    """One model per (day, size class) block with games, everything else fixed."""
    slots = build_slots(tournament)
    models = []
    for day in tournament.days:
        for size in SIZES:
            block = [
                g
                for g in games
                if schedule[g.id].day == day.id and tournament.division[g.division].size == size
            ]
            if block:
                models.append(DayModel(tournament, games, schedule, block, day.id, slots).build())
    return models


def at_warm_start(model: DayModel) -> float:
    """The model's objective with every variable at its warm-start value."""
    start = model.warm_start()
    assert start, "the current placements must be a solution of the model"
    for var in model.prob.variables():
        var.varValue = start.get(var.name, 0.0)
    return float(pulp.value(model.prob.objective))


#: Spring Classic (two days, three size classes, two venues) and the one-field tournament,
#: whose construction starts both days with team a at 08:00 (A1 a-d, A5 b-a): an early/late
#: pair across days.
CASES = {
    "spring": load_tournament(EXAMPLES / "spring-classic.yaml"),
    "one field": two_days(fields=1),
}


def constructed(name: str) -> tuple[Tournament, list[Game], Schedule]:
    tournament = CASES[name]
    games = tournament_games(tournament)
    return tournament, games, construct(tournament, games, build_slots(tournament))


@pytest.mark.parametrize("name", CASES)
def test_the_blocks_of_a_schedule_add_up_to_its_objective(name: str) -> None:
    """Each block's model, at the current placements, charges its share of every term (half
    of each early/late pair across days), and the shares add up to `evaluate`."""
    tournament, games, schedule = constructed(name)
    total = sum(at_warm_start(m) for m in block_models(tournament, games, schedule))
    assert total == pytest.approx(evaluate(tournament, games, schedule).total)


def test_the_one_field_construction_has_an_early_late_pair_across_days() -> None:
    """What makes the case above cover the cross-day share: a plays at 08:00 on both days."""
    tournament, games, schedule = constructed("one field")
    assert evaluate(tournament, games, schedule).terms["early_late"] == 3.0


@pytest.mark.parametrize(("name", "size"), [("spring", "11v11"), ("one field", "9v9")])
def test_a_block_model_improves_the_objective_by_exactly_what_evaluate_counts(
    name: str, size: str
) -> None:
    """Sunday's block, solved with the rest fixed: the model's objective falls by as much as
    `evaluate` of the whole schedule does (they differ by a constant)."""
    tournament, games, schedule = constructed(name)
    model = next(
        m
        for m in block_models(tournament, games, schedule)
        if m.day == "sun" and tournament.division[m.free[0].division].size == size
    )
    before = at_warm_start(model)
    result = model.solve(time_limit=10)
    after = schedule | result.schedule
    gained = evaluate(tournament, games, schedule).total - evaluate(tournament, games, after).total
    assert gained > 0
    assert before - (result.objective or 0.0) == pytest.approx(gained)
