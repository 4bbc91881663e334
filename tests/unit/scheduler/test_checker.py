"""The independent checker catches every kind of broken hard constraint (hand-made schedules)."""

from __future__ import annotations

import pytest

from services.scheduler.checker import Violation, check
from services.scheduler.games import tournament_games
from services.scheduler.placement import Placement, Schedule
from tests.unit.scheduler.helpers import minutes, tournament_from

CUP = """\
id: check
days: [{id: sat, date: 2026-11-21}, {id: sun, date: 2026-11-22}]
venues: [{id: north, main: true}, {id: south}]
travel: [{from: north, to: south, minutes: 30}]
rules: {min_rest_minutes: 60, late_after: "18:00", early_before: "09:00"}
fields:
  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-20:00", sun: "08:00-20:00"}}
  - {id: S1, venue: south, size: 9v9, open: {sat: "08:00-20:00", sun: "08:00-20:00"}}
  - {id: K1, venue: north, size: 7v7, open: {sat: "08:00-20:00", sun: "08:00-20:00"}}
divisions:
  - {id: U12B, age_group: U12, groups: {A: [a1, a2, a3]}, playoff: final, playoff_day: sun,
     max_games_per_day: 2}
  - {id: U11G, age_group: U11, groups: {A: [b1, b2]}}
teams:
  - {id: a1, division: U12B, coach_ids: [c1]}
  - {id: a2, division: U12B}
  - {id: a3, division: U12B}
  - {id: b1, division: U11G, coach_ids: [c1]}
  - {id: b2, division: U11G}
unavailable: [{team: b2, day: sun, window: "08:00-10:00"}]
"""
TOURNAMENT = tournament_from(CUP)
GAMES = tournament_games(TOURNAMENT)


def at(game: str, field: str, day: str, start: str, length: int = 55) -> Placement:
    return Placement(game, field, day, minutes(start), minutes(start) + length)


def placed(*placements: Placement) -> Schedule:
    return {p.game: p for p in placements}


VALID = placed(
    at("U12B-A1", "N1", "sat", "08:00"),
    at("U12B-A2", "N1", "sat", "10:00"),
    at("U12B-A3", "N1", "sat", "12:00"),
    at("U12B-F", "N1", "sun", "10:00"),
    at("U11G-A1", "S1", "sat", "14:00"),
)


def kinds(**changes: Placement | None) -> set[str]:
    schedule = dict(VALID)
    for game, placement in changes.items():
        game_id = game.replace("_", "-")
        if placement is None:
            del schedule[game_id]
        else:
            schedule[game_id] = placement
    return {violation.kind for violation in check(TOURNAMENT, GAMES, schedule)}


def test_the_hand_made_schedule_is_valid() -> None:
    assert check(TOURNAMENT, GAMES, VALID) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"U11G_A1": None}, "missing"),
        ({"U11G_A9": at("U11G-A9", "S1", "sun", "12:00")}, "unknown_game"),
        ({"U11G_A1": at("U11G-A1", "Z9", "sat", "14:00")}, "unknown_field"),
        ({"U11G_A1": at("U11G-A1", "S1", "mon", "14:00")}, "unknown_day"),
        ({"U11G_A1": at("U11G-A1", "S1", "sat", "14:00", length=50)}, "duration"),
        ({"U11G_A1": at("U11G-A1", "K1", "sat", "14:00")}, "field_size"),
        ({"U11G_A1": at("U11G-A1", "S1", "sat", "19:30")}, "field_closed"),
        ({"U11G_A1": at("U11G-A1", "N1", "sat", "09:00")}, "field_overlap"),
        ({"U12B_A2": at("U12B-A2", "S1", "sat", "08:30")}, "team_overlap"),
        ({"U12B_A2": at("U12B-A2", "N1", "sat", "09:30")}, "rest"),
        ({"U11G_A1": at("U11G-A1", "S1", "sun", "09:00")}, "unavailable"),
        ({"U11G_A1": at("U11G-A1", "S1", "sun", "10:30")}, "coach_overlap"),
        ({"U11G_A1": at("U11G-A1", "S1", "sun", "11:10")}, "coach_overlap"),
        ({"U12B_F": at("U12B-F", "N1", "sat", "13:00")}, "playoff_order"),
        ({"U12B_F": at("U12B-F", "N1", "sat", "16:00")}, "playoff_day"),
        ({"U12B_F": at("U12B-F", "N1", "sat", "16:00")}, "max_per_day"),
        (
            {
                "U12B_A3": at("U12B-A3", "N1", "sat", "18:00"),
                "U12B_F": at("U12B-F", "N1", "sun", "08:00"),
            },
            "late_then_early",
        ),
    ],
)  # fmt: skip
def test_each_broken_rule_is_caught(changes: dict[str, Placement | None], expected: str) -> None:
    """Rules 2020 game lengths (U11/U12 25-min halves) and the design's hard constraints."""
    assert expected in kinds(**changes)


