"""The reported bound is proven for the whole problem, every game's day free."""

from __future__ import annotations

import contextlib
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler import milp
from services.scheduler.bound import Relaxation, whole_bound
from services.scheduler.daysfree import replace_divisions
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.games import Game, tournament_games
from services.scheduler.objective import evaluate
from services.scheduler.openmodel import OpenModel
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot, build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.teamdays import pair_envelope
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import tournament_from
from tests.unit.scheduler.small_cups import small_cup

#: One U12 game and a field open 08:00-12:00 (slots 08:00, 09:05, 10:10): the middle of the
#: day is 10:00, so the cheapest kick-off is 10:10, a sixth of an hour from it.
ONE_GAME = """\
id: one
days: [{id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-12:00"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}]
"""


def test_one_game_is_bounded_by_its_cheapest_slot() -> None:
    """The transport bound of a single game is the cost of its cheapest slot."""
    tournament = tournament_from(ONE_GAME)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament)).value
    assert bound is not None and abs(bound - 10 / 60) < 1e-6


#: Two groups of two on one field (08:00, 09:05, 10:10); team a asked to avoid the morning.
ONE_REQUEST = """\
id: request
days: [{id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-12:00"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b], B: [c, d]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},
        {id: d, division: U12B}]
requests: [{team: a, day: sat, window: "08:00-12:00"}]
"""


def test_a_request_prices_only_the_games_of_the_team_that_asked() -> None:
    """a's game hits its request wherever it goes (5 points); c and d's game never does.
    The two games take the two slots nearest the middle of the day (10:00): 10:10 and 09:05,
    a sixth and eleven twelfths of an hour away: 5 + 1/6 + 11/12 in all."""
    tournament = tournament_from(ONE_REQUEST)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament))
    assert bound.value is not None and abs(bound.value - (5 + 10 / 60 + 55 / 60)) < 1e-6
    assert abs(bound.terms["requests"] - 5) < 1e-6


THREE_TEAMS = """\
id: three
days: [{id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-13:30"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B}]
"""


def test_a_group_of_three_on_one_day_waits_through_a_band() -> None:
    """Three teams, one day, kick-offs every 65 minutes from 08:00: each team plays twice,
    and a game (55) plus the rest (60) is 115 minutes, so two games of a team kick off at
    least two slots (130) apart: 15 idle minutes beyond the grid. Each two of the three
    games share a team, so they are three bands, and the team of the first and the third
    waits through the second: 260 - 115 = 145 minutes. Idle 15 + 15 + 145 at 2 points an
    hour, even rest 145 at 1; the solver's schedule costs exactly that, so the bound is
    tight here (it said 15 for every team before it saw the bands)."""
    tournament = tournament_from(THREE_TEAMS)
    games = tournament_games(tournament)
    terms = whole_bound(tournament, games, build_slots(tournament)).terms
    assert abs(terms["idle"] - 2 * (15 + 15 + 145) / 60) < 1e-6
    assert abs(terms["even_rest"] - 145 / 60) < 1e-6
    best = solve(tournament, Options(time_limit=10)).objective.terms
    assert abs(terms["idle"] - best["idle"]) < 1e-6
    assert abs(terms["even_rest"] - best["even_rest"]) < 1e-6


#: Two groups of three, semi-finals and a final on Sunday, two games a day at most.
PLAYOFF_SUNDAY = """\
id: sunday
days: [{id: sat, date: 2027-05-15}, {id: sun, date: 2027-05-16}]
venues: [{id: park}]
fields:
  - {id: F1, venue: park, size: 9v9, open: {sat: "08:00-13:30", sun: "08:00-13:30"}}
  - {id: F2, venue: park, size: 9v9, open: {sat: "08:00-13:30", sun: "08:00-13:30"}}
divisions:
  - {id: U12B, age_group: U12, max_games_per_day: 2, groups: {A: [a, b, c], B: [d, e, f]},
     playoff: semifinals, playoff_day: sun}
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},
        {id: d, division: U12B}, {id: e, division: U12B}, {id: f, division: U12B}]
"""


def test_the_playoff_day_leaves_no_room_for_group_games() -> None:
    """Every team could reach Sunday's semi-final and final, which the daily limit of two
    counts wherever they go that day, so its two group games are both on Saturday, though
    a team has a game for each day (the counting by days alone said 0 idle): so each group
    plays all three games on Saturday, and with kick-offs every 65 minutes its teams wait
    15, 15 and 145 minutes (`test_a_group_of_three_on_one_day_waits_through_a_band`): 350
    for the two groups at 2 points an hour, and 145 for the worst team (even rest)."""
    tournament = tournament_from(PLAYOFF_SUNDAY)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament))
    assert abs(bound.terms["idle"] - 2 * 350 / 60) < 1e-6
    assert abs(bound.terms["even_rest"] - 145 / 60) < 1e-6
    assert bound.value is not None
    assert bound.value <= solve(tournament, Options(time_limit=10)).objective.total + 1e-6


