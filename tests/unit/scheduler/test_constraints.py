"""Each hard constraint family, on a tiny tournament where only that rule decides the answer.

Game lengths follow the Alliance Cup Rules 2020 age table: U11/U12 play 2 x 25 minutes, so with
the default 5-minute break a game lasts 55 minutes and, with the 10-minute turnover, holds its
field for 65: slots start 08:00, 09:05, 10:10, 11:15, ... When nothing else decides, a game
kicks off as near the middle of the day's opening hours as it can (the compact term): on a
08:00-18:00 day, at 13:25 (25 minutes from 13:00; 12:20 is 40).
"""

from __future__ import annotations

from collections import Counter

import pytest

from services.scheduler.checker import check
from services.scheduler.construct import construct
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.model import DayModel
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament, clock
from tests.unit.scheduler.helpers import minutes, tournament_from

FAST = Options(time_limit=20, block_time_limit=10)


def cup(
    fields: str,
    divisions: str,
    teams: str,
    extra: str = "",
    days: str = "[{id: sat, date: 2026-11-21}]",
) -> Tournament:
    return tournament_from(
        f"id: tiny\ndays: {days}\n"
        "venues: [{id: north, main: true}, {id: south}]\n"
        "travel: [{from: north, to: south, minutes: 30}]\n"
        f"fields:\n{fields}divisions:\n{divisions}teams:\n{teams}{extra}"
    )


def day_model_solved(tournament: Tournament, day: str) -> dict[str, tuple[str, str, str]]:
    """The day MILP alone, every game of the day free, from the construction: game id ->
    (field, day, kick-off), after checking its schedule independently (solve() would quietly
    keep the construction if the model broke a rule)."""
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    schedule = construct(tournament, games, slots)
    free = [g for g in games if schedule[g.id].day == day]
    result = DayModel(tournament, games, schedule, free, day, slots).build().solve(time_limit=10)
    assert result.schedule
    schedule |= result.schedule
    assert check(tournament, games, schedule) == []
    return {game: (p.field, p.day, clock(p.start)) for game, p in sorted(schedule.items())}


def solved(tournament: Tournament) -> dict[str, tuple[str, str, str]]:
    """game id -> (field, day, kick-off), after checking the schedule independently."""
    solution = solve(tournament, FAST)
    assert check(tournament, tournament_games(tournament), solution.schedule) == []
    return {game: (p.field, p.day, clock(p.start)) for game, p in sorted(solution.schedule.items())}


def team_lines(division: str, teams: list[str], coach: dict[str, str] | None = None) -> str:
    coach = coach or {}
    return "".join(
        f"  - {{id: {t}, division: {division}"
        + (f", coach_ids: [{coach[t]}]" if t in coach else "")
        + "}\n"
        for t in teams
    )


def two_pairs(
    first: str, second: str, keys: str = "", coach: dict[str, str] | None = None
) -> tuple[str, str]:
    """The division lines and team lines of division `first` (teams a and b) and `second`
    (c and d), ids like U12B, each division with the YAML `keys` added."""
    divisions = "".join(
        f"  - {{id: {d}, age_group: {d[:3]}, groups: {{A: [{x}, {y}]}}{keys}}}\n"
        for d, (x, y) in ((first, "ab"), (second, "cd"))
    )
    return divisions, team_lines(first, ["a", "b"], coach) + team_lines(second, ["c", "d"], coach)


NORTH_9V9 = '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-18:00"}}\n'
NORTH_9V9_2 = '  - {id: N2, venue: north, size: 9v9, open: {sat: "08:00-18:00"}}\n'
FOUR = "  - {id: U12B, age_group: U12, groups: {A: [a, b, c, d]}}\n"
PAIR = "  - {id: U12B, age_group: U12, groups: {A: [a, b]}}\n"


def test_one_field_hosts_one_game_at_a_time() -> None:
    """Four teams, three rounds of two games: two fields let each round share a kick-off,
    with one field no two games can."""
    two = solved(cup(NORTH_9V9 + NORTH_9V9_2, FOUR, team_lines("U12B", list("abcd"))))
    one = solved(cup(NORTH_9V9, FOUR, team_lines("U12B", list("abcd"))))
    assert sorted(Counter(start for _, _, start in two.values()).values()) == [2, 2, 2]
    assert len({start for _, _, start in one.values()}) == 6


