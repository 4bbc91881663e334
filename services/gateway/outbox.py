"""What a failed publication means for one event: try again later, or never (quarantine).

Pure: no broker, no clock. The outbox must never let one event hold up another, so a refusal
about the event itself (too large for the broker, a record it calls invalid, a topic the
gateway may not write) quarantines that event alone, and anything else (the broker down or
slow, a leader moving, the producer stopping) leaves it to be sent again. aiokafka's own
`retriable` flag cannot decide this: it calls a delivery timeout, a closed producer and a
broker's "unknown server error" non-retriable, and quarantining on those would quarantine
every event of an outage.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from aiokafka import errors

#: The broker's (or the producer's, on the broker's behalf) refusals of one message for what
#: it is: sending it again can never succeed.
REFUSALS_OF_THE_EVENT: tuple[type[errors.KafkaError], ...] = (
    errors.MessageSizeTooLargeError,
    errors.RecordTooLargeError,
    errors.RecordListTooLargeError,
    errors.InvalidMessageError,
    errors.CorruptRecordException,
    errors.InvalidTimestampError,
    errors.InvalidTopicError,
    errors.TopicAuthorizationFailedError,
    errors.PolicyViolationError,
    errors.UnsupportedForMessageFormatError,
)


class Fate(Enum):
    """What becomes of one event after an attempt to publish it."""

    PUBLISHED = "published"
    PENDING = "pending"  # not acknowledged yet: sent again later
    QUARANTINED = "quarantined"  # refused for good: kept in the journal, never sent again


@dataclass(frozen=True)
class Delivery:
    """One event's fate, and the broker's reason when it is quarantined."""

    fate: Fate
    reason: str = ""


PUBLISHED = Delivery(Fate.PUBLISHED)
PENDING = Delivery(Fate.PENDING)


def judge(error: BaseException) -> Delivery:
    """The fate of an event whose publication raised `error`."""
    if isinstance(error, REFUSALS_OF_THE_EVENT):
        return Delivery(Fate.QUARANTINED, f"{type(error).__name__}: {error}"[:500])
    return PENDING
