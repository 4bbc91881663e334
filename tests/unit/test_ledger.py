"""The ledger a worker folds: the same inputs in any order, any number of times, give the same
ledger; the newer version of a definition or schedule entry wins, whatever arrives first."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from schemas import codec
from schemas.schedule import GameCancelled
from services.ledger import Applied, Ledger, apply, encode_chunks, rebuild
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
INPUTS = [
    DEFINITION,
    *(factories.scheduled(game) for game in GAMES.values()),
    *(factories.score(game, n % 3, n % 2) for n, game in enumerate(GAMES.values())),
]


def fold(items: list[object]) -> Ledger:
    ledger = Ledger()
    for item in items:
        apply(ledger, item)
    return ledger


@given(st.permutations(INPUTS), st.lists(st.sampled_from(INPUTS), max_size=20))
def test_any_order_with_any_repeats_gives_the_same_ledger(
    order: list[object], repeats: list[object]
) -> None:
    once = fold(INPUTS)
    shuffled = fold(order + repeats)
    assert shuffled.model_dump(exclude={"version"}) == once.model_dump(exclude={"version"})
    assert shuffled.version == once.version == len(INPUTS)


def test_a_repeated_event_is_a_duplicate() -> None:
    ledger = fold(INPUTS)
    assert apply(ledger, INPUTS[-1]) is Applied.DUPLICATE


def test_a_score_for_an_unscheduled_game_is_kept_and_reported() -> None:
    ledger = Ledger()
    score = factories.score(GAMES["A1"], 1, 0)
    assert apply(ledger, score) is Applied.UNKNOWN_GAME
    assert score.identity in ledger.events


def test_a_later_cancellation_wins_over_the_schedule_whatever_arrives_first() -> None:
    game = GAMES["A1"]
    scheduled = factories.scheduled(game)
    cancelled = GameCancelled(
        **factories.envelope(occurred_at=scheduled.occurred_at + timedelta(hours=1)),
        division_id=game.division_id,
        game_id=game.game_id,
    )
    for order in ([scheduled, cancelled], [cancelled, scheduled]):
        assert "A1" not in fold(order).games


def test_events_a_service_does_not_want_are_ignored() -> None:
    ledger = Ledger()
    score = factories.score(GAMES["A1"], 1, 0)
    assert apply(ledger, score, wanted=lambda _: False) is Applied.IGNORED
    assert ledger.events == {} and ledger.version == 0


def chunks_of(batches: list[list[object]], key: str = "t/d") -> tuple[Ledger, list[bytes]]:
    """What a worker holds and stores: the live ledger, and one record per batch that
    changed it (the inputs that did, with the version after the batch)."""
    ledger, records = Ledger(), []
    for batch in batches:
        fresh = [
            codec.encode(item)
            for item in batch
            if apply(ledger, item) in (Applied.CHANGED, Applied.UNKNOWN_GAME)
        ]
        if fresh:
            records.append(encode_chunks({key: (ledger.version, fresh)}))
    return ledger, records


@given(
    st.permutations(INPUTS),
    st.lists(st.sampled_from(INPUTS), max_size=10),
    st.lists(st.integers(1, 6), min_size=1),
    st.randoms(),
)
def test_the_chunks_of_any_batching_rebuild_the_ledger_in_any_order(
    order: list[object], repeats: list[object], sizes: list[int], rng: Random
) -> None:
    arrivals = order + repeats
    batches, start = [], 0
    for size in sizes * len(arrivals):
        if start >= len(arrivals):
            break
        batches.append(arrivals[start : start + size])
        start += size
    live, records = chunks_of(batches)
    rng.shuffle(records)
    assert rebuild(records) == {"t/d": live}


def test_a_chunk_holds_only_what_its_batch_added() -> None:
    _, records = chunks_of([INPUTS[:3], INPUTS[:3], INPUTS[3:4]])
    assert len(records) == 2
    ledger = rebuild(records[1:])["t/d"]
    assert ledger.version == 4 and len(ledger.schedule) == 1


def test_one_record_carries_the_chunks_of_several_ledgers() -> None:
    first, second = codec.encode(INPUTS[0]), codec.encode(INPUTS[1])
    record = encode_chunks({"t/U12": (1, [first]), 'odd "key"': (7, [first, second])})
    ledgers = rebuild([record])
    assert ledgers["t/U12"].version == 1 and ledgers['odd "key"'].version == 7
    assert len(ledgers['odd "key"'].schedule) == 1


@given(st.permutations(range(2)))
def test_one_id_from_two_producers_is_two_inputs_in_any_order(order: list[int]) -> None:
    forfeit = factories.forfeit(GAMES["A1"], "T2", producer="discipline")
    squat = factories.card(GAMES["A5"], "T2", "X", "yellow", event_id=forfeit.event_id)
    both = [squat.model_copy(update={"producer": "field"}), forfeit]
    ledger = fold([both[i] for i in order])
    assert sorted(ledger.events) == sorted(e.identity for e in both)