def test_a_division_only_plays_on_fields_of_its_size() -> None:
    """Rules 2020: U11-U12 play 9v9. The 7v7 field is open and closer to the main venue."""
    fields = (
        '  - {id: K1, venue: north, size: 7v7, open: {sat: "08:00-18:00"}}\n'
        '  - {id: S1, venue: south, size: 9v9, open: {sat: "08:00-18:00"}}\n'
    )
    assert solved(cup(fields, PAIR, team_lines("U12B", ["a", "b"]))) == {
        "U12B-A1": ("S1", "sat", "13:25")
    }


def test_a_team_rests_between_its_games() -> None:
    """Three teams: every two games share a team. Rest 60: a game ends 55 minutes after its
    kick-off, so the next can start 115 minutes later, two slots on: 11:15, 13:25, 15:35 are
    the nearest the middle (13:00) such kick-offs get (10:10, 12:20, 14:30 are 5 minutes
    further in total). Without rest, three slots in a row: 12:20, 13:25, 14:30."""
    three = "  - {id: U12B, age_group: U12, groups: {A: [a, b, c]}}\n"
    fields = NORTH_9V9 + NORTH_9V9_2
    rested = solved(cup(fields, three, team_lines("U12B", list("abc"))))
    assert sorted(start for _, _, start in rested.values()) == ["11:15", "13:25", "15:35"]
    no_rest = solved(
        cup(fields, three, team_lines("U12B", list("abc")), "rules: {min_rest_minutes: 0}\n")
    )
    assert sorted(start for _, _, start in no_rest.values()) == ["12:20", "13:25", "14:30"]


#: North has one early slot (08:00), south is open from 09:00 (09:00, 10:05, 11:10, 12:15,
#: 13:20): three teams' three games all share a team, so after 08:00 at north one plays south.
NORTH_EARLY_SOUTH_LATE = (
    '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-09:00"}}\n'
    '  - {id: S1, venue: south, size: 9v9, open: {sat: "09:00-18:00"}}\n'
)
THREE = "  - {id: U12B, age_group: U12, groups: {A: [a, b, c]}}\n"


def test_a_teams_rest_between_venues_counts_the_drive() -> None:
    """Team travel in rest: the 08:00 game at north ends 08:55; a 60-minute rest plus the
    30-minute drive puts its teams' next kick-off at south at 10:25 or later. North is the
    main venue and a and b ask to play before 11:00, so without the drive 10:05 at south
    would be the best next slot for one of them (a 70-minute gap)."""
    prefer = (
        "weights: {compact: 0, idle: 0, even_rest: 0, early_late: 0}\n"
        "requests:\n"
        '  - {team: a, day: sat, window: "11:00-18:00"}\n'
        '  - {team: b, day: sat, window: "11:00-18:00"}\n'
    )
    tournament = cup(NORTH_EARLY_SOUTH_LATE, THREE, team_lines("U12B", list("abc")), prefer)
    for result in (solved(tournament), day_model_solved(tournament, "sat")):
        by_start = sorted(
            (minutes(start), field, game) for game, (field, _, start) in result.items()
        )
        assert by_start[0][:2] == (8 * 60, "N1")
        first = next(g for g in tournament_games(tournament) if g.id == by_start[0][2])
        later = [
            start
            for start, _, game in by_start[1:]
            if set(next(g for g in tournament_games(tournament) if g.id == game).teams)
            & set(first.teams)
        ]
        assert min(later) - (8 * 60 + 55) >= 60 + 30


def test_games_per_day_limit_spreads_a_group_over_days() -> None:
    """At most one game a day: three teams' three games need three different days."""
    days = "[{id: d1, date: 2026-11-21}, {id: d2, date: 2026-11-22}, {id: d3, date: 2026-11-23}]"
    fields = '  - {id: N1, venue: north, size: 9v9, open: {d1: "08:00-18:00", d2: "08:00-18:00", d3: "08:00-18:00"}}\n'  # noqa: E501
    three = "  - {id: U12B, age_group: U12, max_games_per_day: 1, groups: {A: [a, b, c]}}\n"
    result = solved(cup(fields, three, team_lines("U12B", list("abc")), days=days))
    assert sorted(day for _, day, _ in result.values()) == ["d1", "d2", "d3"]


def test_no_late_game_followed_by_an_early_game_next_morning() -> None:
    """Saturday's only window is late (after 12:00), so Sunday's final may not be early (<10:00).

    Sunday's middle is 09:32, so the final would rather kick off at 09:05 than at 10:10; the
    hard rule moves it. (A playoff slot has no known teams: no soft early/late term applies.)
    """
    days = "[{id: sat, date: 2026-11-21}, {id: sun, date: 2026-11-22}]"
    fields = (
        '  - {id: N1, venue: north, size: 9v9, open: {sat: "12:00-14:00", sun: "08:00-11:05"}}\n'
    )
    final = (
        "  - {id: U12B, age_group: U12, groups: {A: [a, b]}, playoff: final, playoff_day: sun}\n"
    )
    rules = 'rules: {late_after: "12:00", early_before: "10:00"}\n'
    result = solved(cup(fields, final, team_lines("U12B", ["a", "b"]), rules, days=days))
    assert result == {"U12B-A1": ("N1", "sat", "13:05"), "U12B-F": ("N1", "sun", "10:10")}