def test_travel_between_venues_is_what_separates_a_coachs_games() -> None:
    """Same gap, same venue: allowed; at the other venue the 30 travel minutes do not fit."""
    assert kinds(U11G_A1=at("U11G-A1", "N1", "sun", "11:10")) == set()
    assert kinds(U11G_A1=at("U11G-A1", "S1", "sun", "11:10")) == {"coach_overlap"}


def test_rest_between_venues_counts_the_drive() -> None:
    """Team travel in rest: 60 minutes after a game at north is rest enough at north, but not
    at south, 30 minutes away (the message says how the 90 minutes add up)."""
    assert kinds(U12B_A2=at("U12B-A2", "N1", "sat", "09:55")) == set()
    schedule = dict(VALID) | {"U12B-A2": at("U12B-A2", "S1", "sat", "09:55")}
    rests = {v.games: v.message for v in check(TOURNAMENT, GAMES, schedule) if v.kind == "rest"}
    assert (
        "rests 60 min between them, minimum 90 (60 rest + 30 travel from north to south)"
        in (rests[("U12B-A1", "U12B-A2")])
    )


def test_playoffs_wait_for_the_drive_from_their_feeders() -> None:
    """Team travel in rest: the final at south starts 65 minutes after a feeder at north ends."""
    schedule = dict(VALID) | {"U12B-F": at("U12B-F", "S1", "sun", "10:00")}
    assert kinds(U12B_A3=at("U12B-A3", "N1", "sun", "08:00")) == set()
    schedule |= {"U12B-A3": at("U12B-A3", "N1", "sun", "08:00")}
    assert {v.kind for v in check(TOURNAMENT, GAMES, schedule)} == {"playoff_order"}


def test_a_final_before_the_finals_window_is_caught() -> None:
    """Finals window: Sunday's finals not before 11:00, so the 10:00 final is flagged."""
    window = tournament_from(CUP.replace("rules: {", 'rules: {finals_not_before: {sun: "11:00"}, '))
    (violation,) = check(window, GAMES, VALID)
    assert (violation.kind, violation.games) == ("finals_window", ("U12B-F",))
    assert violation.message == "final kicks off sun 10:00, finals that day not before 11:00"
    assert check(window, GAMES, VALID | {"U12B-F": at("U12B-F", "N1", "sun", "11:00")}) == []


def semis_cup(division_keys: str = "") -> str:
    """The cup with a fourth U12B team and semi-finals instead of a final alone."""
    return CUP.replace(
        "[a1, a2, a3]}, playoff: final", f"[a1, a2, a3, a4]}}, playoff: semifinals{division_keys}"
    ).replace(
        "  - {id: a3, division: U12B}\n",
        "  - {id: a3, division: U12B}\n  - {id: a4, division: U12B}\n",
    )


@pytest.mark.parametrize(
    ("division_keys", "flagged"), [("", True), (", playoff_venues: any", False)]
)
def test_a_playoff_split_over_venues_is_caught(division_keys: str, flagged: bool) -> None:
    """Playoff venue: the semis at north and south break the default one-venue rule, unless
    the division allows any venue."""
    tournament = tournament_from(semis_cup(division_keys))
    playoff = placed(
        at("U12B-SF1", "N1", "sun", "10:00"),
        at("U12B-SF2", "S1", "sun", "10:00"),
        at("U12B-F", "N1", "sun", "13:00"),
    )
    found = [
        v
        for v in check(tournament, tournament_games(tournament), playoff)
        if v.kind == "playoff_venue"
    ]
    expected = Violation(
        "playoff_venue",
        ("U12B-F", "U12B-SF1", "U12B-SF2"),
        "U12B plays its playoff games at one venue, not at north: U12B-F, U12B-SF1; "
        "south: U12B-SF2",
    )
    assert found == ([expected] if flagged else [])


def test_violations_name_the_games_involved() -> None:
    schedule = dict(VALID) | {"U12B-A2": at("U12B-A2", "N1", "sat", "09:30")}
    (violation,) = check(TOURNAMENT, GAMES, schedule)
    assert violation.games == ("U12B-A1", "U12B-A2")
    assert "rests 35 min between them, minimum 60" in violation.message
