"""Which people an event concerns: the keys the worker re-keys discipline events by."""

from __future__ import annotations

from services.discipline.timeline import people_concerned
from workloads import factories as f


def test_cards_lineups_removals_and_person_rulings_concern_their_people() -> None:
    """DESIGN: "Discipline state follows a *person* ... so the discipline service re-keys card
    and lineup events by person id."."""
    _, games = f.discipline_context()
    a1 = games["A1"]
    assert people_concerned(f.card(a1, "T1", "P1")) == {"P1"}
    assert people_concerned(f.lineup(a1, "T1", ["P1", "P2"], staff=["C1"])) == {"P1", "P2", "C1"}
    assert people_concerned(f.head_injury(a1, "T1", "P3")) == {"P3"}
    assert people_concerned(f.extension("P4", 1)) == {"P4"}
    assert people_concerned(f.confirmation(a1, "T1", "P5")) == {"P5"}
    assert people_concerned(f.score(a1, 1, 0)) == frozenset()
    assert people_concerned(f.disqualification("U12B", "T1")) == frozenset()
