"""Roster checks at registration: ages, roster size, guest players, one roster per player.

Every check yields named problems instead of raising the first one, because a team manager
fixing a roster wants the whole list at once. Each problem names the team and, where there is
one, the person; the CSV reader adds the row.

Age groups follow the rulebook's table, which for the 2020 season puts U-9 at birth year 2011:
a player born in year B is of age group U(season - B). A player may play in an older age group
("roster up") by at most 1 year up to U8, 2 years from U9 to U14, any number from U15; never in
a younger one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from schemas.roster import RosterPlayer, RosterSubmitted
from services.discipline.config import DisciplineConfig, MissingSeasonYear
from services.discipline.problems import DisciplineProblem
from services.rulebook import age_number, playing_up_limit


class RosterProblem(DisciplineProblem):
    """Something wrong with a registered roster; `team_id`/`person_id` say where."""

    def __init__(self, team_id: str, person_id: str | None, what: str) -> None:
        self.team_id = team_id
        self.person_id = person_id
        where = f"team {team_id}" + (f", person {person_id}" if person_id else "")
        super().__init__(where, what)


class TooOld(RosterProblem):
    """A player of an older age group than the division's (no playing down)."""


class PlayingUpTooFar(RosterProblem):
    """A player more years above their own age group than the rules allow."""


class RosterTooLarge(RosterProblem):
    """More players than the age group's tournament roster maximum."""


class TooManyGuests(RosterProblem):
    """More guest players than the age group allows."""


class DuplicateShirtNumber(RosterProblem):
    """Two players of a team with the same shirt number (numbers must match the roster)."""


class ListedTwice(RosterProblem):
    """The same person twice on one roster."""


class OnTwoRosters(RosterProblem):
    """A player on the rosters of two teams of the tournament."""


def check_rosters(
    rosters: Iterable[RosterSubmitted], config: DisciplineConfig
) -> list[RosterProblem]:
    """Every problem of every roster, and of players on more than one roster.

    The config must name the season year (MissingSeasonYear otherwise): ages cannot be judged
    without it, and silently skipping them would pass rosters that are wrong.
    """
    if config.season_year is None:
        raise MissingSeasonYear()
    rosters = sorted(rosters, key=lambda r: r.team_id)
    problems = [problem for roster in rosters for problem in check_roster(roster, config)]
    teams_of: dict[str, list[str]] = defaultdict(list)
    for roster in rosters:
        for player in {p.person_id for p in roster.players}:
            teams_of[player].append(roster.team_id)
    for player, teams in sorted(teams_of.items()):
        for team in teams[1:]:
            problems.append(
                OnTwoRosters(
                    team,
                    player,
                    f"also on the roster of team {teams[0]}: a player may be on one tournament "
                    "roster only, and the second team they play for fields an ineligible player",
                )
            )
    return problems


def check_roster(roster: RosterSubmitted, config: DisciplineConfig) -> list[RosterProblem]:
    """Every problem of one team's roster."""
    return [
        *_listed_twice(roster),
        *_size(roster, config),
        *_shirt_numbers(roster),
        *(p for player in roster.players for p in _age(roster, player, config)),
    ]


def _listed_twice(roster: RosterSubmitted) -> Iterator[RosterProblem]:
    seen: set[str] = set()
    for person in [*roster.players, *roster.staff]:
        if person.person_id in seen:
            yield ListedTwice(roster.team_id, person.person_id, "listed more than once")
        seen.add(person.person_id)


def _size(roster: RosterSubmitted, config: DisciplineConfig) -> Iterator[RosterProblem]:
    band = config.band(roster.age_group)
    if len(roster.players) > band.roster_maximum:
        yield RosterTooLarge(
            roster.team_id,
            None,
            f"{len(roster.players)} players; {roster.age_group} allows {band.roster_maximum}",
        )
    guests = [p.person_id for p in roster.players if p.guest]
    if len(guests) > band.guest_limit:
        yield TooManyGuests(
            roster.team_id,
            None,
            f"{len(guests)} guest players ({', '.join(guests)}); {roster.age_group} allows "
            f"{band.guest_limit}",
        )


def _shirt_numbers(roster: RosterSubmitted) -> Iterator[RosterProblem]:
    wearers: dict[int, list[str]] = defaultdict(list)
    for player in roster.players:
        if player.shirt_number is not None:
            wearers[player.shirt_number].append(player.person_id)
    for number, people in sorted(wearers.items()):
        for person in people[1:]:
            yield DuplicateShirtNumber(
                roster.team_id, person, f"shirt number {number} is also worn by {people[0]}"
            )


def _age(
    roster: RosterSubmitted, player: RosterPlayer, config: DisciplineConfig
) -> Iterator[RosterProblem]:
    division = age_number(roster.age_group)
    own = config.natural_age(player.birth_date.year)
    born = f"born {player.birth_date.year}, age group U{own} in season {config.season_year}"
    if own > division:
        yield TooOld(roster.team_id, player.person_id, f"{born}: too old for {roster.age_group}")
        return
    limit = playing_up_limit(own)
    if limit is not None and division - own > limit:
        yield PlayingUpTooFar(
            roster.team_id,
            player.person_id,
            f"{born}: may play up {limit} year(s), to U{own + limit}, not {roster.age_group}",
        )
