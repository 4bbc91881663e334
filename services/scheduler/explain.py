"""Why no schedule exists, in a director's terms: divisions, days, field-minutes, teams.

Counting arguments come first (they prove infeasibility outright): games per team against
days and the daily limit, games against field-minutes on the fields a division may use, a
team's unavailability against the games it must play. If they all pass and the construction
still gets stuck, the stuck game is reported with what ruled out each slot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from services.scheduler.construct import Unplaceable
from services.scheduler.games import Game
from services.scheduler.slots import Slot
from services.scheduler.tournament import Division, Tournament, Window


class ScheduleInfeasible(Exception):
    """No schedule satisfies the hard constraints; `reasons` say why, one line each."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("no schedule is possible:\n" + "\n".join(f"- {r}" for r in reasons))


class NoScheduleFound(Exception):
    """No schedule was found within the time limit, and none was proven impossible either."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("no schedule found:\n" + "\n".join(f"- {r}" for r in reasons))


def _games_per_team(division: Division) -> tuple[int, int]:
    """Group games of the largest group, and playoff rounds a team may reach."""
    group = max(len(g.team_ids) for g in division.groups) - 1
    playoff = {"none": 0, "final": 1, "semifinals": 2}[division.playoff]
    return group, playoff


def explain_capacity(tournament: Tournament, games: list[Game], slots: list[Slot]) -> list[str]:
    """Counting reasons the tournament cannot be scheduled; empty when none applies."""
    reasons: list[str] = []
    for division in tournament.divisions:
        reasons += _days_too_few(tournament, division)
        reasons += _field_minutes(tournament, division, games, slots)
    reasons += _shared_fields(tournament, games, slots)
    reasons += _playoff_days(tournament, games, slots)
    reasons += _unavailability(tournament, slots)
    return reasons


def _days_too_few(tournament: Tournament, division: Division) -> list[str]:
    group, playoff = _games_per_team(division)
    days = len(tournament.days)
    if group + playoff <= days * division.max_games_per_day:
        return []
    return [
        f"{division.name}: a team may play {group + playoff} games ({group} group"
        + (f" + {playoff} playoff" if playoff else "")
        + f") but {days} day(s) at most {division.max_games_per_day} a day allow "
        f"{days * division.max_games_per_day}"
    ]


def _offered(tournament: Tournament, slots: list[Slot]) -> str:
    """What the slots offer: their field-minutes, in how many slots, and by day."""
    per_day: dict[str, int] = defaultdict(int)
    for slot in slots:
        per_day[slot.day] += slot.length
    by_day = ", ".join(f"{day.id} {per_day[day.id]}" for day in tournament.days)
    return f"{sum(s.length for s in slots)} in {len(slots)} game slots ({by_day})"


def _field_minutes(
    tournament: Tournament, division: Division, games: list[Game], slots: list[Slot]
) -> Iterator[str]:
    usable = [s for s in slots if tournament.field[s.field].hosts(division)]
    mine = [g for g in games if g.division == division.id]
    if len(mine) > len(usable):
        yield (
            f"{division.name}: {len(mine)} games need {len(mine) * division.field_minutes} "
            f"field-minutes on {division.size} fields it may use, which offer "
            + _offered(tournament, usable)
        )
    if division.playoff_day is not None:
        playoffs = [g for g in mine if g.stage == "playoff"]
        that_day = [s for s in usable if s.day == division.playoff_day]
        if len(playoffs) > len(that_day):
            yield (
                f"{division.name}: {len(playoffs)} playoff games on {division.playoff_day} need "
                f"{len(playoffs) * division.field_minutes} field-minutes; its fields offer "
                f"{sum(s.length for s in that_day)} that day"
            )


def _shared_fields(tournament: Tournament, games: list[Game], slots: list[Slot]) -> Iterator[str]:
    """Divisions of one size class competing for the same fields."""
    for size in sorted({d.size for d in tournament.divisions}):
        divisions = [d for d in tournament.divisions if d.size == size]
        needed = [g for g in games if tournament.division[g.division].size == size]
        usable = [s for s in slots if tournament.field[s.field].size == size]
        if len(divisions) > 1 and len(needed) > len(usable):
            minutes = sum(tournament.division[g.division].field_minutes for g in needed)
            yield (
                f"{size} fields: {', '.join(d.name for d in divisions)} need {len(needed)} games "
                f"({minutes} field-minutes) but the {size} fields offer "
                + _offered(tournament, usable)
            )


def _playoff_days(tournament: Tournament, games: list[Game], slots: list[Slot]) -> Iterator[str]:
    """Divisions whose playoffs share a day and a field size, against that day's slots."""
    for day in tournament.days:
        for size in sorted({d.size for d in tournament.divisions}):
            divisions = [
                d for d in tournament.divisions if d.size == size and d.playoff_day == day.id
            ]
            needed = [
                g for g in games if g.stage == "playoff" and g.division in {d.id for d in divisions}
            ]
            usable = [
                s
                for s in slots
                if s.day == day.id and any(tournament.field[s.field].hosts(d) for d in divisions)
            ]
            if len(divisions) > 1 and len(needed) > len(usable):
                yield (
                    f"the playoffs of {', '.join(d.name for d in divisions)} need "
                    f"{len(needed)} slots of size {size} on {day.id}; {len(usable)} exist"
                )


