"""Playing time while a game is played, from its quarter lineups: each attending player's
minutes, and what the coach can still do about a shortfall.

Seed 002: players "are still required to play ¾ of every game they attend". A quarter whose
lineup is not yet recorded is one the coach can still give, so a player who can reach the
share only by playing every such quarter is warned about now, and one who can no longer
reach it is flagged. The minutes are `minutes.py`'s arithmetic; `quarters_needed` states the
same rule in whole quarters, which is all the field app's page computes (and its tests check
that the two agree).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from services.region.playing_time.minutes import (
    THREE_QUARTERS,
    can_still_make_it,
    played,
    quarter,
    required,
)

QUARTERS = (1, 2, 3, 4)

#: met: has played the share; on_track: can reach it with some of the quarters left;
#: must_play: only by playing every quarter left (the warning); short: cannot any more.
Status = Literal["met", "on_track", "must_play", "short"]


@dataclass(frozen=True)
class Standing:
    """One attending player's playing time in a game so far."""

    player: str
    minutes: Fraction
    required: Fraction
    quarters_played: int
    quarters_left: int
    needs: int  # quarters still to play to reach the share (0 once met)
    status: Status


def quarters_needed(share: Fraction = THREE_QUARTERS) -> int:
    """The fewest whole quarters that reach the share of any game: k quarters are k/4 of
    it, so k >= 4 x share (three for 3/4, two for 1/2, three for 2/3)."""
    return math.ceil(share * len(QUARTERS))


def standings(
    attending: Iterable[str],
    quarters: Mapping[int, Iterable[str]],
    game_minutes: int,
    share: Fraction = THREE_QUARTERS,
) -> list[Standing]:
    """Every attending player's standing, by player id. `quarters` holds the recorded
    quarters (1-4) and who was on in each; a player on a quarter's lineup attended, whether
    or not the game's lineup listed them."""
    on = {n: frozenset(players) for n, players in quarters.items()}
    unknown = sorted(set(on) - set(QUARTERS))
    if unknown:
        raise ValueError(f"quarter: {unknown[0]} is not a quarter (1-4)")
    left = [n for n in QUARTERS if n not in on]
    minutes_left = played((quarter(n, game_minutes) for n in left), game_minutes)
    needed = required(game_minutes, share)
    length = Fraction(game_minutes, len(QUARTERS))
    players = set(attending).union(*on.values())
    found = []
    for player in sorted(players):
        mine = [n for n, members in on.items() if player in members]
        minutes = played((quarter(n, game_minutes) for n in mine), game_minutes)
        needs = max(0, math.ceil((needed - minutes) / length))
        status: Status
        if needs == 0:
            status = "met"
        elif not can_still_make_it(minutes, game_minutes - minutes_left, game_minutes, share):
            status = "short"
        else:
            status = "must_play" if needs == len(left) else "on_track"
        found.append(Standing(player, minutes, needed, len(mine), len(left), needs, status))
    return found
