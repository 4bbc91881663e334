"""First-round pairings: which wild card takes which wild-card slot of the bracket.

Rulebook: "If there are playoffs and a wild card team must be selected for the playoff rounds,
that team will not be assigned to play the winner of its own division in the first playoff
round." The scheduler publishes slots such as 'Winner Group A v Wild card 1'; wild cards go to
slots in rank order unless that breaks the rule. Slot by slot, the best-ranked wild card is
chosen that is allowed there *and* leaves a valid assignment for the remaining slots (checked
by bipartite matching), so the result is the valid assignment closest to rank order, found in
polynomial time however many wild cards there are. When no valid assignment exists (a single
group), rank order is kept: the rule cannot be met.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from schemas.schedule import GameSlot, TeamSource
from services.standings.qualification import Position


def assign_wild_cards(
    slots: Sequence[GameSlot], wild_cards: Sequence[Position], group_of: Mapping[str, str]
) -> dict[int, str]:
    """Wild-card slot number -> team; empty while any wild card is still unknown."""
    known = [team for team in wild_cards if team is not None]
    if not known or len(known) != len(wild_cards):
        return {}
    forbidden = _forbidden_groups(slots)

    def allowed(position: int, team: str) -> bool:
        return group_of.get(team) != forbidden.get(position)

    positions = list(range(1, len(known) + 1))
    if not _matchable(positions, known, allowed):
        return dict(enumerate(known, start=1))
    assignment: dict[int, str] = {}
    remaining = list(known)
    for index, position in enumerate(positions):
        for team in remaining:
            rest = [other for other in remaining if other != team]
            if allowed(position, team) and _matchable(positions[index + 1 :], rest, allowed):
                assignment[position] = team
                remaining = rest
                break
    return assignment


def _forbidden_groups(slots: Sequence[GameSlot]) -> dict[int, str]:
    """Wild-card slot number -> the group whose winner that slot meets in the first round."""
    forbidden: dict[int, str] = {}
    for slot in slots:
        for winner, wild in (
            (slot.home_source, slot.away_source),
            (slot.away_source, slot.home_source),
        ):
            group = _winners_group(winner)
            if group is not None and wild is not None and wild.kind == "wild_card":
                forbidden[wild.position or 0] = group
    return forbidden


def _winners_group(source: TeamSource | None) -> str | None:
    """The group of a 'Winner Group G' placeholder; None for any other source."""
    if source is None or source.kind != "group_position" or source.position != 1:
        return None
    return source.group_id


def _matchable(
    positions: Sequence[int], teams: Sequence[str], allowed: Callable[[int, str], bool]
) -> bool:
    """Every position can get a different allowed team (Kuhn's augmenting paths)."""
    holder: dict[str, int] = {}

    def place(position: int, seen: set[str]) -> bool:
        for team in teams:
            if team in seen or not allowed(position, team):
                continue
            seen.add(team)
            if team not in holder or place(holder[team], seen):
                holder[team] = position
                return True
        return False

    return all(place(position, set()) for position in positions)
