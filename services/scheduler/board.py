"""The scheduler's working state: placed games, with the question "may this game go here?".

The construction asks it slot by slot; the model asks it which slots stay possible for a game
once every other game is fixed. When the answer is no, `refusal` says why in a director's
words, which is what an infeasibility report is made of.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from services.scheduler.games import Game
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament, clock


@dataclass(frozen=True)
class _Stay:
    """A placed game as one team sees it."""

    game: Game
    day: str
    start: int
    end: int
    abs_start: int
    abs_end: int
    venue: str


class Board:
    """Placed games indexed by field, team and coach, for fast feasibility questions."""

    def __init__(self, tournament: Tournament, games: list[Game]) -> None:
        self.t = tournament
        self.games = {game.id: game for game in games}
        self.schedule: Schedule = {}
        self.field_busy: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
        self.team_stays: dict[str, list[_Stay]] = defaultdict(list)
        self.dependents: dict[str, list[str]] = defaultdict(list)
        for game in games:
            for feeder in game.feeders:
                self.dependents[feeder].append(game.id)
        self.unavailable = defaultdict(list)
        for item in tournament.unavailable:
            self.unavailable[(item.team, item.day)].append(item)
        self.coaches_of_team = {team.id: team.coach_ids for team in tournament.teams}
        self.playoff_rounds = {
            d.id: {g.round for g in games if g.division == d.id and g.stage == "playoff"}
            for d in tournament.divisions
        }
        # Division -> its placed playoff games -> their venue, in the order they were placed.
        self.playoff_venue: dict[str, dict[str, str]] = defaultdict(dict)

    def place(self, placement: Placement) -> None:
        game = self.games[placement.game]
        self.schedule[game.id] = placement
        turnover = self.t.division[game.division].turnover_minutes
        self.field_busy[(placement.field, placement.day)].append(
            (placement.start, placement.end + turnover, game.id)
        )
        stay = self._stay(game, placement)
        for team in game.candidates:
            self.team_stays[team].append(stay)
        if game.stage == "playoff":
            self.playoff_venue[game.division][game.id] = stay.venue

    def remove(self, game_id: str) -> Placement:
        """Take a placed game off the board again, as if it had never been placed."""
        game = self.games[game_id]
        placement = self.schedule.pop(game_id)
        busy = self.field_busy[(placement.field, placement.day)]
        busy[:] = [item for item in busy if item[2] != game_id]
        for team in game.candidates:
            self.team_stays[team] = [s for s in self.team_stays[team] if s.game.id != game_id]
        self.playoff_venue[game.division].pop(game_id, None)
        return placement

    def _stay(self, game: Game, placement: Placement) -> _Stay:
        offset = self.t.day_offset[placement.day]
        return _Stay(
            game,
            placement.day,
            placement.start,
            placement.end,
            offset + placement.start,
            offset + placement.end,
            self.t.field[placement.field].venue,
        )

    def placement(self, game: Game, slot: Slot) -> Placement:
        play = self.t.division[game.division].play_minutes
        return Placement(game.id, slot.field, slot.day, slot.start, slot.start + play)

    def allows(self, game: Game, slot: Slot) -> bool:
        return self.refusal(game, slot) is None

    def refusal(self, game: Game, slot: Slot) -> str | None:
        """Why the game may not take the slot given everything placed, or None if it may."""
        division = self.t.division[game.division]
        field = self.t.field[slot.field]
        if not field.hosts(division):
            return "field size"
        if game.stage == "playoff" and division.playoff_day not in (None, slot.day):
            return "playoff day"
        earliest = self.t.finals_not_before(slot.day)
        if game.round == "final" and earliest is not None and slot.start < earliest:
            return f"finals not before {clock(earliest)}"
        if game.stage == "playoff" and division.playoff_one_venue:
            venues = {v for g, v in self.playoff_venue[division.id].items() if g != game.id}
            if venues and slot.venue not in venues:
                return f"playoff venue {min(venues)}"
        p = self.placement(game, slot)
        busy_until = p.end + division.turnover_minutes
        for start, end, _ in self.field_busy[(slot.field, slot.day)]:
            if start < busy_until and p.start < end:
                return "field taken"
        for team in sorted(game.candidates):
            for item in self.unavailable[(team, slot.day)]:
                if item.window.overlaps(p.start, p.end):
                    return f"team {team} unavailable {item.day} {item.window}"
        me = self._stay(game, p)
        return (
            self._team_refusal(game, me)
            or self._coach_refusal(game, me)
            or self._order_refusal(game, me)
        )

    def _team_refusal(self, game: Game, me: _Stay) -> str | None:
        rules = self.t.rules
        for team in sorted(game.candidates):
            stays = self.team_stays[team]
            if team in game.teams:
                for other in stays:
                    if other.game.stage != "group":
                        continue
                    if not (self._rested(other, me) or self._rested(me, other)):
                        return f"team {team} rest"
            limit = self.t.division[self.t.team[team].division].max_games_per_day
            same_day = [s for s in stays if s.day == me.day]
            count = sum(1 for s in same_day if s.game.stage == "group")
            rounds = {s.game.round for s in same_day if s.game.stage == "playoff"}
            if game.stage == "group":
                count += 1
                if me.day == self.t.division[game.division].playoff_day:
                    # Keep room for the playoff rounds the team may still reach that day.
                    rounds |= self.playoff_rounds[game.division]
            else:
                rounds.add(game.round)
            if count + len(rounds) > limit:
                return f"team {team} games per day"
            for other in stays:
                gap_days = (other.abs_start - other.start - (me.abs_start - me.start)) // 1440
                late_early = (
                    gap_days == 1
                    and me.start >= rules.late_after
                    and other.start < rules.early_before
                ) or (
                    gap_days == -1
                    and other.start >= rules.late_after
                    and me.start < rules.early_before
                )
                if late_early:
                    return f"team {team} late then early"
        return None

    def _coach_refusal(self, game: Game, me: _Stay) -> str | None:
        for team in sorted(game.candidates):
            for coach in self.coaches_of_team[team]:
                for other_team in self.t.teams_of_coach[coach]:
                    if other_team == team:
                        continue
                    for other in self.team_stays[other_team]:
                        if other.game.id == game.id:
                            continue
                        if self._too_close(me, other) or self._too_close(other, me):
                            return f"coach {coach} of {team} and {other_team}"
        return None

    def _rested(self, first: _Stay, then: _Stay) -> bool:
        """`then` kicks off at least the rest, plus the drive between venues, after `first`."""
        return then.abs_start >= first.abs_end + self.t.rest_after(first.venue, then.venue)

    def _too_close(self, first: _Stay, second: _Stay) -> bool:
        if second.abs_start < first.abs_start:
            return False
        return second.abs_start < first.abs_end + self.t.travel_minutes(first.venue, second.venue)

    def _order_refusal(self, game: Game, me: _Stay) -> str | None:
        """Playoff games after their feeders, with rest and the drive (their teams play both)."""
        for feeder in game.feeders:
            before = self.schedule.get(feeder)
            if before is not None and not self._rested(self._stay(self.games[feeder], before), me):
                return f"after {feeder}"
        for dependent in self.dependents[game.id]:
            after = self.schedule.get(dependent)
            if after is not None and not self._rested(me, self._stay(self.games[dependent], after)):
                return f"before {dependent}"
        return None
