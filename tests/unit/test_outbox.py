"""Which publication failures quarantine an event (refused for good) and which leave it to
be sent again."""

from __future__ import annotations

import pytest
from aiokafka import errors

from services.gateway.outbox import Fate, judge


@pytest.mark.parametrize(
    "error",
    [
        errors.MessageSizeTooLargeError("The message is 2000088 bytes"),
        errors.RecordListTooLargeError(),
        errors.InvalidMessageError(),
        errors.TopicAuthorizationFailedError(),
    ],
)
def test_a_refusal_of_the_event_itself_quarantines_it_with_the_reason(error: Exception) -> None:
    delivery = judge(error)
    assert delivery.fate is Fate.QUARANTINED
    assert type(error).__name__ in delivery.reason


@pytest.mark.parametrize(
    "error",
    [
        TimeoutError(),
        errors.KafkaTimeoutError(),  # aiokafka says not retriable: it is the broker's delay
        errors.ProducerClosed(),  # the gateway is stopping
        errors.KafkaConnectionError(),
        errors.NotLeaderForPartitionError(),
        errors.UnknownError(),
    ],
)
def test_a_broker_or_connection_failure_leaves_the_event_to_be_sent_again(
    error: Exception,
) -> None:
    assert judge(error).fate is Fate.PENDING
