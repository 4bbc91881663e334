"""iCalendar files of games, for people's calendar apps: one zone for the times (or UTC),
one event per game or duty whose UID stays the same across a replan (a re-import moves the
event instead of doubling it), one file per team or referee.

Shared by the tournament's, the season's and the referees' exports and the gateway's feeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar


def calendar_file(
    product: str,
    title: str,
    timezone: icalendar.Timezone | None,
    events: Iterable[icalendar.Event],
) -> bytes:
    """One iCalendar file: made by Touchline's `product`, named `title` in calendar apps,
    its times in `timezone` (RFC 5545 3.6.5: the file defines the zone its TZIDs name); with
    None the file has no VTIMEZONE, so the events' times must be UTC (3.3.5, form 2)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Touchline//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    if timezone is not None:
        calendar.add_component(timezone)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def game_event(
    uid: str, stamp: datetime, start: datetime, end: datetime, summary: str, location: str
) -> icalendar.Event:
    """One game (or duty at one) in a calendar."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    return event


def write_files(directory: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Each file by its name in `directory` (made if missing), in order; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written


def vtimezone(zone: str, first: date, last: date) -> icalendar.Timezone:
    """The IANA zone `zone` as a VTIMEZONE, with every offset change from the day before
    `first` to the day after `last`, so a calendar app can place each game exactly even
    when daylight saving time starts or ends during the tournament or season."""
    timezone = icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone),
        zone,
        first_date=first - timedelta(days=1),
        last_date=last + timedelta(days=1),
    )
    for observance in timezone.standard + timezone.daylight:
        _date_onset_before_the_gap(observance)
    return timezone


def _date_onset_before_the_gap(
    observance: icalendar.TimezoneStandard | icalendar.TimezoneDaylight,
) -> None:
    """Date a change that skips clock time by the local time before the gap.

    RFC 5545 3.6.5 reads DTSTART in TZOFFSETFROM: New York springs forward at 02:00, as in
    the RFC's own example. icalendar 7.3 writes the first local time after the gap (03:00),
    an hour late; a change that repeats an hour (fall back) it already dates right.
    """
    skipped = observance.TZOFFSETTO - observance.TZOFFSETFROM
    if skipped <= timedelta(0):
        return
    onsets = [observance.DTSTART, *(start for start, _ in observance.rdates)]
    observance.DTSTART = onsets[0] - skipped
    if len(onsets) > 1:
        observance.pop("RDATE")
        observance.add("RDATE", [onset - skipped for onset in onsets[1:]])
