"""An independent check of every hard constraint of a schedule.

Deliberately separate from the construction and the model: it works on plain times (no slots,
no solver) and re-derives every rule from the tournament, so a bug in the model cannot hide
behind the same bug here. Every test and benchmark runs it on what the scheduler produced.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.scheduler.games import Game
from services.scheduler.placement import Placement
from services.scheduler.slots import Closure
from services.scheduler.tournament import Tournament, clock


@dataclass(frozen=True)
class Violation:
    """A broken hard constraint: its kind, the games involved and what is wrong."""

    kind: str
    games: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {', '.join(self.games)}: {self.message}"


def check(
    tournament: Tournament,
    games: Iterable[Game],
    schedule: Mapping[str, Placement],
    closures: Iterable[Closure] = (),
) -> list[Violation]:
    """Every violation of a hard constraint, in a stable order; empty when the schedule is valid.

    `closures` are fields closed for part of a day (weather): a game may not overlap one.
    """
    return _Checker(tournament, list(games), schedule, list(closures)).run()


class _Checker:
    def __init__(
        self,
        tournament: Tournament,
        games: list[Game],
        schedule: Mapping[str, Placement],
        closures: list[Closure],
    ) -> None:
        self.t = tournament
        self.games = {game.id: game for game in games}
        self.schedule = schedule
        self.closures = closures
        self.violations: list[Violation] = []

    def flag(self, kind: str, games: Iterable[str], message: str) -> None:
        self.violations.append(Violation(kind, tuple(sorted(games)), message))

    def run(self) -> list[Violation]:
        self.completeness()
        placed = [
            (self.games[game_id], placement)
            for game_id, placement in sorted(self.schedule.items())
            if game_id in self.games and self.placement_is_known(placement)
        ]
        for game, placement in placed:
            self.field_rules(game, placement)
            self.closed(game, placement)
        self.field_overlaps(placed)
        self.team_rules(placed)
        self.coach_overlaps(placed)
        self.playoff_order(placed)
        self.playoff_venues(placed)
        return self.violations

    def abs_start(self, placement: Placement) -> int:
        return self.t.day_offset[placement.day] + placement.start

    def abs_end(self, placement: Placement) -> int:
        return self.t.day_offset[placement.day] + placement.end

    def completeness(self) -> None:
        """Every game of the tournament is scheduled, and nothing else is."""
        for game_id in sorted(set(self.games) - set(self.schedule)):
            self.flag("missing", [game_id], "game is not on the schedule")
        for game_id in sorted(set(self.schedule) - set(self.games)):
            self.flag("unknown_game", [game_id], "no such game in the tournament")

    def placement_is_known(self, placement: Placement) -> bool:
        if placement.field not in self.t.field:
            self.flag("unknown_field", [placement.game], f"no field {placement.field!r}")
            return False
        if placement.day not in self.t.day:
            self.flag("unknown_day", [placement.game], f"no tournament day {placement.day!r}")
            return False
        return True

    def field_rules(self, game: Game, placement: Placement) -> None:
        """Length from the division, field open and of the right size, playoff day, finals'
        earliest kick-off."""
        division = self.t.division[game.division]
        field = self.t.field[placement.field]
        if placement.end - placement.start != division.play_minutes:
            self.flag(
                "duration",
                [game.id],
                f"lasts {placement.end - placement.start} min, {division.id} plays "
                f"{division.play_minutes}",
            )
        if not field.hosts(division):
            self.flag(
                "field_size",
                [game.id],
                f"{division.id} ({division.size}) cannot play on {field.id} ({field.size}"
                + (")" if field.divisions is None else ", reserved to other divisions)"),
            )
        windows = field.windows.get(placement.day, ())
        if not any(w.contains(placement.start, placement.end) for w in windows):
            self.flag(
                "field_closed",
                [game.id],
                f"{field.id} is not open {placement.day} "
                f"{clock(placement.start)}-{clock(placement.end)}",
            )
        if game.stage == "playoff" and division.playoff_day not in (None, placement.day):
            self.flag(
                "playoff_day", [game.id], f"{division.id} plays its playoffs {division.playoff_day}"
            )
        earliest = self.t.finals_not_before(placement.day)
        if game.round == "final" and earliest is not None and placement.start < earliest:
            self.flag(
                "finals_window",
                [game.id],
                f"final kicks off {placement.day} {clock(placement.start)}, finals that day not "
                f"before {clock(earliest)}",
            )
        for item in self.t.unavailable:
            if (
                item.team in game.candidates
                and item.day == placement.day
                and item.window.overlaps(placement.start, placement.end)
            ):
                self.flag(
                    "unavailable",
                    [game.id],
                    f"team {item.team} is unavailable {item.day} {item.window}",
                )

    def closed(self, game: Game, placement: Placement) -> None:
        """No game on a field while a closure shuts it."""
        for closure in self.closures:
            if (closure.field, closure.day) == (
                placement.field,
                placement.day,
            ) and closure.window.overlaps(placement.start, placement.end):
                self.flag(
                    "closure",
                    [game.id],
                    f"{placement.field} is closed {placement.day} {closure.window}, the game "
                    f"plays {clock(placement.start)}-{clock(placement.end)}",
                )

    def field_overlaps(self, placed: list[tuple[Game, Placement]]) -> None:
        """One game per field at a time, counting the turnover after each game."""
        by_field: dict[tuple[str, str], list[tuple[Game, Placement]]] = defaultdict(list)
        for game, placement in placed:
            by_field[(placement.field, placement.day)].append((game, placement))
        for (field, day), items in sorted(by_field.items()):
            items.sort(key=lambda item: item[1].start)
            for (g1, p1), (g2, p2) in itertools.combinations(items, 2):
                busy_until = p1.end + self.t.division[g1.division].turnover_minutes
                if p2.start < busy_until:
                    self.flag(
                        "field_overlap",
                        [g1.id, g2.id],
                        f"{field} {day}: {g2.id} starts {clock(p2.start)} before {g1.id} "
                        f"clears the field at {clock(busy_until)}",
                    )

    def venue(self, placement: Placement) -> str:
        return self.t.field[placement.field].venue

    def rest_needed(self, first: Placement, then: Placement) -> tuple[int, str]:
        """Minutes needed from `first`'s final whistle to `then`'s kick-off, and how they add up.

        The minimum rest, plus the drive when the venues differ: time in the car is no rest.
        """
        rest = self.t.rules.min_rest_minutes
        a, b = self.venue(first), self.venue(then)
        needed = rest + self.t.travel_minutes(a, b)
        if needed == rest:
            return needed, str(rest)
        return needed, f"{needed} ({rest} rest + {needed - rest} travel from {a} to {b})"

    def team_rules(self, placed: list[tuple[Game, Placement]]) -> None:
        """Per team: one game at a time, rest (plus travel), games per day, late then early."""
        known: dict[str, list[tuple[Game, Placement]]] = defaultdict(list)
        possible: dict[str, list[tuple[Game, Placement]]] = defaultdict(list)
        for game, placement in placed:
            for team in game.teams:
                known[team].append((game, placement))
            for team in game.candidates:
                possible[team].append((game, placement))
        for team, items in sorted(known.items()):
            items.sort(key=lambda item: self.abs_start(item[1]))
            for (g1, p1), (g2, p2) in itertools.combinations(items, 2):
                gap = self.abs_start(p2) - self.abs_end(p1)
                needed, minimum = self.rest_needed(p1, p2)
                if gap < 0:
                    self.flag("team_overlap", [g1.id, g2.id], f"team {team} plays both at once")
                elif gap < needed:
                    self.flag(
                        "rest",
                        [g1.id, g2.id],
                        f"team {team} rests {gap} min between them, minimum {minimum}",
                    )
        for team, items in sorted(possible.items()):
            self.games_per_day(team, items)
            self.late_then_early(team, items)

    def games_per_day(self, team: str, items: list[tuple[Game, Placement]]) -> None:
        """Group games plus one per playoff round the team could be in, against the limit."""
        limit = self.t.division[self.t.team[team].division].max_games_per_day
        per_day: dict[str, list[Game]] = defaultdict(list)
        for game, placement in items:
            per_day[placement.day].append(game)
        for day, day_games in sorted(per_day.items()):
            count = sum(1 for g in day_games if g.stage == "group")
            count += len({g.round for g in day_games if g.stage == "playoff"})
            if count > limit:
                self.flag(
                    "max_per_day",
                    [g.id for g in day_games],
                    f"team {team} could play {count} games on {day}, limit {limit}",
                )

    def late_then_early(self, team: str, items: list[tuple[Game, Placement]]) -> None:
        rules = self.t.rules
        for (g1, p1), (g2, p2) in itertools.permutations(items, 2):
            next_morning = self.t.day_offset[p2.day] - self.t.day_offset[p1.day] == 1440
            if next_morning and p1.start >= rules.late_after and p2.start < rules.early_before:
                self.flag(
                    "late_then_early",
                    [g1.id, g2.id],
                    f"team {team} plays late {p1.day} {clock(p1.start)} and early {p2.day} "
                    f"{clock(p2.start)}",
                )

    def coach_overlaps(self, placed: list[tuple[Game, Placement]]) -> None:
        """A coach's teams never overlap, with travel time between venues."""
        by_team: dict[str, list[tuple[Game, Placement]]] = defaultdict(list)
        for game, placement in placed:
            for team in game.candidates:
                by_team[team].append((game, placement))
        reported: set[tuple[str, str]] = set()
        for coach, teams in self.t.teams_of_coach.items():
            for team_a, team_b in itertools.combinations(teams, 2):
                for (g1, p1), (g2, p2) in itertools.product(by_team[team_a], by_team[team_b]):
                    if g1.id == g2.id or (g1.id, g2.id) in reported:
                        continue
                    if self.too_close(p1, p2) or self.too_close(p2, p1):
                        reported.add((g1.id, g2.id))
                        self.flag(
                            "coach_overlap",
                            [g1.id, g2.id],
                            f"coach {coach} of {team_a} and {team_b} cannot be at both",
                        )

    def too_close(self, first: Placement, second: Placement) -> bool:
        """`second` starts before the coach can arrive from `first` (when it is not before it)."""
        if self.abs_start(second) < self.abs_start(first):
            return False
        travel = self.t.travel_minutes(
            self.t.field[first.field].venue, self.t.field[second.field].venue
        )
        return self.abs_start(second) < self.abs_end(first) + travel

    def playoff_order(self, placed: list[tuple[Game, Placement]]) -> None:
        """A playoff game starts after every game feeding it has ended, plus the rest (and the
        drive between their venues: the feeder's teams may play it)."""
        for game, placement in placed:
            for feeder in game.feeders:
                before = self.schedule.get(feeder)
                if (
                    before is None
                    or before.day not in self.t.day
                    or before.field not in self.t.field
                ):
                    continue
                needed, minimum = self.rest_needed(before, placement)
                if self.abs_start(placement) < self.abs_end(before) + needed:
                    self.flag(
                        "playoff_order",
                        [feeder, game.id],
                        f"{game.id} starts less than {minimum} min after {feeder} ends",
                    )

    def playoff_venues(self, placed: list[tuple[Game, Placement]]) -> None:
        """A division's playoff games stay at one venue, unless its file allows any."""
        at: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for game, placement in placed:
            if game.stage == "playoff" and self.t.division[game.division].playoff_one_venue:
                at[game.division][self.venue(placement)].append(game.id)
        for division, venues in sorted(at.items()):
            if len(venues) > 1:
                where = "; ".join(f"{v}: {', '.join(ids)}" for v, ids in sorted(venues.items()))
                self.flag(
                    "playoff_venue",
                    [game_id for ids in venues.values() for game_id in ids],
                    f"{division} plays its playoff games at one venue, not at {where}",
                )
