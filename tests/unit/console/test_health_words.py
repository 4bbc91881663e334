"""The system's health in plain words: what is true, whether to act, and what to do."""

from __future__ import annotations

from services.gateway.health_words import (
    BrokerFact,
    HealthFacts,
    QuarantinedFact,
    WorkerFact,
    in_words,
    overall,
)

HEALTHY = HealthFacts(
    BrokerFact(True, 1, 2.4),
    (
        WorkerFact("standings", "touchline-standings", "Stable", 1),
        WorkerFact("discipline", "touchline-discipline", "Stable", 2),
    ),
    0,
    (),
    True,
    0,
)


def test_a_healthy_system_says_so_part_by_part() -> None:
    lines = in_words(HEALTHY)
    assert [(line.topic, line.level) for line in lines] == [
        ("Broker", "ok"),
        ("Standings worker", "ok"),
        ("Discipline worker", "ok"),
        ("Journal", "ok"),
        ("Quarantine", "ok"),
        ("Tables", "ok"),
    ]
    assert lines[0].text == "Reachable: 1 broker answered in 2 ms."
    assert lines[2].text == "Running (2 replicas)."
    assert overall(lines) == "ok"


def test_each_problem_says_what_it_means_and_what_to_do() -> None:
    facts = HealthFacts(
        BrokerFact(False, problem="KafkaConnectionError"),
        (WorkerFact("standings", "touchline-standings", "Dead", 0),
         WorkerFact("discipline", "touchline-discipline", "PreparingRebalance", 1)),
        3,
        (QuarantinedFact(7, "e-1", "cup", "MessageSizeTooLargeError"),),
        True,
        2,
    )  # fmt: skip
    broker, standings, discipline, journal, quarantine, tables = in_words(facts)
    assert broker.level == "bad" and "kept in the gateway's journal" in broker.text
    assert "KafkaConnectionError" in broker.text
    assert standings.level == "bad" and "touchline worker standings" in standings.text
    assert discipline.level == "warn" and "rebalancing" in discipline.text
    assert journal.level == "warn" and journal.text.startswith("3 accepted events are not yet")
    assert quarantine.level == "bad" and "#7, cup: MessageSizeTooLargeError" in quarantine.text
    assert tables.level == "warn" and tables.text.startswith("2 divisions' tables")
    assert overall(in_words(facts)) == "bad"


def test_a_worker_the_broker_could_not_be_asked_about_is_unknown_not_down() -> None:
    [line] = in_words(
        HealthFacts(
            HEALTHY.broker,
            (WorkerFact("standings", "g", problem="timed out"),),
            0,
            (),
            False,
            0,
        )
    )[1:2]
    assert (line.level, line.text) == (
        "warn",
        "Unknown: the broker could not be asked (timed out).",
    )
    assert in_words(HEALTHY)[-1].level == "ok"
