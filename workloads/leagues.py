"""Seeded club leagues for the season benchmark: an Alliance league's fall season.

Seed 000: Alliance teams "participate in a Southern California club league - fall and
spring seasons, approximately 15 games in fall and 10 games in spring, as well as State
Cup", and most play "1-3 tournaments in Fall". So: divisions of about ten teams from
regions around Los Angeles; each region has a home field or two, shared by its teams of
every division; each team blacks out one to three tournament weekends and, for a few,
a State Cup weekend. Fifteen games in sixteen weekends do not fit around three blackouts at
one game a weekend, so two are allowed (on different days), as doubleheaders, at a price.
Same sizes and seed, same league.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from services.season.league import (
    HomeField,
    League,
    LeagueDivision,
    LeagueRules,
    LeagueTeam,
    LeagueWeights,
)

FALL_START = date(2026, 8, 29)  # a Saturday
FALL_WEEKENDS = 16
#: Los Angeles basin: where the regions' fields are, roughly (latitude, longitude).
AREA = ((33.70, 34.25), (-118.45, -117.75))
SATURDAY = (8 * 60, 9 * 60 + 45, 11 * 60 + 30, 13 * 60 + 15)
SUNDAY = (10 * 60, 11 * 60 + 45)


def alliance_league(
    divisions: int = 4,
    teams: int = 10,
    games: int = 15,
    seed: int = 1,
    weekends: int = FALL_WEEKENDS,
) -> League:
    """`divisions` of `teams` teams each playing `games`, over `weekends` from late August."""
    rng = random.Random(seed)
    regions = max(teams, 4)
    fields = [_field(rng, region) for region in range(regions)]
    saturdays = [FALL_START + timedelta(days=7 * n) for n in range(weekends)]
    state_cup = saturdays[-4]
    team_list = []
    for d in range(divisions):
        for region in rng.sample(range(regions), teams):
            blackouts = set(rng.sample(saturdays, rng.randint(1, 3)))
            if rng.random() < 0.3:
                blackouts.add(state_cup)
            team_list.append(
                LeagueTeam(
                    f"r{region}-d{d}",
                    f"Region {region} Alliance D{d}",
                    f"d{d}",
                    fields[region].id,
                    frozenset(blackouts),
                )
            )
    return League(
        id=f"alliance-fall-{seed}",
        name=f"Alliance League, Fall (seed {seed})",
        timezone="America/Los_Angeles",
        start=saturdays[0],
        end=saturdays[-1] + timedelta(days=1),
        divisions=tuple(
            LeagueDivision(f"d{d}", f"Division {d}", games, 90) for d in range(divisions)
        ),
        teams=tuple(team_list),
        fields=tuple(fields),
        rules=LeagueRules(max_games_per_weekend=2),
        weights=LeagueWeights(),
    )


def _field(rng: random.Random, region: int) -> HomeField:
    (south, north), (west, east) = AREA
    return HomeField(
        f"r{region}-park",
        f"Region {region} Park",
        {"sat": SATURDAY[: rng.randint(2, 4)], "sun": SUNDAY[: rng.randint(0, 2)]},
        location=(rng.uniform(south, north), rng.uniform(west, east)),
    )