def test_a_coachs_teams_never_overlap_counting_travel() -> None:
    """Same coach, fields 30 minutes apart: a game ends 55 minutes after kick-off, plus 30
    of travel is 85, so the coach's two games kick off two slots (130 minutes) apart."""
    fields = (
        '  - {id: N1, venue: north, size: 9v9, divisions: [U12B], open: {sat: "08:00-18:00"}}\n'
        '  - {id: S1, venue: south, size: 9v9, divisions: [U11B], open: {sat: "08:00-18:00"}}\n'
    )
    divisions, apart = two_pairs("U12B", "U11B", ", max_games_per_day: 1")
    _, shared = two_pairs("U12B", "U11B", coach={"a": "coach1", "c": "coach1"})
    assert sorted(s for _, _, s in solved(cup(fields, divisions, apart)).values()) == [
        "13:25",
        "13:25",
    ]
    kick_offs = solved(cup(fields, divisions, shared)).values()
    first, second = sorted(minutes(start) for _, _, start in kick_offs)
    assert second - first == 130


def test_a_team_never_plays_while_unavailable() -> None:
    """Unavailable over the 13:25 slot: 12:20 (ends 13:15) is the next nearest the middle."""
    unavailable = 'unavailable: [{team: a, day: sat, window: "13:15-14:30"}]\n'
    result = solved(cup(NORTH_9V9, PAIR, team_lines("U12B", ["a", "b"]), unavailable))
    assert result == {"U12B-A1": ("N1", "sat", "12:20")}


def test_playoffs_follow_the_group_games_and_the_final_follows_the_semis() -> None:
    """Four teams: three group rounds, semis, final: five levels, each at least two slots
    (130 minutes: 55 of play, 60 of rest) after the one before. Around the middle (14:00)
    the last slot, 18:50, ends the chain: group rounds at 10:10, 12:20, 14:30; semis after
    the last group game ends (15:25) plus rest: 16:40; final after the semis: 18:50."""
    fields = (
        '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-20:00"}}\n'
        '  - {id: N2, venue: north, size: 9v9, open: {sat: "08:00-20:00"}}\n'
    )
    semis = "  - {id: U12B, age_group: U12, max_games_per_day: 5, groups: {A: [a, b, c, d]}, playoff: semifinals}\n"  # noqa: E501
    result = solved(cup(fields, semis, team_lines("U12B", list("abcd"))))
    assert [result[g][2] for g in ("U12B-SF1", "U12B-SF2", "U12B-F")] == ["16:40", "16:40", "18:50"]


TWO_DAYS = "[{id: sat, date: 2026-11-21}, {id: sun, date: 2026-11-22}]"
SEMIS_ON_SUNDAY = (
    "  - {id: U12B, age_group: U12, groups: {A: [a, b, c, d]}, playoff: semifinals,"
    " playoff_day: sun%s}\n"
)


def playoff_cup(fields: str, division_keys: str = "") -> Tournament:
    """Four teams play their group on Saturday and semi-finals and a final on Sunday; the
    main venue earns nothing, so only kick-off times tell the venues apart."""
    return cup(
        fields,
        SEMIS_ON_SUNDAY % division_keys,
        team_lines("U12B", list("abcd")),
        "weights: {main_venue: 0}\n",
        days=TWO_DAYS,
    )


ONE_FIELD_EACH = (
    '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-18:00"}}\n'
    '  - {id: S1, venue: south, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-18:00"}}\n'
)


def playoff_fields(
    tournament: Tournament, result: dict[str, tuple[str, str, str]]
) -> list[tuple[str, str]]:
    """(kick-off, field) of every playoff game, in kick-off order."""
    playoff = {g.id for g in tournament_games(tournament) if g.stage == "playoff"}
    return sorted((start, field) for game, (field, _, start) in result.items() if game in playoff)


def test_a_divisions_playoff_stays_at_one_venue() -> None:
    """Playoff venue: semis side by side would need both venues (one field each); at one
    venue they play one after the other, and the final at the same field. The day model
    alone, with all three free, keeps them together too."""
    tournament = playoff_cup(ONE_FIELD_EACH)
    for result in (solved(tournament), day_model_solved(tournament, "sun")):
        played = playoff_fields(tournament, result)
        assert len({field for _, field in played}) == 1
        semis = sorted(start for start, _ in played[:2])
        assert semis[0] != semis[1]  # one field at that venue: not side by side


