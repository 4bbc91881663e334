"""What `practices allocate` prints and writes: the sessions per team, the explanations of
every team short of its allowance, and the allocation as CSV."""

from __future__ import annotations

import csv
import io

from services.region.practices.allocation import Allocation
from services.region.practices.explain import shortfalls
from services.region.practices.requests import Choice, clock

CSV_COLUMNS = ("team", "coach", "division", "field", "day", "start", "end", "choice")


def summary(allocation: Allocation) -> str:
    teams = allocation.sign_up.teams
    allowed = sum(allocation.sign_up.allowance(t).sessions for t in teams)
    firsts = sum(c.rank == 1 for c in allocation.chosen)
    return (
        f"{len(teams)} teams, {len(allocation.chosen)} of {allowed} sessions given "
        f"({firsts} first choices; {allocation.status}, {allocation.seconds:.1f} s); "
        f"the greedy rank-by-rank allocation gives {len(allocation.greedy)}"
    )


def text_report(allocation: Allocation) -> str:
    lines = [summary(allocation), ""]
    for team, (coach, division) in allocation.sign_up.teams.items():
        sessions = "; ".join(_session(c) for c in allocation.sessions(team)) or "none"
        lines.append(f"{team} (coach {coach}, {division}): {sessions}")
    short = shortfalls(allocation)
    lines += ["", f"Short of their allowance ({len(short)}):"]
    for s in short:
        lines.append(f"  {s.team} (coach {s.coach}): {s.given} of {s.allowed}")
        lines += [f"    {reason}" for reason in s.reasons]
        if s.free:
            lines.append(f"    still free: {', '.join(s.free)}")
    return "\n".join(lines) + "\n"


def _session(choice: Choice) -> str:
    return f"{choice.field} {choice.when} (choice {choice.rank})"


def allocation_csv(allocation: Allocation) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for team in allocation.sign_up.teams:
        for c in allocation.sessions(team):
            writer.writerow(
                (c.team, c.coach, c.division, c.field, c.day, clock(c.start), clock(c.end), c.rank)
            )
    return out.getvalue()
