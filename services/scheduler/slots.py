"""Discretised time: each field's opening windows cut into back-to-back game slots.

A slot is as long as the longest game (play plus turnover) of any division the field hosts,
so slots of one field never overlap and "one game per field at a time" becomes "one game per
slot". Slot starts are where the construction and the model may put kick-offs; the checker
does not know about slots at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.scheduler.tournament import Field, Tournament, Window


@dataclass(frozen=True)
class Slot:
    index: int
    field: str
    venue: str
    day: str
    start: int
    length: int


@dataclass(frozen=True)
class Closure:
    """A field closed for part of a day (weather, maintenance)."""

    field: str
    day: str
    window: Window


def open_windows(field: Field, day: str, closures: Iterable[Closure] = ()) -> list[Window]:
    """The field's windows on the day with every closure cut out."""
    windows = list(field.windows.get(day, ()))
    for closure in closures:
        if closure.field != field.id or closure.day != day:
            continue
        cut: list[Window] = []
        for w in windows:
            if w.start < closure.window.start:
                cut.append(Window(w.start, min(w.end, closure.window.start)))
            if w.end > closure.window.end:
                cut.append(Window(max(w.start, closure.window.end), w.end))
        windows = [w for w in cut if w.end > w.start]
    return windows


def build_slots(tournament: Tournament, closures: Iterable[Closure] = ()) -> list[Slot]:
    """Every slot of every field, ordered by day, start and field (file order).

    Under closures, every slot that does not touch a closure keeps its place (so a replan
    need not shift games it does not displace); a reopened stretch gets new slots from the
    reopening up to the first kept slot.
    """
    closures = list(closures)
    raw = []
    for position, field in enumerate(tournament.fields):
        hosted = [d for d in tournament.divisions if field.hosts(d)]
        if not hosted:
            continue
        length = max(d.field_minutes for d in hosted)
        longest_play = max(d.play_minutes for d in hosted)
        for day in tournament.days:
            grid = [
                start
                for window in field.windows.get(day.id, ())
                for start in range(window.start, window.end - longest_play + 1, length)
            ]
            shut = [c.window for c in closures if c.field == field.id and c.day == day.id]
            kept = [t for t in grid if not any(w.overlaps(t, t + length) for w in shut)]
            starts = list(kept)
            for window in open_windows(field, day.id, closures) if shut else []:
                start = window.start
                while start + longest_play <= window.end and not any(
                    start < k + length and k < start + length for k in kept
                ):
                    starts.append(start)
                    start += length
            offset = tournament.day_offset[day.id]
            raw += [(offset + t, position, field, day.id, t, length) for t in sorted(set(starts))]
    raw.sort(key=lambda item: (item[0], item[1]))
    return [
        Slot(index, field.id, field.venue, day, start, length)
        for index, (_, _, field, day, start, length) in enumerate(raw)
    ]
