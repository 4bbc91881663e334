"""The field app: a referee's or marshal's phone, served by the gateway.

GET /field/{t}/{field}                       the app (a shell with no data: it works offline)
GET /field/sw.js, /field/static/{name}       its service worker, script and style
GET /v1/tournaments/{t}/fields/{f}/sheet        the field's games of the day, the rosters and
                                                the playing-time rule's inputs
GET /v1/tournaments/{t}/fields/{f}/eligibility  who of those teams should not play, and why

The app signs in with the token in its address's fragment (`#token=`), which the browser
never sends: it keeps it and sends it as a bearer header, so the existing rules hold (a field
token reads and posts only for games on its fields). Events go through `POST
/v1/events:batch` like every other producer's. The rosters, lineups and expulsions the
eligibility read needs are topics the gateway publishes but did not read; `FieldViews`
follows them.
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse, Response

from schemas import codec
from schemas.discipline import PersonExpelled
from schemas.match import LineupSubmitted
from schemas.roster import RosterSubmitted
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services.discipline.config import DisciplineConfig
from services.gateway import field_rules
from services.gateway.auth import Principal, Role
from services.gateway.feeds import Feed
from services.gateway.pages import PAGE_HEADERS, page
from services.gateway.path_params import Ident, InTournament, TournamentId
from services.region.playing_time.minutes import THREE_QUARTERS
from services.region.playing_time.quarters import quarters_needed
from services.streaming import topics

HERE = Path(__file__).parent
STATIC = HERE / "static" / "field"
ASSETS = {"app.js": "text/javascript", "app.css": "text/css", "icon.svg": "image/svg+xml"}
#: As the display page (only the gateway's own script, style and API; nothing inline), and
#: its own service worker and manifest.
HEADERS = PAGE_HEADERS | {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}
Tournament = TournamentId
FieldId = Ident


def _sheet_identity(event: Any) -> str:
    """A team's roster, one lineup per game and team (the latest), any other event by id."""
    if isinstance(event, RosterSubmitted):
        return f"roster:{event.team_id}"
    if isinstance(event, LineupSubmitted):
        return f"lineup:{event.game_id}/{event.team_id}"
    return f"event:{event.event_id}"


def _ruling_identity(event: Any) -> str:
    """One expulsion per person is all the app needs of the rulings."""
    if isinstance(event, PersonExpelled):
        return f"expelled:{event.person_id}"
    return str(event.event_id)


class FieldViews:
    """The team sheets (rosters, lineups) and committee rulings, as the gateway reads them."""

    def __init__(self) -> None:
        self.sheets = Feed(topics.TEAM_SHEETS.name, codec.INBOUND_EVENT, _sheet_identity)
        self.rulings = Feed(topics.RULINGS.name, codec.RULING, _ruling_identity)

    @property
    def feeds(self) -> list[Feed]:
        return [self.sheets, self.rulings]

    def rosters(self, tournament_id: str) -> dict[str, RosterSubmitted]:
        held = self.sheets.current(tournament_id)
        return {e.team_id: e for e in held if isinstance(e, RosterSubmitted)}

    def lineups(self, tournament_id: str) -> list[LineupSubmitted]:
        return [e for e in self.sheets.current(tournament_id) if isinstance(e, LineupSubmitted)]

    def expulsions(self, tournament_id: str) -> list[PersonExpelled]:
        return [e for e in self.rulings.current(tournament_id) if isinstance(e, PersonExpelled)]


