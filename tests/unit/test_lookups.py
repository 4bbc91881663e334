"""Lookups by id on frozen descriptions: keyed by id, built once per instance, never a field."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from services.lookups import ById
from services.scheduler.tournament import Day

SAT, SUN = Day("sat", date(2026, 11, 21)), Day("sun", date(2026, 11, 22))


@dataclass(frozen=True)
class Calendar:
    days: tuple[Day, ...]
    day = ById[Day]("days")


def test_a_lookup_keys_the_tuple_by_id_and_is_built_once_per_instance() -> None:
    calendar = Calendar((SAT, SUN))
    assert calendar.day == {"sat": SAT, "sun": SUN}
    assert calendar.day is calendar.day


def test_a_replaced_instance_looks_up_its_own_items() -> None:
    calendar = Calendar((SAT,))
    assert list(calendar.day) == ["sat"]
    assert list(replace(calendar, days=(SUN,)).day) == ["sun"]
    assert list(calendar.day) == ["sat"]


def test_a_lookup_is_no_dataclass_field_and_reads_on_the_class_as_itself() -> None:
    assert [f.name for f in fields(Calendar)] == ["days"]
    assert isinstance(Calendar.day, ById)
    assert Calendar((SAT,)) == Calendar((SAT,))
