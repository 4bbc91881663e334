"""Seeded referee pools for a generated cup: about 1.2 referees per field, as a region has.

Grades lean to the lowest level (most referees are parents with the entry badge), a few are
teenagers (too young for the oldest age groups), a third coach a team of the cup (tied to it
through its coach id, as the loader ties them), some are free on one day only or half a day,
some reach only the venues near them, and each has a daily maximum of four to six games.
Same tournament and seed, same pool.
"""

from __future__ import annotations

import random
from datetime import date

from services.referees.pool import DEFAULT_GRADES, AssignorRules, Pool, Referee
from services.scheduler.tournament import Tournament, Window

PER_FIELD = 1.2


def referee_pool(tournament: Tournament, seed: int = 1) -> Pool:
    """A pool of round(1.2 x fields) referees for the tournament."""
    rng = random.Random(f"referees-{tournament.id}-{seed}")
    count = max(2, round(PER_FIELD * len(tournament.fields)))
    coaches = list(tournament.teams_of_coach)
    rng.shuffle(coaches)
    first = tournament.days[0].date
    venues = [v.id for v in tournament.venues]
    referees = []
    for n in range(count):
        coach = coaches[n] if n % 3 == 0 and n // 3 < len(coaches) else None
        teams = frozenset(tournament.teams_of_coach[coach]) if coach else frozenset()
        clubs = {tournament.team[t].club for t in teams}
        born = first.year - rng.choice([15, 16, 17, 22, 30, 38, 45, 52, 60])
        referees.append(
            Referee(
                id=coach or f"ref{n + 1}",
                name=f"Referee {n + 1}",
                grade=rng.choices(DEFAULT_GRADES, weights=[5, 3, 2, 1])[0],
                birth_date=date(born, rng.randint(1, 12), rng.randint(1, 28)),
                available=_availability(rng, tournament),
                venues=None
                if rng.random() < 0.6 or len(venues) < 2
                else frozenset(rng.sample(venues, k=rng.randint(1, min(2, len(venues))))),
                max_games_per_day=rng.randint(4, 6),
                teams=teams,
                club=min(clubs) if clubs else "",
            )
        )
    return Pool(tuple(referees), AssignorRules())


def _availability(
    rng: random.Random, tournament: Tournament
) -> dict[str, tuple[Window, ...]] | None:
    """Free throughout (six in ten), or on some days, some of them half a day."""
    if rng.random() < 0.6:
        return None
    days = [d.id for d in tournament.days]
    chosen = rng.sample(days, k=rng.randint(1, len(days)))
    halves = (Window(7 * 60, 14 * 60), Window(12 * 60, 22 * 60), Window(0, 24 * 60))
    return {day: (rng.choice(halves),) for day in chosen}
