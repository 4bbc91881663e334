"""Why a team got fewer practices than its allowance: for each choice it did not get, what
took that time (another team on the field, the coach's other team, its own session that
day), and the free times that would still fit.

On an optimal allocation every choice not given to a team short of sessions clashes with a
session given (else giving it would have scored more), so each gets a reason; an allocation
stopped by the time limit may leave one with none, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.region.practices.allocation import Allocation, conflicts
from services.region.practices.allowances import age_group
from services.region.practices.requests import Choice, clock

#: Free times are offered on this grid, at most this many per team.
STEP, OFFERED = 30, 3


@dataclass(frozen=True)
class Shortfall:
    team: str
    coach: str
    given: int
    allowed: int
    reasons: tuple[str, ...]
    free: tuple[str, ...]


def shortfalls(allocation: Allocation) -> list[Shortfall]:
    """Every team given fewer sessions than its allowance, in the order teams signed up."""
    found = []
    for team, (coach, _) in allocation.sign_up.teams.items():
        given = allocation.sessions(team)
        allowed = allocation.sign_up.allowance(team).sessions
        if len(given) < allowed:
            missed = [c for c in allocation.sign_up.choices if c.team == team and c not in given]
            reasons = tuple(_why(allocation, c) for c in sorted(missed, key=lambda c: c.rank))
            found.append(
                Shortfall(team, coach, len(given), allowed, reasons, _free(allocation, team))
            )
    return found


def _why(allocation: Allocation, choice: Choice) -> str:
    wanted = f"choice {choice.rank}, {choice.field} {choice.when}"
    for other in allocation.chosen:
        if not conflicts(choice, other):
            continue
        if other.team == choice.team:
            return f"{wanted}: the team already practises on {other.day} (choice {other.rank})"
        if other.coach == choice.coach:
            return (
                f"{wanted}: coach {other.coach} has {other.team} then ({other.field} {other.when})"
            )
        return (
            f"{wanted}: {other.field} is {other.team}'s then ({other.when}, "
            f"coach {other.coach}'s choice {other.rank})"
        )
    return f"{wanted}: not given before the time limit ({allocation.status})"


def _free(allocation: Allocation, team: str) -> tuple[str, ...]:
    """Up to `OFFERED` times, on the team's fields and days without a session, that clash
    with nothing given."""
    sign_up = allocation.sign_up
    coach, division = sign_up.teams[team]
    group = age_group(division) or ""
    minutes = sign_up.allowance(team).minutes
    free = []
    for window in sign_up.windows:
        for start in range(window.start, window.end - minutes + 1, STEP):
            if not window.fits(window.day, start, start + minutes, group):
                break
            probe = Choice(
                coach, team, division, 0, window.field, window.day, start, start + minutes, 0
            )
            if not any(conflicts(probe, c) for c in allocation.chosen):
                free.append(f"{window.field} {window.day} {clock(start)}-{clock(start + minutes)}")
                break  # one per window is enough to offer
        if len(free) == OFFERED:
            break
    return tuple(free)
