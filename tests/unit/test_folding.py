"""How a batch's chunks are packed into records (per partition, few, none too big, every
chunk in exactly one record), and that a batch left unfolded is never committed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from faust.types.tuples import ConsumerMessage

from services.ledger import Ledger, rebuild
from services.streaming.folding import RECORD_BYTES, Touched, records, unacknowledged
from workloads import factories

DEFINITION = factories.division()


def touched(partition: int, offset: int, fresh: list[bytes]) -> Touched:
    event: Any = SimpleNamespace(message=SimpleNamespace(partition=partition, offset=offset))
    return Touched(Ledger(version=len(fresh)), event, stored=fresh, changed=bool(fresh))


def test_chunks_are_packed_per_partition_and_split_before_the_size_limit() -> None:
    big = DEFINITION.model_dump_json().encode()
    many = [big] * (RECORD_BYTES // len(big) // 2 + 1)  # over half a record each
    batch = {
        b"t/a": touched(0, 10, many),
        b"t/b": touched(0, 11, many),
        b"t/c": touched(1, 12, [big]),
        b"t/d": touched(2, 13, []),  # unchanged: nothing to store
    }
    packed = records(batch)
    assert sorted(packed) == [0, 1]
    assert len(packed[0]) == 2 and len(packed[1]) == 1
    for partition, writes in packed.items():
        for _, value, event in writes:
            assert event.message.partition == partition
            assert len(value) < RECORD_BYTES + 2 * len(big)
            assert rebuild([value])  # every record decodes on its own
    stored = rebuild(value for writes in packed.values() for _, value, _ in writes)
    assert sorted(stored) == ["t/a", "t/b", "t/c"]
    keys = [key for writes in packed.values() for key, _, _ in writes]
    assert len(set(keys)) == len(keys)
    assert keys != [key for writes in records(batch).values() for key, _, _ in writes]


def test_a_ledger_that_gained_more_than_a_record_holds_is_split_across_records() -> None:
    lineup = factories.lineup(
        factories.round_robin(DEFINITION)["A1"], "T1", factories.squad("T1", 18)
    )
    raw = lineup.model_dump_json().encode()
    fresh = [raw] * (3 * (RECORD_BYTES // len(raw)))
    packed = records({b"t": touched(0, 7, fresh)})
    assert len(packed[0]) == 3
    assert all(len(value) <= RECORD_BYTES + 100 for _, value, _ in packed[0])
    rebuilt = rebuild(value for _, value, _ in packed[0])["t"]
    assert rebuilt.version == len(fresh) and len(rebuilt.events) == 1


def consumer_messages(count: int) -> list[ConsumerMessage]:
    return [
        ConsumerMessage("match-events", 0, offset, 0.0, 0, None, b"k", b"v", None)
        for offset in range(count)
    ]


def acks_reaching_the_consumer(messages: list[ConsumerMessage]) -> list[int]:
    """What faust's consumer would count as processed (and commit) when the batch closes."""
    acked: list[int] = []
    consumer: Any = SimpleNamespace(ack=lambda message: acked.append(message.offset) or True)
    for message in messages:
        message.ack(consumer)
    return acked


def test_a_batch_left_unfolded_never_reaches_the_consumers_acknowledgements() -> None:
    folded, unfolded = consumer_messages(3), consumer_messages(3)
    batch: Any = [SimpleNamespace(message=message) for message in unfolded]
    unacknowledged(batch)
    assert acks_reaching_the_consumer(folded) == [0, 1, 2]
    assert acks_reaching_the_consumer(unfolded) == []
