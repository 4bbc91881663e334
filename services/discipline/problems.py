"""Named rule failures.

A discipline problem is a fact worth reporting, not a reason to stop: the committee wants every
problem in a batch of events (or a roster) at once. So the rules raise these where a single
check fails and the evaluation collects them; nothing here is ever allowed to escape as an
unhandled error.
"""

from __future__ import annotations


class DisciplineProblem(Exception):
    """An event the rules cannot apply; `where` names the event or row it came from."""

    def __init__(self, where: str, what: str) -> None:
        self.where = where
        self.what = what
        super().__init__(f"{where}: {what}")


class UnknownGame(DisciplineProblem):
    """An event names a game that is not on the schedule, so it cannot be put in order."""


class OtherTournament(DisciplineProblem):
    """An event of another tournament was passed in."""


class NothingToExtend(DisciplineProblem):
    """The committee extended a suspension the person does not have."""
