"""Seeded seasons for the region's tools: players with ratings, teams with coaches, some of
them the coaches' own children, a few Alliance players. Same arguments, same season."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from services.region.teams.roster import Player, Season, Team

AGE_GROUPS = ("8U", "10U", "12U", "14U", "16U", "19U")


def season(players: int, teams: int, seed: int = 0, divisions: int = 12) -> Season:
    """`players` players and `teams` teams over `divisions` divisions (age groups, boys and
    girls), ratings 1-10 by a rough bell, one coach's child per team, 5% Alliance players."""
    rng = random.Random(seed)
    names = [f"{AGE_GROUPS[n // 2 % len(AGE_GROUPS)]}{'BG'[n % 2]}" for n in range(divisions)]
    team_list = [
        Team(f"{names[n % divisions]}-{n // divisions + 1:02d}", names[n % divisions], f"c{n}")
        for n in range(teams)
    ]
    coaches = {name: [t.coach for t in team_list if t.division == name] for name in names}
    player_list = []
    for n in range(players):
        division = names[n % divisions]
        waiting = coaches[division]
        rating = min(10, max(1, round(rng.gauss(5.5, 2))))
        born = date(2014 - AGE_GROUPS.index(division[:-1]) * 2, 1 + n % 12, 1 + n % 28)
        player_list.append(
            Player(
                f"p{n:04d}",
                f"Player {n}",
                born,
                division[-1],
                division,
                Decimal(rating),
                waiting.pop() if waiting and rng.random() < 0.5 else None,
                (),
                rng.random() < 0.05,
            )
        )
    return Season(tuple(player_list), tuple(team_list))