def field_router(
    caller: Callable[..., Awaitable[Principal]],
    schedule: Feed,
    notices: Feed,
    views: FieldViews,
    ready: asyncio.Event,
    config: DisciplineConfig | None = None,
    share: Fraction = THREE_QUARTERS,
) -> APIRouter:
    """The app's routes. `caller` is the gateway's bearer-token dependency; `schedule` and
    `notices` its feeds; `ready` is set once the feeds have read their topics; `share` is
    the playing-time rule's (of each game, what an attending player must play)."""
    rules_config = config or DisciplineConfig()
    router = APIRouter()

    async def field_caller(
        tournament_id: Tournament,
        field_id: FieldId,
        principal: Annotated[Principal, Depends(caller)],
    ) -> InTournament:
        """The field of the path, for a field token for this field (or an admin): no other
        field's games or rosters."""
        if not principal.covers(tournament_id):
            raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")
        if principal.role not in (Role.FIELD, Role.ADMIN):
            raise HTTPException(403, f"this needs the field role, not {principal.role.value}")
        if not principal.covers_field(field_id):
            mine = ", ".join(sorted(principal.fields or ()))
            detail = f"token {principal.name!r} is for field {mine}, not {field_id}"
            raise HTTPException(403, detail)
        try:
            await asyncio.wait_for(ready.wait(), 5.0)
        except TimeoutError as exc:
            raise HTTPException(503, "the gateway is still reading the broker; try again") from exc
        return InTournament(tournament_id, field_id)

    Field = Annotated[InTournament, Depends(field_caller)]

    def games_of(tournament_id: str, field_id: str) -> list[GameSlot]:
        games = [
            e.game
            for e in schedule.current(tournament_id)
            if isinstance(e, GameScheduled) and e.game.field_id == field_id
        ]
        day = field_rules.day_of_play((g.start.date() for g in games), datetime.now(UTC).date())
        return sorted((g for g in games if g.start.date() == day), key=lambda g: g.start)

    @router.get("/field/sw.js", include_in_schema=False)
    async def service_worker() -> Response:
        """The service worker, served from /field/ so that it may control every app page."""
        body = (STATIC / "sw.js").read_bytes()
        return Response(body, media_type="text/javascript", headers=HEADERS)

    @router.get("/field/static/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in ASSETS:
            raise HTTPException(404, f"no field app asset {name!r}")
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name], headers=HEADERS)

    @router.get("/v1/tournaments/{tournament_id}/fields/{field_id}/sheet")
    async def sheet(field: Field) -> dict[str, object]:
        """The field's games of the day (today, else the next day with games), each with the
        rulebook facts the referee needs, and the rosters of the teams that play them."""
        tournament_id, field_id = field.tournament_id, field.id
        games = games_of(tournament_id, field_id)
        divisions = {
            e.division_id: e
            for e in schedule.current(tournament_id)
            if isinstance(e, DivisionDefined)
        }
        rosters = views.rosters(tournament_id)
        return {
            "tournament_id": tournament_id,
            "field_id": field_id,
            "venue_id": games[0].venue_id if games else None,
            "games": [_game(g, divisions.get(g.division_id), rules_config, share) for g in games],
            "teams": {
                team: _team(team, rosters.get(team), divisions)
                for team in sorted(field_rules.teams_of(games))
            },
        }

    @router.get("/v1/tournaments/{tournament_id}/fields/{field_id}/eligibility")
    async def eligibility(field: Field) -> dict[str, object]:
        """Who of the field's teams should not play today and why: suspended, expelled, or
        already played for another team. Only the field's teams, only these facts."""
        tournament_id, field_id = field.tournament_id, field.id
        rosters = views.rosters(tournament_id)
        outstanding = field_rules.outstanding_games(notices.current(tournament_id))
        expulsions = views.expulsions(tournament_id)
        lineups = views.lineups(tournament_id)
        flags = {}
        for team in sorted(field_rules.teams_of(games_of(tournament_id, field_id))):
            roster = rosters.get(team)
            found = (
                []
                if roster is None
                else field_rules.flags_for_team(roster, outstanding, expulsions, lineups)
            )
            flags[team] = [
                {"person_id": f.person_id, "reason": f.reason, "detail": f.detail} for f in found
            ]
        return {"tournament_id": tournament_id, "field_id": field_id, "flags": flags}

    @router.get("/field/{tournament_id}/{field_id}", response_class=HTMLResponse)
    async def app_page(tournament_id: Tournament, field_id: FieldId) -> HTMLResponse:
        """The app's shell. It holds no data, so it is served without a token and cached by
        the service worker; the data it reads needs the field's token."""
        return page("field/app.html", headers=HEADERS, tournament=tournament_id, field=field_id)

    return router


def _game(
    game: GameSlot, division: DivisionDefined | None, config: DisciplineConfig, share: Fraction
) -> object:
    age_group = division.age_group if division is not None else "U19"
    rules = field_rules.game_rules(age_group, game.stage, config)
    return {
        "game_id": game.game_id,
        "division_id": game.division_id,
        "division_name": division.name if division is not None else game.division_id,
        "age_group": age_group,
        "stage": game.stage,
        "round": game.round,
        "start": game.start.isoformat(),
        "end": game.end.isoformat(),
        "home": game.home_team_id,
        "away": game.away_team_id,
        "home_label": game.home_source.label if game.home_source else None,
        "away_label": game.away_source.label if game.away_source else None,
        "rules": {
            "half_minutes": rules.half_minutes,
            "minimum_players": rules.minimum_players,
            "grace_minutes": rules.grace_minutes,
            "mercy_margin": rules.mercy_margin,
            "heading": rules.heading,
            "heading_allowed": rules.heading_allowed,
            "shootout_on_draw": rules.shootout_on_draw,
        },
        # The playing-time rule's inputs: the page counts whole quarters against
        # `quarters_needed` (`playing_time.quarters`), and sends the game's length.
        "playing_time": {
            "share": str(share),
            "quarters_needed": quarters_needed(share),
            "game_minutes": 2 * rules.half_minutes,
        },
    }


def _team(
    team_id: str, roster: RosterSubmitted | None, divisions: dict[str, DivisionDefined]
) -> object:
    names = {t.team_id: t.name for d in divisions.values() for t in d.teams}
    return {
        "team_id": team_id,
        "name": names.get(team_id) or (roster.team_name if roster else "") or team_id,
        "players": [
            {"person_id": p.person_id, "name": p.name, "shirt_number": p.shirt_number}
            for p in (roster.players if roster else [])
        ],
        "staff": [
            {"person_id": s.person_id, "name": s.name, "role": s.role}
            for s in (roster.staff if roster else [])
        ],
    }
