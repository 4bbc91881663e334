"""The seeded order of a division and the snake draft: the baseline the model is measured by.

Regions without an optimiser form teams by a snake draft: players best first, teams pick
1, 2, ..., k, then k, ..., 1, and so on. Here the coaches' own children are placed first, on
their coaches' teams, and count toward those teams' sizes; then every team takes the best
player left when its turn comes, skipping teams that are full. Players of equal rating come
in an order drawn from the seed, so a run is reproducible and another seed gives another draw.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from services.region.teams.roster import Player, RosterTeam


class FormationError(ValueError):
    """Teams cannot be formed as the rules say (the message says which division and why)."""


def seeded(
    players: Sequence[Player], teams: Sequence[RosterTeam], seed: int
) -> tuple[list[Player], list[RosterTeam]]:
    """The players best rated first (ties in the seed's order) and the teams in the seed's
    order."""
    rng = random.Random(seed)
    shuffled = list(players)
    rng.shuffle(shuffled)
    order = list(teams)
    rng.shuffle(order)
    return sorted(shuffled, key=lambda player: -player.rating), order


def capacities(
    division: str, players: Sequence[Player], teams: Sequence[RosterTeam], own: Mapping[str, str]
) -> dict[str, int]:
    """Team sizes differing by at most one; the larger sizes go first to the teams with most
    of their coach's own children (then in `teams` order). Raises `FormationError` when a
    coach has more own children than a team may hold."""
    small, extra = divmod(len(players), len(teams))
    children = {team.id: 0 for team in teams}
    for team_id in own.values():
        children[team_id] += 1
    ranked = sorted(teams, key=lambda team: -children[team.id])
    sizes = {team.id: small + (n < extra) for n, team in enumerate(ranked)}
    for team in teams:
        if children[team.id] > sizes[team.id]:
            raise FormationError(
                f"{division}: team {team.id} would hold {children[team.id]} of its coach's own "
                f"children, more than its {sizes[team.id]} places ({len(players)} players "
                f"in {len(teams)} teams)"
            )
    return sizes


def snake_draft(
    division: str,
    players: Sequence[Player],
    teams: Sequence[RosterTeam],
    own: Mapping[str, str],
) -> dict[str, str]:
    """The snake draft of `players` (in the order given: best first) among `teams` (in the
    order given), the coaches' own children (`own`) placed first."""
    sizes = capacities(division, players, teams, own)
    assignment = dict(own)
    room = {team.id: sizes[team.id] for team in teams}
    for team_id in own.values():
        room[team_id] -= 1
    left = [player for player in players if player.id not in own]
    forward = True
    while left:
        turn = teams if forward else list(reversed(teams))
        for team in turn:
            if left and room[team.id] > 0:
                assignment[left.pop(0).id] = team.id
                room[team.id] -= 1
        forward = not forward
    return assignment
