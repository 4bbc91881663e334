"""Seeded workloads for the region's tools: seasons of players with ratings and teams with
coaches (some players the coaches' own children, a few Alliance players), and practice
sign-ups of many coaches. Same arguments, same workload."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from services.region.practices.allowances import ALLOWANCES
from services.region.practices.requests import DAYS, Choice, PracticeWindow, SignUp
from services.region.teams.roster import Player, RosterTeam, Season

AGE_GROUPS = ("8U", "10U", "12U", "14U", "16U", "19U")


def season(players: int, teams: int, seed: int = 0, divisions: int = 12) -> Season:
    """`players` players and `teams` teams over `divisions` divisions (age groups, boys and
    girls), ratings 1-10 by a rough bell, one coach's child per team, 5% Alliance players."""
    rng = random.Random(seed)
    names = [f"{AGE_GROUPS[n // 2 % len(AGE_GROUPS)]}{'BG'[n % 2]}" for n in range(divisions)]
    team_list = [
        RosterTeam(
            f"{names[n % divisions]}-{n // divisions + 1:02d}", names[n % divisions], f"c{n}"
        )
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


PRACTICE_DIVISIONS = ("6U", "8U", "10U", "12U", "14U", "16U", "19U")
#: 16:30 to 19:00, with 17:00 and 17:30 asked for most.
STARTS = (*range(16 * 60 + 30, 19 * 60 + 1, 30), 17 * 60, 17 * 60, 17 * 60 + 30)


def practice_sign_up(coaches: int, seed: int = 0) -> SignUp:
    """`coaches` coaches (one in seven with two teams) asking for 3-6 ranked practice times
    each, most around 17:00-18:00, on 24 field sections open 16:30-20:30 on weekdays: the
    small-sided sections for 6U-12U, the full ones for 10U and older."""
    rng = random.Random(seed)
    windows = [
        PracticeWindow(f"{name}-{n}", day, 16 * 60 + 30, 20 * 60 + 30, groups)
        for name, sections, groups in (
            ("Richmond", 8, frozenset({"6U", "8U", "10U", "12U"})),
            ("Brett", 8, frozenset({"6U", "8U", "10U", "12U"})),
            ("Campus", 8, frozenset({"10U", "12U", "14U", "16U", "19U"})),
        )
        for n in range(1, sections + 1)
        for day in DAYS[:5]
    ]
    choices = []
    for coach in range(coaches):
        for extra in range(1 + (coach % 7 == 0)):
            division = rng.choice(PRACTICE_DIVISIONS)
            team = f"{division}-{coach:03d}-{extra}"
            allowed = [w for w in windows if division in w.age_groups]
            minutes = ALLOWANCES[division].minutes
            count, wanted = rng.randint(3, 6), set()
            while len(wanted) < count:
                window = rng.choice(allowed)
                wanted.add((window.field, window.day, rng.choice(STARTS)))
            ranked = sorted(wanted)
            rng.shuffle(ranked)
            for rank, (field, day, start) in enumerate(ranked, 1):
                end = start + minutes
                row = len(choices) + 2
                choices.append(
                    Choice(f"c{coach:03d}", team, division, rank, field, day, start, end, row)
                )
    return SignUp(tuple(windows), tuple(choices))