#: Three teams over a Friday evening with one slot and a Saturday with five.
ONE_FRIDAY_SLOT = """\
id: friday
days: [{id: fri, date: 2027-05-14}, {id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {fri: "18:00-19:05", sat: "08:00-13:30"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B}]
"""


def test_capacity_forces_a_team_to_play_twice_a_day() -> None:
    """Each team has two games and two days, but Friday holds one game (two teams), so the
    third team plays both of its games on Saturday: at least 15 idle minutes, 0.5 points;
    the counting by days alone said 0."""
    tournament = tournament_from(ONE_FRIDAY_SLOT)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament))
    assert abs(bound.terms["idle"] - 0.5) < 1e-9
    assert bound.value is not None
    assert bound.value <= solve(tournament, Options(time_limit=10)).objective.total + 1e-6


def test_early_late_games_go_round_the_teams_before_any_team_gets_two() -> None:
    """The fewest pairs among 3 teams with E early/late games: none up to 3, one more for
    each game up to 6 (every team two), then two more each (a team's third adds 2 pairs)."""

    def fewest(early: int) -> float:
        return max([0.0] + [q * early + c for q, c in pair_envelope(3, 3)])

    assert [fewest(e) for e in range(10)] == [0, 0, 0, 0, 1, 2, 3, 5, 7, 9]


#: Four teams in two groups of two on Saturday, semi-finals and a final on Sunday at one of
#: two venues, one field each, kick-offs 08:00, 09:05, 10:10, 11:15 and 12:20 both days.
PLAYOFF_AT_ONE_VENUE = """\
id: one-venue
days: [{id: sat, date: 2027-05-15}, {id: sun, date: 2027-05-16}]
venues: [{id: park}, {id: hill}]
travel: [{from: park, to: hill, minutes: 20}]
fields:
  - {id: P1, venue: park, size: 9v9, open: {sat: "08:00-13:30", sun: "08:00-13:30"}}
  - {id: H1, venue: hill, size: 9v9, open: {sat: "08:00-13:30", sun: "08:00-13:30"}}
divisions:
  - {id: U12B, age_group: U12, groups: {A: [a, b], B: [c, d]}, playoff: semifinals,
     playoff_day: sun}
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},
        {id: d, division: U12B}]
"""


def test_a_final_waits_for_its_semi_finals_at_their_venue() -> None:
    """The middle of each day is 10:45. Saturday's two group games both kick off at 11:15
    (30 minutes each from it). On Sunday the playoff stays at one venue (the default), so
    the semi-finals take two kick-offs of its one field, and the final comes a game (55)
    plus the rest (60) after the later one: semi-finals at 09:05 and 10:10 (100 and 35
    minutes), final at 12:20 (95). Compact (1 point an hour): (60 + 230) / 60; the slots
    alone said (60 + 35 + 35 + 30) / 60, the two semi-finals at 10:10 at both venues and
    the final at 11:15. The solver's schedule costs exactly that."""
    assert abs(compact_against_the_solver(PLAYOFF_AT_ONE_VENUE) - (60 + 230) / 60) < 1e-6


def compact_against_the_solver(text: str) -> float:
    """The bound's compact term on this cup, once the solver's schedule is seen to cost
    exactly that (so the bound is tight there)."""
    tournament = tournament_from(text)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament))
    assert bound.value is not None
    best = solve(tournament, Options(time_limit=10)).objective.terms
    assert abs(bound.terms["compact"] - best["compact"]) < 1e-6
    return bound.terms["compact"]


def one_day_playoff(f2_open: str, groups: dict[str, list[str]]) -> str:
    """One Saturday at one park: F1 open 08:00-15:00 (kick-offs every 65 minutes from 08:00
    to 13:25; the middle of the day 11:30), F2 open `f2_open`, and a U12 division of these
    groups with its semi-finals and final that day, three games a day at most."""
    teams = [{"id": team, "division": "U12B"} for members in groups.values() for team in members]
    return f"""\
id: one-day
days: [{{id: sat, date: 2027-05-15}}]
venues: [{{id: park}}]
fields:
  - {{id: F1, venue: park, size: 9v9, open: {{sat: "08:00-15:00"}}}}
  - {{id: F2, venue: park, size: 9v9, open: {{sat: "{f2_open}"}}}}
divisions:
  - {{id: U12B, age_group: U12, max_games_per_day: 3, playoff: semifinals, playoff_day: sat,
     groups: {json.dumps(groups)}}}
teams: {json.dumps(teams)}
"""


