"""The games a tournament needs: a round robin in every group, then the playoff slots.

Playoff games do not know their teams yet; they name where the teams come from
(`TeamSource`) and which games must be over first (`feeders`). `candidates` is every team that
could still fill the slot: the scheduler honours each of their limits, so whoever qualifies can
play the game.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.schedule import TeamSource
from services.scheduler.tournament import Division, Tournament


@dataclass(frozen=True)
class Game:
    id: str
    division: str
    stage: str  # "group" or "playoff"
    round: str  # "group", "semifinal", "final"
    order: int  # round-robin round, or the playoff level after the last group round
    group: str | None = None
    home: str | None = None
    away: str | None = None
    home_source: TeamSource | None = None
    away_source: TeamSource | None = None
    feeders: tuple[str, ...] = ()
    candidates: frozenset[str] = frozenset()

    @property
    def teams(self) -> tuple[str, ...]:
        """The teams known to play it (none for a playoff slot)."""
        return tuple(team for team in (self.home, self.away) if team is not None)

    def label(self, side: str) -> str:
        """Who plays on a side: the team id, or 'Winner Group A' for a slot."""
        team = self.home if side == "home" else self.away
        source = self.home_source if side == "home" else self.away_source
        return team if team is not None else (source.label if source else "?")


def round_robin(teams: tuple[str, ...]) -> list[list[tuple[str, str]]]:
    """Rounds of pairings by the circle method; home goes to the team with fewer home games.

    Every team plays every other once and at most once per round, so playing the rounds in
    order spreads each team's games evenly.
    """
    players: list[str | None] = list(teams)
    if len(players) % 2:
        players.append(None)
    count = len(players)
    home = dict.fromkeys(teams, 0)
    rounds = []
    for number in range(count - 1):
        pairs = []
        for i in range(count // 2):
            a, b = players[i], players[count - 1 - i]
            if a is None or b is None:
                continue
            if home[a] > home[b] or (home[a] == home[b] and (number + i) % 2):
                a, b = b, a
            home[a] += 1
            pairs.append((a, b))
        rounds.append(pairs)
        players = [players[0], players[-1], *players[1:-1]]
    return rounds


def division_games(division: Division) -> list[Game]:
    """Group games in round order, then the division's playoff slots."""
    games: list[Game] = []
    last_round = 0
    for group in division.groups:
        number = 0
        for round_number, pairs in enumerate(round_robin(group.team_ids), start=1):
            for home, away in pairs:
                number += 1
                games.append(
                    Game(
                        id=f"{division.id}-{group.id}{number}",
                        division=division.id,
                        stage="group",
                        round="group",
                        order=round_number,
                        group=group.id,
                        home=home,
                        away=away,
                        candidates=frozenset((home, away)),
                    )
                )
            last_round = max(last_round, round_number)
    return games + _playoffs(division, games, last_round)


def _playoffs(division: Division, group_games: list[Game], last_round: int) -> list[Game]:
    """Playoff slots: semi-finals (if any) fed by the groups, and a final.

    Three groups send their winners and the best runner-up (the wild card): 'Seed 1 v Wild
    card 1' and 'Seed 2 v Seed 3', the seeds being the winners ranked across the division.
    Seats are named by rank, not by group, because the rulebook keeps a wild card from its own
    winner: the standings re-pair the seats when the wild card shares Seed 1's group, and a
    seat named 'Winner Group A' would then be wrong. Every group game feeds both semi-finals
    and every team is a candidate for both.
    """
    if division.playoff == "none":
        return []
    groups = division.groups

    def seat(group: int, position: int) -> TeamSource:
        return TeamSource(kind="group_position", group_id=groups[group].id, position=position)

    def fed_by(*group_indexes: int) -> tuple[tuple[str, ...], frozenset[str]]:
        ids = {groups[i].id for i in group_indexes}
        feeders = tuple(g.id for g in group_games if g.group in ids)
        teams = frozenset(t for i in group_indexes for t in groups[i].team_ids)
        return feeders, teams

    def slot(game_id: str, name: str, level: int, home: TeamSource, away: TeamSource,
             feeders: tuple[str, ...], candidates: frozenset[str]) -> Game:  # fmt: skip
        return Game(
            id=f"{division.id}-{game_id}",
            division=division.id,
            stage="playoff",
            round=name,
            order=last_round + level,
            home_source=home,
            away_source=away,
            feeders=feeders,
            candidates=candidates,
        )

    everyone = fed_by(*range(len(groups)))
    if division.playoff == "final":
        pairing = (seat(0, 1), seat(0, 2)) if len(groups) == 1 else (seat(0, 1), seat(1, 1))
        return [slot("F", "final", 1, *pairing, *everyone)]
    if len(groups) == 3:
        seed = [TeamSource(kind="seed", position=n) for n in (1, 2, 3)]
        wild_card = TeamSource(kind="wild_card", position=1)
        semis = [
            slot("SF1", "semifinal", 1, seed[0], wild_card, *everyone),
            slot("SF2", "semifinal", 1, seed[1], seed[2], *everyone),
        ]
    else:
        pairings = {
            1: [((0, 1), (0, 4), (0,)), ((0, 2), (0, 3), (0,))],
            2: [((0, 1), (1, 2), (0, 1)), ((1, 1), (0, 2), (0, 1))],
            4: [((0, 1), (1, 1), (0, 1)), ((2, 1), (3, 1), (2, 3))],
        }[len(groups)]
        semis = [
            slot(f"SF{n}", "semifinal", 1, seat(*home), seat(*away), *fed_by(*feeding))
            for n, (home, away, feeding) in enumerate(pairings, start=1)
        ]
    final = slot(
        "F",
        "final",
        2,
        TeamSource(kind="winner", game_id=semis[0].id),
        TeamSource(kind="winner", game_id=semis[1].id),
        (semis[0].id, semis[1].id),
        semis[0].candidates | semis[1].candidates,
    )
    return [*semis, final]


def tournament_games(tournament: Tournament) -> list[Game]:
    """Every game of every division, in file order."""
    return [game for division in tournament.divisions for game in division_games(division)]