def games_that_fit(tournament: Tournament, division: Division, slots: list[Slot], team: str) -> int:
    """How many games the team can play back to back (rest between) in these slots of a day.

    Kick-offs taken earliest first is optimal for games of one length, so this is exact for
    the slot grid; slots where the team is unavailable are skipped.
    """
    blocked = [
        item.window
        for item in tournament.unavailable
        if item.team == team and slots and item.day == slots[0].day
    ]
    play = division.play_minutes
    starts = sorted(
        {
            s.start
            for s in slots
            if tournament.field[s.field].hosts(division)
            and not any(w.overlaps(s.start, s.start + play) for w in blocked)
        }
    )
    fitted, free_from = 0, -1
    for start in starts:
        if start >= free_from:
            fitted += 1
            free_from = start + play + tournament.rules.min_rest_minutes
    return fitted


def _unavailability(tournament: Tournament, slots: list[Slot]) -> Iterator[str]:
    """A team whose unavailable windows leave too few possible kick-offs for its games."""
    blocked: dict[str, list[tuple[str, Window]]] = defaultdict(list)
    for item in tournament.unavailable:
        blocked[item.team].append((item.day, item.window))
    by_day: dict[str, list[Slot]] = {day.id: [] for day in tournament.days}
    for slot in slots:
        by_day[slot.day].append(slot)
    for team_id, windows in sorted(blocked.items()):
        team = tournament.team[team_id]
        division = tournament.division[team.division]
        _, playoff = _games_per_team(division)
        group = next(len(g.team_ids) - 1 for g in division.groups if team_id in g.team_ids)
        room = sum(
            min(division.max_games_per_day, games_that_fit(tournament, division, day, team_id))
            for day in by_day.values()
        )
        if room < group + playoff:
            listed = ", ".join(f"{d} {w}" for d, w in windows)
            yield (
                f"team {team_id} ({division.name}) must be able to play {group + playoff} games "
                f"but its unavailability ({listed}) leaves room for {room}"
            )


def explain_stuck(tournament: Tournament, stuck: Unplaceable) -> list[str]:
    """The game the construction could not place, and what ruled out each slot."""
    game = stuck.game
    division = tournament.division[game.division]
    who = f"{game.label('home')} vs {game.label('away')}"
    total = sum(stuck.reasons.values())
    why = "; ".join(f"{count} {reason}" for reason, count in stuck.reasons.items())
    return [
        f"{division.name}: no slot left for {game.id} ({game.round}, {who}); of {total} slots "
        f"on fields it may use: {why}. Add field time on those days or relax the rule that "
        f"rules out most slots"
    ]
