"""Discipline as pure functions of a person's record and the events about them.

The walking skeleton only counts cards per person; suspensions and eligibility build on it.
"""

from __future__ import annotations

from collections import Counter

from schemas.match import CardIssued


def count_cards(record: Counter[str], card: CardIssued) -> Counter[str]:
    """The person's card tally with this card added (a new Counter; the old one is untouched)."""
    updated = Counter(record)
    updated[card.card] += 1
    return updated
