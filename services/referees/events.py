"""The assignment as the project's events: one `RefereesAssigned` per game, for the
`schedule` topic, published like the schedule itself.

Ids are uuid5 of the tournament, the game and the crew (the scheduler's `with_id`), so
publishing the same assignment twice sends the same ids and consumers drop the repeats; a
changed crew gets a new id, and its `occurred_at` (the publishing time) makes it the latest.
"""

from __future__ import annotations

from datetime import datetime

from schemas.referees import CrewMember, RefereesAssigned
from services.referees.duties import Assignment, AssignmentProblem
from services.scheduler.events import UNSET, with_id


def assignment_events(
    problem: AssignmentProblem,
    assignment: Assignment,
    occurred_at: datetime,
    source: str = "referees",
) -> list[RefereesAssigned]:
    """One event per scheduled game, in kick-off order."""
    events = []
    for match in problem.matches:
        crew, unfilled = [], []
        for seat in match.seats:
            referee_id = assignment.get(seat)
            if referee_id is None:
                unfilled.append(seat[1])
            else:
                name = problem.pool.referee[referee_id].name
                crew.append(CrewMember(position=seat[1], referee_id=referee_id, referee_name=name))
        event = RefereesAssigned(
            event_id=UNSET,
            tournament_id=problem.tournament.id,
            occurred_at=occurred_at,
            source=source,
            division_id=match.division,
            game_id=match.id,
            crew=crew,
            unfilled=unfilled,
        )
        events.append(with_id(event, f"referees/{match.id}"))
    return events
