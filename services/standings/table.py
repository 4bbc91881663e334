"""Each team's record over its group games: what the table shows and what tiebreakers compare.

The table shows real goals; tiebreakers compare goals as the rule profile counts them (the
Alliance Cup caps them at four per game: goal difference at +/-4, goals for at 4, goals
against at 4, so a 9-0 counts no more than a 4-0).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from schemas.match import CardIssued
from services.standings.profiles import FairPlay, RuleProfile
from services.standings.results import GameResult


@dataclass
class Record:
    """One team's group-stage record."""

    team_id: str
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0
    tb_for: int = 0
    """Goals scored as tiebreakers count them (capped per game if the profile caps)."""
    tb_against: int = 0
    tb_difference: int = 0
    shutouts: int = 0
    fair_play: int = 0
    """Fair-play (FIFA) or disciplinary (UEFA) points; higher is better."""
    forfeited: bool = False
    disqualified: bool = False

    @property
    def goal_difference(self) -> int:
        """Real goals for minus against, as the table prints it."""
        return self.goals_for - self.goals_against


def counted_goals(scored: int, conceded: int, cap: int | None) -> tuple[int, int, int]:
    """(for, against, difference) of one game as tiebreakers count them."""
    if cap is None:
        return scored, conceded, scored - conceded
    return min(scored, cap), min(conceded, cap), max(-cap, min(cap, scored - conceded))


def points(profile: RuleProfile, outcome: GameResult, team: str) -> int:
    """Points the profile gives one team for one game."""
    verdict = outcome.verdict(team)
    return {"win": profile.win, "draw": profile.draw, "loss": profile.loss}[verdict]


def build_records(
    teams: Iterable[str],
    outcomes: Iterable[GameResult],
    profile: RuleProfile,
    *,
    cards: Iterable[CardIssued] = (),
    disqualified: Iterable[str] = (),
) -> dict[str, Record]:
    """Every team's record from the group games that have a result."""
    records = {team: Record(team) for team in teams}
    for outcome in outcomes:
        for team in (outcome.home, outcome.away):
            _add(records[team], outcome, profile)
    for team, score in fair_play_points(cards, profile.fair_play).items():
        if team in records:
            records[team].fair_play = score
    for team in disqualified:
        if team in records:
            records[team].disqualified = True
    return records


def _add(record: Record, outcome: GameResult, profile: RuleProfile) -> None:
    scored, conceded = outcome.goals(record.team_id)
    verdict = outcome.verdict(record.team_id)
    record.played += 1
    record.won += verdict == "win"
    record.drawn += verdict == "draw"
    record.lost += verdict == "loss"
    record.points += points(profile, outcome, record.team_id)
    record.goals_for += scored
    record.goals_against += conceded
    tb_for, tb_against, tb_difference = counted_goals(scored, conceded, profile.goal_cap)
    record.tb_for += tb_for
    record.tb_against += tb_against
    record.tb_difference += tb_difference
    forfeited = record.team_id in outcome.forfeited_by
    record.shutouts += conceded == 0 and not forfeited
    record.forfeited = record.forfeited or forfeited


def fair_play_points(cards: Iterable[CardIssued], weights: FairPlay) -> dict[str, int]:
    """Each team's fair-play points from its players' cards, one deduction per player and match.

    A player's cards in one match reduce to one deduction (FIFA: "Only one of the above
    deductions shall be applied to a player in a single match"): a direct red (`red`; a
    player's 'ejection' counts as one), plus `yellow` if the player had been cautioned; else
    a send-off for a second caution (`yellow_red`; two cautions count so even if the send-off
    was not posted separately); else a caution (`yellow`). Coaches' and officials' cards are
    left out: the FIFA and UEFA rules count the players'.
    """
    shown: defaultdict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for card in cards:
        if card.role == "player":
            shown[(card.game_id, card.team_id, card.person_id)][card.card] += 1
    totals: Counter[str] = Counter()
    for (_, team, _), kinds in shown.items():
        cautioned = kinds["yellow"] + kinds["second_yellow"] > 0
        if kinds["red"] + kinds["ejection"] > 0:
            totals[team] += weights.red + (weights.yellow if cautioned else 0)
        elif kinds["second_yellow"] > 0 or kinds["yellow"] >= 2:
            totals[team] += weights.yellow_red
        elif cautioned:
            totals[team] += weights.yellow
    return dict(totals)
