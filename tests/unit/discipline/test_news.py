"""What the discipline worker sends after each evaluation (`services/discipline/news.py`),
read back by the gateway's notices feed as it reads the topic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from schemas import codec
from schemas.discipline import SuspensionIssued, SuspensionServed
from services.discipline.ids import derive
from services.discipline.news import News, Sent, SentLog, news
from services.gateway.feeds import Feed, by_revision, not_withdrawn, notice_identity

T = "cup"
AT = datetime(2026, 5, 2, 9, tzinfo=UTC)
PEOPLE = ("p1", "p2", "p3")
GAMES = ("A1", "A2", "A3")


def served(person: str, game: str, remaining: int) -> SuspensionServed:
    return derive(
        SuspensionServed,
        T,
        AT + timedelta(hours=GAMES.index(game)),
        (person, game, "t1"),
        person_id=person,
        team_id="t1",
        game_id=game,
        remaining=remaining,
    )


def issued(person: str, games: int) -> SuspensionIssued:
    return derive(
        SuspensionIssued,
        T,
        AT,
        (person, "A0"),
        person_id=person,
        team_id="t1",
        games=games,
        total_outstanding=games,
    )


def notices_feed() -> Feed:
    """The gateway's notices feed, as `services/gateway/state.py` builds it."""
    return Feed(
        "discipline-notices", codec.NOTICE, notice_identity, by_revision, shown=not_withdrawn
    )


def shown(feed: Feed) -> dict[str, bytes]:
    """What the gateway serves, each notice as its content without the revision."""
    return {
        str(n.event_id): codec.encode(n.model_copy(update={"revision": 0})) for n in feed.current(T)
    }


def rounds(evaluations: list[list[object]]) -> tuple[Feed, list[News]]:
    """Each evaluation sent as the worker sends it, the messages read by one feed."""
    feed, record, sent = notices_feed(), SentLog(), []
    for number, notices in enumerate(evaluations, start=1):
        round_ = news(T, record.notices, notices, number, AT)
        for message in round_.messages:
            feed.offer(codec.encode(message))
        record = SentLog.decode(SentLog(round_.sent, revision=number).encode())
        sent.append(round_)
    return feed, sent


def test_a_later_game_counted_first_is_corrected_when_the_earlier_result_comes_in() -> None:
    """Rulebook: a suspension is served in the next game(s) of the team it was earned with.
    A two-game suspension; A2's result arrives before A1's. The first evaluation counts A2
    (one left); the second counts A1 and A2 (none left). A2's notice keeps its id but not
    its numbers: it is sent again, and the feed (and the field app's eligibility read of
    it) says none are left."""
    first = [issued("p1", 2), served("p1", "A2", 1)]
    second = [issued("p1", 2), served("p1", "A1", 1), served("p1", "A2", 0)]
    feed, sent = rounds([first, second])
    assert [type(m).__name__ for m in sent[1].messages] == ["SuspensionServed"] * 2
    assert shown(feed) == shown(rounds([second])[0])
    assert feed.get(T, str(served("p1", "A2", 0).event_id)).remaining == 0


def test_a_notice_implied_no_more_is_withdrawn_and_sent_again_if_implied_again() -> None:
    """A lineup that arrives after its game's result: the person played, so the game did not
    serve the suspension (rulebook: a suspension is served by sitting out)."""
    once = [issued("p1", 1), served("p1", "A1", 0)]
    without = [issued("p1", 1)]
    feed, sent = rounds([once, without])
    (withdrawal,) = sent[1].messages
    assert withdrawal.type == "notice.withdrawn"
    assert str(withdrawal.withdrawn_id) == str(served("p1", "A1", 0).event_id)
    assert withdrawal.withdrawn_type == "suspension.served"
    assert set(shown(feed)) == {str(issued("p1", 1).event_id)}
    feed, _ = rounds([once, without, once])
    assert shown(feed) == shown(rounds([once])[0])


def test_an_evaluation_that_changes_nothing_sends_nothing() -> None:
    same = [issued("p1", 1), served("p1", "A1", 0)]
    _, sent = rounds([same, same])
    assert sent[1].messages == ()


def test_a_record_kept_by_an_earlier_worker_sends_the_notices_once_more_and_withdraws_none() -> (
    None
):
    record = SentLog.decode(b'["one-id", "another-id"]')
    assert record.implied == {"one-id", "another-id"} and record.notices == {}
    assert SentLog.decode(record.encode()) == record
    round_ = news(T, record.notices, [issued("p1", 1)], 1, AT)
    assert [m.type for m in round_.messages] == ["suspension.issued"]
    assert round_.sent[str(issued("p1", 1).event_id)] == Sent(
        round_.sent[str(issued("p1", 1).event_id)].digest, "p1", "suspension.issued"
    )


EVALUATION = st.lists(
    st.one_of(
        st.builds(issued, st.sampled_from(PEOPLE), st.integers(1, 3)),
        st.builds(served, st.sampled_from(PEOPLE), st.sampled_from(GAMES), st.integers(0, 2)),
    ),
    max_size=6,
    unique_by=lambda notice: str(notice.event_id),
)


@given(st.lists(EVALUATION, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_the_feed_shows_exactly_the_last_evaluation_whatever_came_before(
    evaluations: list[list[object]], shuffler: object
) -> None:
    """Whatever the evaluations before it (notices appearing, changing, vanishing, coming
    back), a reader of everything sent shows exactly the last one; and since a message is
    kept by revision, not by arrival, the same holds when the reader gets the messages of
    different persons (different partitions) in another order."""
    feed, sent = rounds(evaluations)
    assert shown(feed) == shown(rounds([evaluations[-1]])[0])
    messages = [m for round_ in sent for m in round_.messages]
    shuffler.shuffle(messages)  # type: ignore[attr-defined]
    reordered = notices_feed()
    for message in messages:
        reordered.offer(codec.encode(message))
    assert shown(reordered) == shown(feed)
