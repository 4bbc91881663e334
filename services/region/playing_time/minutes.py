"""Minutes played and the playing-time rule, as pure arithmetic on a game's stints.

A stint is the minutes from coming on to going off (a quarter is a stint of a quarter of
the game). Overlapping or repeated stints count once, and nothing counts outside the game,
so a card written twice or a substitution noted late never adds minutes. The share a player
must play is the region's (Region 92: three quarters; some regions say half) of the game's
length as played.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

THREE_QUARTERS = Fraction(3, 4)


@dataclass(frozen=True)
class Stint:
    on: Fraction  # minute of the game the player came on
    off: Fraction  # and went off


def parse_share(text: str) -> Fraction:
    """A region's share written as a fraction ('3/4', '1/2', '0.5'); ValueError saying what
    is wrong when it is not one between 0 (excluded) and 1."""
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    if not 0 < share <= 1:
        raise ValueError(f"{text!r} is not a share between 0 and 1 (e.g. 3/4)")
    return share


def quarter(n: int, game_minutes: int) -> Stint:
    """Quarter `n` (1-4) of a game of `game_minutes`."""
    length = Fraction(game_minutes, 4)
    return Stint((n - 1) * length, n * length)


def played(stints: Iterable[Stint], game_minutes: int) -> Fraction:
    """The minutes covered by the stints within the game (their union, clipped)."""
    total, reached = Fraction(0), Fraction(0)
    for stint in sorted(stints, key=lambda s: s.on):
        start = max(stint.on, reached, Fraction(0))
        end = min(stint.off, Fraction(game_minutes))
        if end > start:
            total += end - start
            reached = end
    return total


def required(game_minutes: int, share: Fraction = THREE_QUARTERS) -> Fraction:
    """The minutes an attending player must play: exact, so three of four quarters of a
    50-minute game (37.5 minutes) are three quarters of it."""
    return share * game_minutes


def can_still_make_it(
    played_so_far: Fraction, minute: Fraction, game_minutes: int, share: Fraction = THREE_QUARTERS
) -> bool:
    """Whether a player who has played `played_so_far` by `minute` can still reach the
    share by playing the rest of the game: what a warning during the game is based on."""
    left = max(Fraction(0), Fraction(game_minutes) - minute)
    return played_so_far + left >= required(game_minutes, share)
