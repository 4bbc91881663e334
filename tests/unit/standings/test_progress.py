"""How much of the journal a standings fold holds: the worker's count of its ledger reaches
the gateway's count of the journal only when the ledger holds every input, in any order,
however often each came (issue 12, item 3)."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from services.ledger import Ledger, apply
from services.standings.progress import Backlog, decode_held, division_of, encode_held, held
from services.standings.rules import counts_for_standings
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
KEY = division_of(DEFINITION)


def journal() -> list[object]:
    """A division's day as the gateway journals it: the schedule, a game moved, results,
    a repeated report, corrections, a live score and a lineup (which standings never keep)."""
    a1 = GAMES["A1"]
    hour = timedelta(hours=1)
    moved = a1.model_copy(update={"start": a1.start + hour, "end": a1.end + hour})
    results = [
        factories.score(game, 1, 0).model_copy(update={"producer": "field"})
        for game in GAMES.values()
    ]
    return [
        DEFINITION.model_copy(update={"producer": "admin"}),
        *(
            factories.scheduled(game).model_copy(update={"producer": "admin"})
            for game in GAMES.values()
        ),
        factories.scheduled(moved).model_copy(update={"producer": "admin"}),
        *results,
        results[0].model_copy(update={"event_id": factories.envelope()["event_id"]}),
        factories.corrected(a1, 0, 2).model_copy(update={"producer": "committee"}),
        factories.score(a1, 0, 0, status="live").model_copy(update={"producer": "field"}),
        factories.lineup(a1, "T1", ["p1"]).model_copy(update={"producer": "field"}),
    ]


def fold(items: list[object]) -> Ledger:
    ledger = Ledger()
    for item in items:
        apply(ledger, item, counts_for_standings)
    return ledger


def same(ledger: Ledger, other: Ledger) -> bool:
    """The same inputs held (versions count changes, which depend on arrival order)."""
    return ledger.model_dump(exclude={"version"}) == other.model_dump(exclude={"version"})


def backlog_of(items: list[object]) -> Backlog:
    backlog = Backlog()
    for item in items:
        backlog.add(item)
    return backlog


@given(st.randoms(use_true_random=False))
def test_only_a_ledger_holding_every_input_reaches_the_journal(random: Random) -> None:
    items = journal()
    backlog = backlog_of(items)
    full = fold(items)
    arrival = [*items, *random.sample(items, 5)]  # republished: some twice
    random.shuffle(arrival)
    ledger = Ledger()
    for item in arrival:
        apply(ledger, item, counts_for_standings)
        assert backlog.reached(KEY, held(ledger)) == same(ledger, full)
    assert same(ledger, full)


def test_derived_events_count_for_nothing_the_journal_holds() -> None:
    items = journal()
    ledger = fold(items[:-3])  # the correction is missing
    forfeit = factories.forfeit(GAMES["A2"], "T1").model_copy(update={"producer": "discipline"})
    apply(ledger, forfeit, counts_for_standings)
    assert not backlog_of(items).reached(KEY, held(ledger))


def test_a_quarantined_input_is_not_waited_for() -> None:
    items = journal()
    backlog = backlog_of(items)
    ledger = fold(items[:-3])
    assert not backlog.reached(KEY, held(ledger))
    backlog.discard(items[-3])
    assert backlog.reached(KEY, held(ledger))


def test_only_defined_divisions_are_waited_for_and_counts_travel_as_headers() -> None:
    orphan = factories.score(GAMES["A1"], 1, 0, division_id="U14G")
    backlog = backlog_of([*journal(), orphan])
    assert backlog.divisions() == [KEY]
    assert backlog.reached(b"another-cup/U10B", {})  # not in the journal: nothing to wait for
    counts = held(fold(journal()))
    assert decode_held(encode_held(counts)) == counts
    assert decode_held(None) == {}
