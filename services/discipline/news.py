"""What the discipline worker sends after an evaluation, given what it sent before.

Each evaluation yields the notices the whole set of events implies. They are not only ever
more of them: a later game's result that arrives before an earlier one's is counted as
served until the earlier one comes in (the timeline is laid on the schedule, `timeline.py`),
and then the earlier game serves and the later one's notice says other numbers, or is no
longer implied at all. So the worker sends every notice that is new *or changed*, and a
withdrawal of every notice it sent that is implied no more. Every message of a round carries
the round's revision, higher than any before it; a reader keeps, per notice, the message of
the highest revision, and what it shows is then exactly the last evaluation's notices
(`test_news.py` proves it for any sequence of evaluations).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from schemas import codec
from schemas.discipline import NoticeWithdrawn
from services.discipline.ids import derive


@dataclass(frozen=True)
class Sent:
    """What the worker remembers of a notice it sent: enough to tell a change and to name
    whom a withdrawal is about."""

    digest: str
    person_id: str
    type: str


@dataclass(frozen=True)
class News:
    """The messages of one round, and what is sent once they are."""

    messages: tuple[Any, ...]
    sent: dict[str, Sent]


@dataclass(frozen=True)
class SentLog:
    """All the worker has sent for one tournament, kept in its table after each round: the
    notices, the ids of the implied match events (sent once: they are events, not views),
    and the last revision."""

    notices: dict[str, Sent] = field(default_factory=dict)
    implied: frozenset[str] = frozenset()
    revision: int = 0

    def encode(self) -> bytes:
        notices = {ident: [s.digest, s.person_id, s.type] for ident, s in self.notices.items()}
        value = {"revision": self.revision, "implied": sorted(self.implied), "notices": notices}
        return json.dumps(value, sort_keys=True).encode()

    @classmethod
    def decode(cls, raw: bytes | None) -> SentLog:
        """A record as `encode` wrote it; a list of ids is what an earlier worker kept
        (every id sent, notices and events alike): taken as events, so the notices are sent
        once more with a revision, and none is withdrawn."""
        value = json.loads(raw or b"{}")
        if isinstance(value, list):
            return cls(implied=frozenset(value))
        notices = {ident: Sent(*sent) for ident, sent in value.get("notices", {}).items()}
        return cls(notices, frozenset(value.get("implied", ())), value.get("revision", 0))


def digest(notice: Any) -> str:
    """The notice's content, whatever revision it was sent with (64 bits of a hash: one
    tournament's notices number thousands, not billions)."""
    content = codec.encode(notice.model_copy(update={"revision": 0}))
    return hashlib.sha256(content).hexdigest()[:16]


def news(
    tournament_id: str,
    sent: Mapping[str, Sent],
    notices: Iterable[Any],
    revision: int,
    moment: datetime,
) -> News:
    """The tournament's notices new or changed since `sent`, and a withdrawal (at `moment`)
    of each sent notice not among `notices`, all at `revision`."""
    messages: list[Any] = []
    now: dict[str, Sent] = {}
    for notice in notices:
        ident = str(notice.event_id)
        now[ident] = Sent(digest(notice), notice.person_id, notice.type)
        if sent.get(ident) != now[ident]:
            messages.append(notice.model_copy(update={"revision": revision}))
    for ident, gone in sorted(sent.items()):
        if ident not in now:
            messages.append(
                derive(
                    NoticeWithdrawn,
                    tournament_id,
                    moment,
                    (ident, str(revision)),
                    person_id=gone.person_id,
                    revision=revision,
                    withdrawn_id=ident,
                    withdrawn_type=gone.type,
                )
            )
    return News(tuple(messages), now)
