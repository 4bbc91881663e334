"""The system's health in plain words, for the director's console: the broker, each worker,
the journal's backlog, quarantined events and the tables' catch-up. Plain code, no I/O:
the facts are gathered by `health_probe`, and every sentence is made here, once.

Each line says what is true, whether it needs attention (`ok`, `warn`: it will likely
clear by itself, `bad`: someone must act) and, when it is not ok, what it means for the
tournament and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["ok", "warn", "bad"]


@dataclass(frozen=True)
class BrokerFact:
    reachable: bool
    brokers: int = 0
    millis: float = 0.0
    problem: str = ""


@dataclass(frozen=True)
class WorkerFact:
    """A worker's consumer group as the broker describes it."""

    service: str
    group: str
    state: str = ""  # Stable, PreparingRebalance, CompletingRebalance, Empty, Dead; "" unknown
    members: int = 0
    problem: str = ""  # the broker could not be asked


@dataclass(frozen=True)
class QuarantinedFact:
    seq: int
    event_id: str
    tournament_id: str
    reason: str


@dataclass(frozen=True)
class HealthFacts:
    broker: BrokerFact
    workers: tuple[WorkerFact, ...]
    backlog: int  # accepted events the broker has not acknowledged yet
    quarantined: tuple[QuarantinedFact, ...]
    feeds_read: bool
    behind: int  # divisions whose table does not fold all the journal holds yet


@dataclass(frozen=True)
class Line:
    level: Level
    topic: str
    text: str


def in_words(facts: HealthFacts) -> list[Line]:
    """One line per part of the system, in the order a problem travels."""
    return [
        _broker(facts.broker),
        *(_worker(w) for w in facts.workers),
        _backlog(facts.backlog),
        _quarantine(facts.quarantined),
        _tables(facts.feeds_read, facts.behind),
    ]


def overall(lines: list[Line]) -> Level:
    """The worst level of the lines."""
    levels = {line.level for line in lines}
    return "bad" if "bad" in levels else "warn" if "warn" in levels else "ok"


def _broker(fact: BrokerFact) -> Line:
    if fact.reachable:
        brokers = "1 broker" if fact.brokers == 1 else f"{fact.brokers} brokers"
        return Line("ok", "Broker", f"Reachable: {brokers} answered in {fact.millis:.0f} ms.")
    return Line(
        "bad",
        "Broker",
        f"Not reachable ({fact.problem}). Field apps are still answered: every event is kept "
        "in the gateway's journal and sent when the broker is back, but tables, notices and "
        "pages stop changing until then. Check the broker's process or cluster.",
    )


def _worker(fact: WorkerFact) -> Line:
    name = f"{fact.service.capitalize()} worker"
    if fact.problem:
        return Line("warn", name, f"Unknown: the broker could not be asked ({fact.problem}).")
    if fact.state == "Stable" and fact.members > 0:
        replicas = "1 replica" if fact.members == 1 else f"{fact.members} replicas"
        return Line("ok", name, f"Running ({replicas}).")
    if fact.state in ("PreparingRebalance", "CompletingRebalance"):
        return Line(
            "warn",
            name,
            "Starting or rebalancing: it takes over its share of the events in a few seconds.",
        )
    return Line(
        "bad",
        name,
        f"Not running: its consumer group {fact.group!r} has no member. What it folds waits "
        f"on the broker; start it (`touchline worker {fact.service}`) and it catches up.",
    )


def _backlog(waiting: int) -> Line:
    if waiting == 0:
        return Line("ok", "Journal", "Nothing waiting: every accepted event is on the broker.")
    events = "1 accepted event is" if waiting == 1 else f"{waiting:,} accepted events are"
    return Line(
        "warn",
        "Journal",
        f"{events} not yet acknowledged by the broker. Normal for a moment after events "
        "arrive; the gateway sends what waits again every 2 s, so a backlog that grows means "
        "the broker is not taking them.",
    )


def _quarantine(held: tuple[QuarantinedFact, ...]) -> Line:
    if not held:
        return Line("ok", "Quarantine", "No event is quarantined.")
    first = held[0]
    events = "1 event" if len(held) == 1 else f"{len(held)} events"
    return Line(
        "bad",
        "Quarantine",
        f"{events} the broker refused for good, kept in the journal (first: #{first.seq}, "
        f"{first.tournament_id}: {first.reason}). Release or discard each with a reason "
        "(POST /v1/admin/quarantine/{seq}:release or :discard).",
    )


def _tables(feeds_read: bool, behind: int) -> Line:
    if not feeds_read:
        return Line("warn", "Tables", "The gateway is still reading the broker after its start.")
    if behind:
        divisions = "1 division's table" if behind == 1 else f"{behind} divisions' tables"
        return Line(
            "warn",
            "Tables",
            f"{divisions} do not yet fold every result the journal holds (as after a "
            "restart); displays show them as provisional until they do.",
        )
    return Line("ok", "Tables", "Caught up: every table folds every result the journal holds.")