def test_the_group_games_end_a_rest_before_the_playoff() -> None:
    """Two groups of two, both fields all day. Every group game feeds both semi-finals,
    which feed the final, each a game (55) plus the rest (60) later: at best group games at
    09:05 (145 minutes from the middle, twice), semi-finals at 11:15 (15, twice), the final
    at 13:25 (115): 435 minutes, 7.25 points of compact. The slots alone said the five
    kick-offs nearest the middle (15 + 15 + 50 + 50 + 80 = 210)."""
    cup = one_day_playoff("08:00-15:00", {"A": ["a", "b"], "B": ["c", "d"]})
    assert abs(compact_against_the_solver(cup) - 435 / 60) < 1e-6


def test_a_group_game_waits_only_for_the_semi_final_it_feeds() -> None:
    """Four groups of two: A and B feed one semi-final, C and D the other. F2 is open for
    the first two kick-offs only (08:00, 09:05), so the final can only be at 13:25 on F1,
    and the semi-finals at 10:10 and 11:15. Had every group game to end before the first
    semi-final, all four would kick off at 08:00 on two fields: the LP said no schedule.
    But A and B feed the 10:10 semi-final only, and C and D the 11:15 one: A and B at 08:00
    (210 minutes from the middle, twice), C and D at 09:05 (145, twice), semi-finals 80 and
    15, final 115: 920 minutes of compact."""
    groups = {"A": ["a", "b"], "B": ["c", "d"], "C": ["e", "f"], "D": ["g", "h"]}
    cup = one_day_playoff("08:00-10:10", groups)
    assert abs(compact_against_the_solver(cup) - 920 / 60) < 1e-6


def pinned_cost(
    tournament: Tournament, games: list[Game], slots: list[Slot], schedule: Schedule
) -> float | None:
    """The LP's optimum with its flows and day patterns held to those of `schedule`: the
    point the bound's proof maps the schedule to (None if the LP refuses that point)."""
    relaxation = Relaxation(tournament, games, slots)
    by_id = {g.id: g for g in games}
    slot_of = {(s.field, s.day, s.start): s for s in slots}
    group_of = {m.index: key for key, members in relaxation.groups.items() for m in members}
    flows: Counter[tuple[object, ...]] = Counter()
    days: Counter[tuple[str, str]] = Counter()
    for game_id, placement in schedule.items():
        game = by_id[game_id]
        slot = slot_of[(placement.field, placement.day, placement.start)]
        flows[(relaxation.alike(game), group_of[slot.index])] += 1
        if game.stage == "group":
            days.update((team, placement.day) for team in game.teams)
    for key, flow in relaxation.flow.items():
        relaxation.prob += flow == flows[key]
    assert sum(flows.values()) == len(games) and set(flows) <= set(relaxation.flow)
    picks: Counter[tuple[object, ...]] = Counter()
    counts = Counter(team for g in games if g.stage == "group" for team in g.teams)
    for division in tournament.divisions:
        for group in division.groups:
            for team in group.team_ids:
                pattern = tuple(days[(team, day.id)] for day in tournament.days)
                kind = (counts[team], relaxation.caps[team])
                picks[((division.id, group.id), kind, pattern)] += 1
    assert set(picks) <= set(relaxation.pick)
    for key, pick in relaxation.pick.items():
        relaxation.prob += pick == picks[key]
    run = milp.run(relaxation.prob, "highs", 20, 0.0)
    return run.objective if run.status == "optimal" else None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_no_valid_schedule_costs_less_than_the_bound(seed: int) -> None:
    """A bound for the whole problem: every valid schedule (here an exact model's with the
    per-game terms minimised over all days, the solver's, and the exact optimum of the whole
    objective) is a point of the LP, its flows and day patterns within the LP's rules,
    costing no more there than its objective; so the LP's optimum is below them all, the
    optimum included, on small cups of real shapes."""
    tournament = small_cup(seed)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    bound = whole_bound(tournament, games, slots).value
    anywhere = dict.fromkeys((g.id for g in games), None)
    cheapest = OpenModel(tournament, games, {}, anywhere, slots).build().solve("highs", 20)
    if bound is None:  # the LP has no solution: then no schedule has one either
        assert cheapest.run.status == "infeasible"
        return
    schedules = [cheapest.schedule] if cheapest.run.solved else []
    with contextlib.suppress(ScheduleInfeasible, NoScheduleFound):
        schedules.append(solve(tournament, Options(time_limit=10)).schedule)
        # Every division freed at once, the whole objective minimised: the exact optimum.
        divisions = {d.id for d in tournament.divisions}
        exact = replace_divisions(
            tournament, games, slots, schedules[-1], divisions, "highs", 20, 0
        )
        if exact.run.status == "optimal":
            schedules.append(exact.schedule)
    for schedule in schedules:
        total = evaluate(tournament, games, schedule).total
        pinned = pinned_cost(tournament, games, slots, schedule)
        assert pinned is not None and pinned <= total + 1e-6
        assert bound <= pinned + 1e-6