def test_a_division_may_allow_its_playoff_at_any_venue() -> None:
    """Playoff venue: Sunday's fields close at 11:20 (slots 08:00, 09:05, 10:10) and the
    venues are 10 minutes apart, so the final at 10:10 needs both semis at 08:00, one at
    each venue (08:55 + 60 rest + 10 drive = 10:05). `playoff_venues: any` allows that;
    with the default, one venue, no schedule exists."""

    def semis_cup(keys: str) -> Tournament:
        open_hours = '{sat: "08:00-18:00", sun: "08:00-11:20"}'
        return tournament_from(
            f"id: tiny\ndays: {TWO_DAYS}\n"
            "venues: [{id: north}, {id: south}]\n"
            "travel: [{from: north, to: south, minutes: 10}]\n"
            f"fields:\n  - {{id: N1, venue: north, size: 9v9, open: {open_hours}}}\n"
            f"  - {{id: S1, venue: south, size: 9v9, open: {open_hours}}}\n"
            f"divisions:\n{SEMIS_ON_SUNDAY % keys}teams:\n{team_lines('U12B', list('abcd'))}"
        )

    tournament = semis_cup(", playoff_venues: any")
    played = playoff_fields(tournament, solved(tournament))
    assert [(start, field) for start, field in played[:2]] == [("08:00", "N1"), ("08:00", "S1")]
    assert played[2][0] == "10:10"
    with pytest.raises(ScheduleInfeasible):
        solve(semis_cup(""), FAST)


def test_the_final_finds_the_venue_of_its_semis() -> None:
    """Playoff venue: north closes at 10:10 on Sunday, room for both semis but not for the
    final after them; the construction takes the semis back and plays all three south."""
    fields = (
        '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-10:10"}}\n'
        '  - {id: S1, venue: south, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-18:00"}}\n'
    )
    tournament = playoff_cup(fields)
    games = tournament_games(tournament)
    built = construct(tournament, games, build_slots(tournament))
    assert check(tournament, games, built) == []
    assert {p.field for p in built.values() if p.day == "sun"} == {"S1"}
    assert {field for _, field in playoff_fields(tournament, solved(tournament))} == {"S1"}


def test_finals_kick_off_no_earlier_than_the_file_allows() -> None:
    """Finals window: one field 07:00-12:25 (slots 07:00, 08:05, 09:10, 10:15, 11:20) and a
    asks not to play 09:00-10:00, so the group game goes 08:05 and the final, after the rest,
    10:15. With finals not before 11:00 the final takes 11:20."""
    field = '  - {id: N1, venue: north, size: 9v9, open: {sat: "07:00-12:25"}}\n'
    final = "  - {id: U12B, age_group: U12, groups: {A: [a, b]}, playoff: final}\n"
    teams = team_lines("U12B", ["a", "b"])
    request = 'requests: [{team: a, day: sat, window: "09:00-10:00"}]\n'
    assert solved(cup(field, final, teams, request))["U12B-F"] == ("N1", "sat", "10:15")
    for window in ('"11:00"', '{sat: "11:00"}'):
        rules = f"rules: {{finals_not_before: {window}}}\n"
        assert solved(cup(field, final, teams, request + rules))["U12B-F"] == ("N1", "sat", "11:20")


def test_a_request_to_avoid_a_window_is_honoured_when_possible() -> None:
    """A request over the 13:25 slot: 12:20 (ends 13:15) is the next nearest the middle."""
    request = 'requests: [{team: b, day: sat, window: "13:15-14:30"}]\n'
    result = solved(cup(NORTH_9V9, PAIR, team_lines("U12B", ["a", "b"]), request))
    assert result == {"U12B-A1": ("N1", "sat", "12:20")}


def test_older_divisions_take_the_main_venue() -> None:
    """One 11v11 slot on each venue's field (12:00; U16 plays 75 minutes): the main venue's
    goes to the U16 game, the U13 game goes south."""
    fields = (
        '  - {id: N1, venue: north, size: 11v11, open: {sat: "12:00-13:30"}}\n'
        '  - {id: S1, venue: south, size: 11v11, open: {sat: "12:00-13:30"}}\n'
    )
    divisions, teams = two_pairs("U13B", "U16B")
    result = solved(cup(fields, divisions, teams))
    assert result == {"U13B-A1": ("S1", "sat", "12:00"), "U16B-A1": ("N1", "sat", "12:00")}
