"""An independent check of every hard rule of a season schedule.

It shares nothing with the model but the league: it works on the games as written (ids,
teams, field, date, kick-off) and re-derives each rule, so a bug in the model cannot hide
behind the same bug here. Each violation names the team, weekend or field it is about.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable

from services.scheduler.checker import Violation
from services.scheduler.tournament import clock
from services.season.league import League, Rainout, SeasonGame


def check(
    league: League, games: Iterable[SeasonGame], rainouts: Iterable[Rainout] = ()
) -> list[Violation]:
    """Every violation of a hard rule, in a stable order; empty when the season is valid.
    `rainouts`: weekends (or a field's weekend) rained out, where no game may be left."""
    listed = sorted(games, key=lambda g: g.id)
    rained = list(rainouts)
    found: list[Violation] = []
    found += _ids(listed)
    known = [g for g in listed if _known(league, g, found)]
    for game in known:
        found += _placement(league, game)
        found += [
            _flag("rained-out", [game], f"field {game.field} is rained out on {game.day.date}")
            for r in rained
            if r.covers(game.field, game.day)
        ]
    found += _fields(league, known)
    found += _team_days(league, known)
    found += _counts(league, known)
    return found


def _flag(kind: str, games: Iterable[SeasonGame], message: str) -> Violation:
    return Violation(kind, tuple(sorted(g.id for g in games)), message)


def _ids(games: list[SeasonGame]) -> list[Violation]:
    counts = Counter(g.id for g in games)
    return [
        Violation("duplicate-id", (game_id,), f"game id {game_id} is used {n} times")
        for game_id, n in sorted(counts.items())
        if n > 1
    ]


def _known(league: League, game: SeasonGame, found: list[Violation]) -> bool:
    """The game names teams, a division and a field of the league, two different teams of
    that division; otherwise it is flagged and checked no further."""
    for side in (game.home, game.away):
        if side not in league.team:
            found.append(_flag("unknown-team", [game], f"team {side} is not in the league"))
            return False
    if game.field not in league.field:
        found.append(_flag("unknown-field", [game], f"field {game.field} is not in the league"))
        return False
    divisions = {league.team[game.home].division, league.team[game.away].division}
    if game.home == game.away or divisions != {game.division}:
        what = f"{game.home} v {game.away} is not a game between two teams of {game.division}"
        found.append(_flag("not-a-pairing", [game], what))
        return False
    return True


def _placement(league: League, game: SeasonGame) -> list[Violation]:
    """At the home team's field, on a day of the season, at one of its kick-offs, outside
    both teams' blackouts."""
    found = []
    home_field = league.team[game.home].home_field
    if game.field != home_field:
        what = f"played at {game.field}, not at {game.home}'s home field {home_field}"
        found.append(_flag("not-home-field", [game], what))
    date = game.day.date
    if not league.start <= date <= league.end or game.day not in league.days:
        found.append(_flag("outside-season", [game], f"{date} is outside the season"))
    elif game.kickoff not in league.field[game.field].kickoffs(game.day):
        what = f"field {game.field} has no kick-off at {clock(game.kickoff)} on {date}"
        found.append(_flag("no-such-kickoff", [game], what))
    for team in (game.home, game.away):
        if game.day.weekend in league.team[team].blackouts:
            what = f"team {team} has blacked out the weekend of {game.day.weekend}"
            found.append(_flag("blackout", [game], what))
    return found


def _fields(league: League, games: list[SeasonGame]) -> list[Violation]:
    """No two games on one field overlap."""
    found = []
    by_field: dict[tuple[str, object], list[SeasonGame]] = defaultdict(list)
    for game in games:
        by_field[game.field, game.day.date].append(game)
    for (field, date), listed in sorted(by_field.items(), key=lambda item: str(item[0])):
        ordered = sorted(listed, key=lambda g: g.kickoff)
        for first, second in itertools.combinations(ordered, 2):
            if second.kickoff < first.end(league):
                what = f"field {field} is double-booked on {date} at {clock(second.kickoff)}"
                found.append(_flag("field-double-booked", [first, second], what))
    return found


def _team_days(league: League, games: list[SeasonGame]) -> list[Violation]:
    """A team plays once a day, within the weekend limit, and meets an opponent once a
    weekend."""
    found = []
    days: dict[tuple[str, object], list[SeasonGame]] = defaultdict(list)
    weekends: dict[tuple[str, object], list[SeasonGame]] = defaultdict(list)
    pairs: dict[tuple[str, str, object], list[SeasonGame]] = defaultdict(list)
    for game in games:
        pairs[(*sorted((game.home, game.away)), game.day.weekend)].append(game)
        for team in (game.home, game.away):
            days[team, game.day.date].append(game)
            weekends[team, game.day.weekend].append(game)
    limit = league.rules.max_games_per_weekend
    for (team, date), listed in sorted(days.items(), key=str):
        if len(listed) > 1:
            found.append(_flag("team-twice-a-day", listed, f"team {team} plays twice on {date}"))
    for (team, weekend), listed in sorted(weekends.items(), key=str):
        if len(listed) > limit:
            what = f"team {team} plays {len(listed)} games the weekend of {weekend} (limit {limit})"
            found.append(_flag("weekend-limit", listed, what))
    for (a, b, weekend), listed in sorted(pairs.items(), key=str):
        if len(listed) > 1:
            what = f"{a} and {b} meet {len(listed)} times the weekend of {weekend}"
            found.append(_flag("pair-twice-a-weekend", listed, what))
    return found


def _counts(league: League, games: list[SeasonGame]) -> list[Violation]:
    """Every team plays its division's games, meets each opponent an even share of times,
    and plays home and away within one, against each opponent and overall."""
    found = []
    played: Counter[str] = Counter()
    hosted: Counter[str] = Counter()
    met: dict[tuple[str, str], list[SeasonGame]] = defaultdict(list)
    for game in games:
        played.update((game.home, game.away))
        hosted[game.home] += 1
        met[game.home, game.away].append(game)
    for team in league.teams:
        games_per_team = league.division[team.division].games_per_team
        if played[team.id] != games_per_team:
            what = f"team {team.id} plays {played[team.id]} games, not {games_per_team}"
            found.append(Violation("games-per-team", (), what))
        elif abs(2 * hosted[team.id] - games_per_team) > 1:
            what = f"team {team.id} plays {hosted[team.id]} of its {games_per_team} games at home"
            found.append(Violation("home-away-balance", (), what))
    for division in league.divisions:
        low, high = league.meetings(division.id)
        members = sorted(team.id for team in league.members(division.id))
        for a, b in itertools.combinations(members, 2):
            at_a, at_b = met[a, b], met[b, a]
            if not low <= len(at_a) + len(at_b) <= high:
                what = f"{a} and {b} meet {len(at_a) + len(at_b)} times, not {low}-{high}"
                found.append(_flag("uneven-meetings", at_a + at_b, what))
            elif abs(len(at_a) - len(at_b)) > 1:
                what = f"{a} and {b}: {len(at_a)} games at {a}, {len(at_b)} at {b}"
                found.append(_flag("pair-home-away", at_a + at_b, what))
    return found
