"""Every topic's name, key and partition count, in one place.

Topics are created explicitly before any worker starts (`admin.create_topics`), every one with
the deployment's partition count (`StreamSettings.partitions`): faust fails with a
table/changelog partition mismatch when the broker auto-creates them with its own count.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Partitions per topic unless the deployment says otherwise: how many replicas of a worker
#: can share the work.
DEFAULT_PARTITIONS = 4


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    compacted: bool = False


SCHEDULE = TopicSpec("schedule", key="game id", compacted=True)
#: Results, cards, forfeits: what both workers fold.
MATCH_EVENTS = TopicSpec("match-events", key="tournament/division")
#: Lineups, rosters, head-injury removals: discipline's business only.
TEAM_SHEETS = TopicSpec("team-sheets", key="tournament/division")
#: Live score updates: journaled and published, folded by no worker (they change no table and
#: serve no suspension), kept off the workers' inputs, where they were half the traffic.
LIVE_SCORES = TopicSpec("live-scores", key="tournament/division")
RULINGS = TopicSpec("discipline-rulings", key="tournament")
#: Team applications, decisions, refunds and check-ins: the committee's, read by the gateway.
REGISTRATION = TopicSpec("registration", key="tournament")
NOTICES = TopicSpec("discipline-notices", key="tournament/person")
#: Fields running late and caught up again: derived by the gateway, read by the director.
FIELD_NOTICES = TopicSpec("field-notices", key="tournament/field")
STANDINGS = TopicSpec("standings", key="tournament/division", compacted=True)
DEAD_LETTER = TopicSpec("dead-letter", key="source topic")
TOPICS = (
    SCHEDULE,
    MATCH_EVENTS,
    TEAM_SHEETS,
    LIVE_SCORES,
    RULINGS,
    REGISTRATION,
    NOTICES,
    FIELD_NOTICES,
    STANDINGS,
    DEAD_LETTER,
)


def internal(app_id: str, name: str, key: str) -> TopicSpec:
    """A worker's own topic (inputs re-keyed so stream and table are co-partitioned), named
    after the worker so that two deployments on one cluster never share it."""
    return TopicSpec(f"{app_id}-{name}", key=key)


def division_key(tournament_id: str, division_id: str) -> bytes:
    """The key that keeps one division's events in order on one partition."""
    return f"{tournament_id}/{division_id}".encode()
