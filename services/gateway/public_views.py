"""What the public pages and screens show, as plain data for the templates and the streams.

Every label is made here, once, for the server-rendered page and for the live updates alike,
so a page patched by its stream reads exactly as the same page loaded afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from schemas.schedule import DivisionDefined, GameSlot
from services.spectators.bracket_tree import columns
from services.spectators.games import GameState
from services.spectators.lateness import FieldDelay

STATUS_LABELS = {
    "scheduled": "scheduled",
    "live": "live",
    "half_time": "half-time",
    "final": "final",
    "forfeit": "forfeit",
    "abandoned": "abandoned",
    "awaiting_shootout": "awaiting shoot-out",
}


def status_label(state: GameState) -> str:
    """'live 37'', 'half-time', 'final (4-3 pens)', 'forfeit (no show)'..."""
    label = STATUS_LABELS[state.status]
    if state.status == "live" and state.minute is not None:
        label = f"live {state.minute}'"
    if state.home_kicks is not None:
        label += f" ({state.home_kicks}-{state.away_kicks} pens)"
    if state.note:
        label += f" ({state.note})"
    return label


def score_text(state: GameState) -> str:
    if state.home_goals is None:
        return "-"
    return f"{state.home_goals} - {state.away_goals}"


def game_view(game: GameSlot, state: GameState) -> dict[str, Any]:
    """One game's live part: what a stream update patches into every page showing it."""
    return {
        "game_id": game.game_id,
        "status": state.status,
        "label": status_label(state),
        "score": score_text(state),
        "minute": state.minute,
        "runs_to": state.runs_to,
    }


def field_name(game: GameSlot) -> str:
    return game.field_name or game.field_id


def late_view(delays: Mapping[str, FieldDelay], games: Iterable[GameSlot]) -> list[dict[str, Any]]:
    """The fields running late, with their names, for every page's notice and badges."""
    by_field = {g.field_id: g for g in games}
    found = []
    for field_id, delay in sorted(delays.items()):
        game = by_field.get(field_id)
        found.append(
            {
                "field_id": field_id,
                "venue_id": delay.venue_id,
                "name": field_name(game) if game else field_id,
                "venue": (game.venue_name or game.venue_id) if game else delay.venue_id,
                "minutes": delay.minutes,
                "text": f"{field_name(game) if game else field_id} running "
                f"{delay.minutes} min late",
            }
        )
    return found


class PublicNames:
    """Team and division names of a tournament, from its division definitions."""

    def __init__(self, divisions: Iterable[DivisionDefined]) -> None:
        self.divisions = {d.division_id: d for d in divisions}
        self.teams = {t.team_id: t.name for d in self.divisions.values() for t in d.teams}
        self.team_division = {
            t.team_id: d.division_id for d in self.divisions.values() for t in d.teams
        }

    def team(self, team_id: str | None, fallback: str = "to be decided") -> str:
        return self.teams.get(team_id or "", team_id or fallback)

    def division(self, division_id: str) -> str:
        held = self.divisions.get(division_id)
        return held.name if held else division_id


def game_row(game: GameSlot, state: GameState, names: PublicNames) -> dict[str, Any]:
    """A game as a line of a schedule: when, where, who, and its live part."""
    home = names.team(game.home_team_id, game.home_source.label if game.home_source else "")
    away = names.team(game.away_team_id, game.away_source.label if game.away_source else "")
    return game_view(game, state) | {
        "time": game.start.strftime("%H:%M"),
        "day": game.start.strftime("%a %d %b"),
        "weekday": game.start.strftime("%a"),
        "date": game.start.date().isoformat(),
        "field_id": game.field_id,
        "field": field_name(game),
        "venue_id": game.venue_id,
        "venue": game.venue_name or game.venue_id,
        "division_id": game.division_id,
        "division": names.division(game.division_id),
        "round": game.round,
        "home_id": game.home_team_id,
        "away_id": game.away_team_id,
        "home": home,
        "away": away,
    }


def fill_seats(games: Iterable[GameSlot], snapshots: Iterable[Mapping[str, Any]]) -> list[GameSlot]:
    """The games with the playoff seats the standings have filled: the schedule names a
    playoff game's teams only by where they come from ('Winner SF1')."""
    seats = {g["game_id"]: g for s in snapshots for g in s.get("bracket", [])}
    filled = []
    for game in games:
        seat = seats.get(game.game_id)
        if seat is not None and game.stage == "playoff":
            game = game.model_copy(
                update={
                    "home_team_id": game.home_team_id or seat.get("home_team_id"),
                    "away_team_id": game.away_team_id or seat.get("away_team_id"),
                }
            )
        filled.append(game)
    return filled


def bracket_view(
    snapshot: Mapping[str, Any], slots: Mapping[str, GameSlot], names: PublicNames
) -> list[list[dict[str, Any]]]:
    """The bracket's columns, each game with its teams' names, marks, score and kicks."""
    seeds = {team: n for n, team in enumerate(snapshot.get("seeds", []), start=1)}
    wild = set(snapshot.get("wild_cards", []))

    def side(game: Mapping[str, Any], which: str) -> dict[str, Any]:
        team = game.get(f"{which}_team_id")
        mark = "WC" if team in wild else (f"{seeds[team]}" if team in seeds else "")
        return {
            "name": names.team(team, game[f"{which}_label"]) if team else game[f"{which}_label"],
            "known": team is not None,
            "mark": mark,
            "goals": game.get(f"{which}_goals"),
            "kicks": game.get(f"{which}_kicks"),
            "winner": team is not None and team == game.get("winner_team_id"),
        }

    drawn = []
    for column in columns(snapshot.get("bracket", []), slots):
        drawn.append(
            [
                {
                    "game_id": node.game["game_id"],
                    "round": node.game["round"],
                    "status": node.game.get("status", "waiting"),
                    "home": side(node.game, "home"),
                    "away": side(node.game, "away"),
                }
                for node in column
            ]
        )
    return drawn


def map_link(game: GameSlot) -> str | None:
    """A map of the venue, when the tournament file gives its coordinates."""
    if game.venue_location is None:
        return None
    lat, lon = game.venue_location.latitude, game.venue_location.longitude
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
    )
