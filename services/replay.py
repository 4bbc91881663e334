"""The audit a committee can run: recompute every table and notice from the gateways'
journals alone (no broker, no workers) and compare it with what the live system shows.

The workers' own fold (`services.tournament_fold`) folds the journaled events, so any
difference means the live state lost or doubled something. That includes what discipline
derives: its forfeits and disqualifications go back into both folds, as they do live.
Quarantined events were never published, so the live system never folded them: nor does this.

With several gateways each keeps a journal of its own, and a field app that retried through
another gateway may be in two of them: `merge` folds each event once. Versions are not
compared: they count changes in the order the workers saw them (an older schedule entry after
a newer one is no change) and are shifted above what a display saw after a rebuild, so they
say when a table is newer, not what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas import codec
from services.discipline.config import DisciplineConfig
from services.gateway.journal import Entry
from services.tournament_fold import fold_tournament


@dataclass
class Replayed:
    """A tournament as its journal says it must be."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    notices: dict[str, dict[str, Any]] = field(default_factory=dict)
    quarantined: int = 0  # journaled events never published, so never folded


@dataclass
class Merged:
    """Several journals as one: each event once, and the events journals disagree on."""

    entries: list[Entry] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def merge(journals: Sequence[Iterable[Entry]]) -> Merged:
    """The events of several journals, each once, in a defined order: the journals in the
    order given, each in its order of acceptance.

    An event (producer and id) in several journals is kept from the first that published it
    (quarantined only if every journal holding it quarantined it). Copies with different
    bodies are conflicts: each gateway accepted its own, the workers kept whichever reached
    them first, so no fold of the journals can say which the live system holds.
    """
    first: dict[tuple[str, str], tuple[int, int]] = {}  # identity -> (journal, position)
    merged = Merged()
    for number, entries in enumerate(journals, start=1):
        for entry in entries:
            identity = (entry.producer, entry.event_id)
            if identity not in first:
                first[identity] = (number, len(merged.entries))
                merged.entries.append(entry)
                continue
            where, position = first[identity]
            kept = merged.entries[position]
            if kept.body != entry.body:
                merged.conflicts.append(
                    f"event {entry.producer}/{entry.event_id}: journals {where} and {number} "
                    "hold different events under this id"
                )
            elif kept.quarantined is not None and entry.quarantined is None:
                merged.entries[position] = entry
    return merged


def replay(
    tournament_id: str, entries: Iterable[Entry], config: DisciplineConfig | None = None
) -> Replayed:
    """Fold every journaled event of a tournament as the workers do."""
    result = Replayed()
    events = []
    for entry in entries:
        if entry.quarantined is not None:
            result.quarantined += entry.tournament_id == tournament_id
            continue
        events.append(codec.decode(codec.INBOUND_EVENT, entry.body))
    folded = fold_tournament(tournament_id, events, config)
    for division, snapshot in folded.snapshots().items():
        result.tables[division] = json.loads(codec.encode(snapshot))
    result.notices = {str(n.event_id): json.loads(codec.encode(n)) for n in folded.view.notices}
    return result


def differences(
    expected: Replayed, live_tables: list[dict[str, Any]], live_notices: list[dict[str, Any]]
) -> list[str]:
    """Every way the live state differs from the replay, one line each (empty: identical)."""
    found = []
    live = {table["division_id"]: table for table in live_tables}
    for division in sorted(set(expected.tables) | set(live)):
        want, have = expected.tables.get(division), live.get(division)
        if have is None:
            found.append(f"division {division}: missing from the live standings")
        elif want is None:
            found.append(f"division {division}: live, but nothing in the journal defines it")
        else:
            found.extend(f"division {division}: {line}" for line in _table_differences(want, have))
    live_ids = {notice["event_id"] for notice in live_notices}
    for missing in sorted(set(expected.notices) - live_ids):
        notice = expected.notices[missing]
        found.append(f"notice missing: {notice['type']} {notice['person_id']} ({missing})")
    for extra in sorted(live_ids - set(expected.notices)):
        found.append(f"notice not implied by the journal: {extra}")
    return found


def _table_differences(want: dict[str, Any], have: dict[str, Any]) -> list[str]:
    lines = []
    for key in ("groups", "bracket", "division_winners", "wild_cards"):
        if want.get(key) != have.get(key):
            lines.append(
                f"{key} differ: journal {json.dumps(want.get(key))[:300]} / "
                f"live {json.dumps(have.get(key))[:300]}"
            )
    return lines
