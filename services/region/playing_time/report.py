"""The playing-time reports: every shortfall per game, and per player over the season."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from services.region.playing_time.cards import Appearance
from services.region.playing_time.minutes import played, required


@dataclass(frozen=True)
class PlayingShortfall:
    appearance: Appearance
    played: Fraction
    required: Fraction

    def __str__(self) -> str:
        a = self.appearance
        return (
            f"{a.day} {a.game} {a.team}: {a.player} played {_minutes(self.played)} of the "
            f"{_minutes(self.required)} minutes required ({a.game_minutes}-minute game)"
        )


@dataclass(frozen=True)
class PlayerSeason:
    """One player's season: games attended, and the shortfalls among them."""

    player: str
    team: str
    attended: int
    short: tuple[PlayingShortfall, ...]

    @property
    def minutes_short(self) -> Fraction:
        return sum((s.required - s.played for s in self.short), Fraction(0))


def shortfalls(appearances: Sequence[Appearance], share: Fraction) -> list[PlayingShortfall]:
    """Every attending player who played less than the share of the game, by date."""
    found = []
    for a in appearances:
        minutes, needed = played(a.stints, a.game_minutes), required(a.game_minutes, share)
        if a.attended and minutes < needed:
            found.append(PlayingShortfall(a, minutes, needed))
    return sorted(found, key=lambda s: (s.appearance.day, s.appearance.game, s.appearance.player))


def season(appearances: Sequence[Appearance], share: Fraction) -> list[PlayerSeason]:
    """Every player with a shortfall, most games short first."""
    short = shortfalls(appearances, share)
    players = sorted({(a.player, a.team) for a in appearances})
    lines = [
        PlayerSeason(
            player,
            team,
            sum(a.attended for a in appearances if (a.player, a.team) == (player, team)),
            tuple(s for s in short if (s.appearance.player, s.appearance.team) == (player, team)),
        )
        for player, team in players
    ]
    return sorted((line for line in lines if line.short), key=lambda line: -len(line.short))


def text_report(appearances: Sequence[Appearance], share: Fraction) -> str:
    games = {a.game for a in appearances}
    short = shortfalls(appearances, share)
    first: date | None = min((a.day for a in appearances), default=None)
    lines = [
        f"{len(games)} games from {first}: every attending player must play {share} of the "
        f"game; {len(short)} shortfalls.",
        "",
        "Per game:",
        *(f"  {s}" for s in short),
        "",
        "Per season:",
    ]
    for line in season(appearances, share):
        lines.append(
            f"  {line.player} ({line.team}): short in {len(line.short)} of {line.attended} games "
            f"attended, {_minutes(line.minutes_short)} minutes in all"
        )
    return "\n".join(lines) + "\n"


def _minutes(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"
