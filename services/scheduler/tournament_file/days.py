"""Tournament days, and the windows in which a team cannot or would rather not play."""

from __future__ import annotations

from services.scheduler.tournament import Window
from services.scheduler.tournament_file.values import (
    Date,
    DayRef,
    Id,
    StrictEntry,
    TeamRef,
    TimeWindow,
)


class DayEntry(StrictEntry):
    id: Id
    date: Date


class TeamWindowEntry(StrictEntry):
    """`unavailable:` (hard) or `requests:` (soft) for one team on one day; the whole day
    when no window is given."""

    team: TeamRef
    day: DayRef
    window: TimeWindow = Window(0, 24 * 60)
