"""What the gateway serves of the standings while the fold catches up with the journal, and
across restarts: nothing held back ever shown, versions never back (issue 12, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

from schemas import codec
from services.gateway.catchup import RESERVE, CatchUp
from services.gateway.journal import Journal
from services.ledger import Ledger, apply
from services.standings.progress import division_of, held
from services.standings.rules import counts_for_standings
from tests.conftest import journaled
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
KEY = division_of(DEFINITION)
SCHEDULE = [DEFINITION, *(factories.scheduled(game) for game in GAMES.values())]
SCORES = [factories.score(game, 2, 1) for game in GAMES.values()]


def journal_with(path: Path, events: list[tuple[object, str]]) -> Journal:
    journal = Journal(path)
    for event, producer in events:
        journal.record(journaled(event, producer))
    return journal


def snapshot(items: list[object], complete: bool = False) -> tuple[int, bytes, dict[str, int]]:
    """A worker's snapshot message of a ledger folded from `items`: version, bytes, counts;
    `complete`: its group is complete (and so has a winner)."""
    ledger = Ledger()
    for item in items:
        apply(ledger, item, counts_for_standings)
    document = {
        "division_id": "U12B",
        "version": ledger.version,
        "groups": [{"group_id": "A", "complete": complete}],
        "division_winners": ["T1"] if complete else [],
    }
    return ledger.version, json.dumps(document).encode(), held(ledger)


def started(journal: Journal, rebuilt: bool = True) -> CatchUp:
    """A gateway started on the journal; `rebuilt`: on an empty embedded broker."""
    catchup = CatchUp(journal, rebuilt)
    catchup.journaled(journal.events())
    return catchup


def stamped(item: object, producer: str) -> object:
    return codec.decode(codec.INBOUND_EVENT, journaled(item, producer).body)


def test_snapshots_of_part_of_the_journal_are_held_back_and_versions_never_go_back(
    tmp_path: Path,
) -> None:
    events = [(e, "admin") for e in SCHEDULE] + [(e, "field") for e in SCORES]
    journal = journal_with(tmp_path / "journal.sqlite3", events)
    inputs = [stamped(event, producer) for event, producer in events]

    first = started(journal)
    assert not first.caught_up and first.behind == 1
    version, raw, counts = snapshot(inputs)
    assert first.serve(KEY, version, raw, counts) == raw  # the whole journal: as it is
    assert first.caught_up and first.behind == 0

    again = started(journal)  # a restart: the worker folds the journal from nothing
    for count in range(len(SCHEDULE), len(inputs)):
        assert again.serve(KEY, *snapshot(inputs[:count])) is None, "a prefix was served"
    assert not again.caught_up
    _, raw, counts = snapshot(inputs)
    served = json.loads(again.serve(KEY, 3, raw, counts) or b"{}")  # its versions start over
    assert served["version"] >= version + RESERVE
    later = json.loads(again.serve(KEY, 4, raw, counts) or b"{}")
    assert later["version"] == served["version"] + 1
    assert again.caught_up


def test_a_quarantined_event_is_not_waited_for(tmp_path: Path) -> None:
    journal = journal_with(tmp_path / "journal.sqlite3", [(e, "admin") for e in SCHEDULE])
    journal.record(journaled(SCORES[0], "field"))  # one the broker will refuse
    catchup = started(journal)
    inputs = [stamped(event, "admin") for event in SCHEDULE]
    assert catchup.serve(KEY, *snapshot(inputs)) is None
    catchup.quarantined(journal.events()[-1])
    assert catchup.serve(KEY, *snapshot(inputs)) is not None  # the feed offers it again
    assert catchup.caught_up


def test_only_a_rebuild_shifts_versions_and_the_shift_is_kept_until_the_next(
    tmp_path: Path,
) -> None:
    """Scale out: gateways on a broker that kept its data serve the worker's versions as
    they are, so two of them agree; after a rebuild the shift stays across restarts."""
    events = [(e, "admin") for e in SCHEDULE] + [(e, "field") for e in SCORES]
    journal = journal_with(tmp_path / "journal.sqlite3", events)
    version, raw, counts = snapshot([stamped(event, producer) for event, producer in events])
    assert started(journal, rebuilt=False).serve(KEY, version, raw, counts) == raw
    restarted = started(journal, rebuilt=False)  # the broker kept its data: versions went on
    assert restarted.serve(KEY, version + 1, raw, counts) == raw
    other = journal_with(tmp_path / "other.sqlite3", events)  # a second gateway's own
    assert started(other, rebuilt=False).serve(KEY, version + 1, raw, counts) == raw

    rebuilt = started(journal)  # the broker came back empty: versions start over
    shifted = json.loads(rebuilt.serve(KEY, 3, raw, counts) or b"{}")["version"]
    assert shifted > version + 1  # above every version served before
    after = started(journal, rebuilt=False)  # the gateway alone restarts: versions went on
    assert json.loads(after.serve(KEY, 4, raw, counts) or b"{}")["version"] == shifted + 1


def test_once_live_a_winner_is_held_back_while_an_accepted_result_is_not_folded(
    tmp_path: Path,
) -> None:
    """Issue 12, item 3: "complete"/winners only once the fold is caught up. A committee
    corrects a finished group's score during the day: until the fold holds the correction,
    the complete table with the old winner is not served; tables that decide nothing are
    served at once, so a live table never waits."""
    events = [(e, "admin") for e in SCHEDULE] + [(e, "field") for e in SCORES]
    journal = journal_with(tmp_path / "journal.sqlite3", events)
    inputs = [stamped(event, producer) for event, producer in events]
    catchup = started(journal)
    assert catchup.serve(KEY, *snapshot(inputs, complete=True)) is not None
    assert catchup.caught_up

    correction = journaled(factories.corrected(GAMES["A1"], 0, 3), "committee")
    journal.record(correction)
    catchup.journaled([journal.events()[-1]])
    assert catchup.serve(KEY, *snapshot(inputs, complete=True)) is None, "a stale winner"
    assert catchup.serve(KEY, *snapshot(inputs, complete=False)) is not None
    folded = [*inputs, codec.decode(codec.INBOUND_EVENT, correction.body)]
    assert catchup.serve(KEY, *snapshot(folded, complete=True)) is not None
    assert catchup.caught_up  # /healthz stays caught up: only the winner waits
