"""Discipline as pure functions of the events about people.

The walking skeleton only counts cards per person; suspensions and eligibility build on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from schemas.match import CardIssued


def count_cards(cards: Iterable[CardIssued]) -> dict[str, Counter[str]]:
    """Each person's cards by colour."""
    tally: dict[str, Counter[str]] = {}
    for card in cards:
        tally.setdefault(card.person_id, Counter())[card.card] += 1
    return tally
