"""Coach ids one slip apart: a typo in a coach id silently drops that coach's rule that their
teams never overlap, because the mistyped id looks like a coach of one team.

Used two ways: with a `coaches:` list, an undeclared id is named with the listed id it looks
like; without one, an id on one team only that looks like another id is an error (the
director confirms two real, similar coaches by listing them).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

SEPARATOR = re.compile(r"[._-]")


def confusable(a: str, b: str) -> bool:
    """Two different ids one slip apart: equal but for case or separators, or one letter
    added, dropped, changed or swapped with its neighbour inside one word.

    Edits in words with digits or of one letter do not count: that is how ids are numbered
    (c1, c2, c11; coach-a, coach-b; smith-u14b, smith-u14g).
    """
    if a == b:
        return False
    words_a = SEPARATOR.split(a.casefold())
    words_b = SEPARATOR.split(b.casefold())
    if "".join(words_a) == "".join(words_b):
        return True
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return len(differing) == 1 and _one_letter_apart(*differing[0])


def confusable_pairs(ids: list[str]) -> list[tuple[str, str]]:
    """Every `confusable` pair, each in the order written; only ids sharing a key of
    `_slip_keys` are compared, so a thousand coaches take milliseconds, not seconds."""
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, coach in enumerate(ids):
        for key in _slip_keys(coach):
            buckets[key].append(index)
    pairs = {pair for members in buckets.values() for pair in itertools.combinations(members, 2)}
    return [(ids[a], ids[b]) for a, b in sorted(pairs) if confusable(ids[a], ids[b])]


def _slip_keys(coach: str) -> set[tuple[object, ...]]:
    """Keys two confusable ids share: the id without case and separators; and per word of
    letters, the other words with that word or that word less one letter (one letter
    added, dropped, changed or swapped leaves a common word-less-one-letter)."""
    words = SEPARATOR.split(coach.casefold())
    keys: set[tuple[object, ...]] = {("".join(words),)}
    for i, word in enumerate(words):
        if _spelled(word):
            for variant in {word, *(word[:j] + word[j + 1 :] for j in range(len(word)))}:
                keys.add((tuple(words[:i]), tuple(words[i + 1 :]), variant))
    return keys


def _spelled(word: str) -> bool:
    """A word of two or more letters, where a slip is a typo (not a number or a letter code)."""
    return len(word) >= 2 and word.isalpha()


def _one_letter_apart(x: str, y: str) -> bool:
    """Words of letters (two or more) that differ by one letter added, dropped, changed, or
    two neighbours swapped."""
    if not (_spelled(x) and _spelled(y)):
        return False
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (x[diff[0]], x[diff[1]]) == (y[diff[1]], y[diff[0]])
        )
        return len(diff) == 1 or swapped
    shorter, longer = sorted((x, y), key=len)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )
