"""The `touchline` command: one entry point for directors, committees and operators.

Each area adds its own sub-command group; this module only assembles them.
"""

from __future__ import annotations

import shutil
import signal
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from schemas import export as schema_export
from services.discipline.cli import discipline_app, roster_app
from services.files import private_file
from services.gateway import field_sheet, token_file
from services.gateway.auth import Role, entry_for, new_token, unused_name
from services.referees.cli import referees_app
from services.region.coaches.cli import coaches_app
from services.region.playing_time.cli import playing_time_app
from services.region.practices.cli import practices_app
from services.region.teams.cli import teams_app
from services.registration.cli import registration_app
from services.scheduler.cli import schedule_app
from services.standings.cli import app as standings_app
from touchline.stack import Stack, StackError

app = typer.Typer(help="Run a youth soccer tournament end to end.", no_args_is_help=True)
schemas_app = typer.Typer(help="The event schemas.", no_args_is_help=True)
token_app = typer.Typer(
    help="Access tokens for field apps, the committee and displays.", no_args_is_help=True
)
topics_app = typer.Typer(help="The broker's topics.", no_args_is_help=True)
app.add_typer(schemas_app, name="schemas")
app.add_typer(token_app, name="token")
app.add_typer(topics_app, name="topics")
app.add_typer(standings_app, name="standings")
app.add_typer(roster_app, name="roster")
app.add_typer(discipline_app, name="discipline")
app.add_typer(schedule_app, name="schedule")
app.add_typer(teams_app, name="teams")
app.add_typer(coaches_app, name="coaches")
app.add_typer(referees_app, name="referees")
app.add_typer(practices_app, name="practices")
app.add_typer(playing_time_app, name="playing-time")
app.add_typer(registration_app, name="registration")

Home = Annotated[Path, typer.Option(help="Where journal, state and logs live.")]
TokenFileOption = Annotated[Path, typer.Option("--file", help="The token file.")]
Port = Annotated[int, typer.Option(help="The gateway's HTTP port (0: any free port).")]
GatewayUrl = Annotated[str, typer.Option(help="The gateway's address as the phones reach it.")]


@schemas_app.command("export")
def export_schemas(
    directory: Annotated[Path, typer.Argument(help="Where to write them.")] = (
        schema_export.DEFAULT_DIR
    ),
) -> None:
    """Write every event family as a JSON Schema file."""
    for path in schema_export.export(directory):
        typer.echo(path)


@topics_app.command("create")
def create_topics() -> None:
    """Create every topic on KAFKA_BOOTSTRAP_SERVERS with the intended partition counts."""
    from services.streaming.admin import ensure_topics
    from services.streaming.topics import TOPICS
    from touchline.compose import Settings

    stream = Settings.from_env().stream
    ensure_topics(stream.bootstrap_servers, TOPICS, stream.partitions)
    typer.echo(" ".join(spec.name for spec in TOPICS))


@token_app.command("create")
def create_token(
    role: Annotated[Role, typer.Option(help="What the token may do.")],
    tournament: Annotated[list[str], typer.Option(help="Tournament id (repeat; '*' for all).")],
    name: Annotated[str, typer.Option(help="A name to recognise the token by.")] = "",
    field: Annotated[
        list[str] | None, typer.Option(help="Field tokens: only games on this field (repeat).")
    ] = None,
    referee: Annotated[
        str | None, typer.Option(help="Referee tokens: the referee whose schedule it reads.")
    ] = None,
    file: TokenFileOption = Path("var/tokens.yaml"),
    qr: Annotated[
        bool, typer.Option(help="Field tokens: a code to type, and a QR code of the app's address.")
    ] = False,
    url: GatewayUrl = "http://127.0.0.1:8000",
) -> None:
    """Create a token, store only its hash in the token file, and print it (once)."""
    if qr and (role is not Role.FIELD or not field or len(tournament) != 1 or "*" in tournament):
        raise typer.BadParameter(
            "a QR code opens one tournament's field app: --role field, one --tournament and "
            "at least one --field",
            param_hint="--qr",
        )
    token = field_sheet.new_code() if qr else new_token()
    if (role is Role.REFEREE) != (referee is not None):
        raise typer.BadParameter("a referee token, and only one, names its --referee")
    name = name or unused_name(role, token_file.names(file))
    add_token(file, name, token, role, tournament, field, referee)
    typer.echo(token)
    for field_id in field if qr and field else []:
        address = field_sheet.app_url(url, tournament[0], field_id, token)
        typer.echo(f"\nfield {field_id}: {address}\n{field_sheet.terminal_qr(address)}")
        typer.echo(f"field code (no camera): {field_sheet.grouped(token)}")


@app.command("field-sheet")
def make_field_sheet(
    tournament_file: Annotated[Path, typer.Argument(help="The tournament's YAML file.")],
    out: Annotated[Path, typer.Option(help="The sheet to write (HTML, print it).")] = Path(
        "field-sheet.html"
    ),
    field: Annotated[
        list[str] | None, typer.Option(help="Only these fields (repeat); all by default.")
    ] = None,
    url: GatewayUrl = "http://127.0.0.1:8000",
    file: TokenFileOption = Path("var/tokens.yaml"),
) -> None:
    """A printable sheet with a QR code and a field code per field, each a new field token
    for that field only. A running gateway notices the new tokens within seconds."""
    from services.scheduler.loader import load_tournament

    tournament = load_tournament(tournament_file)
    venues = {venue.id: venue.name for venue in tournament.venues}
    known = {f.id: f for f in tournament.fields}
    unknown = sorted(set(field or ()) - set(known))
    if unknown:
        raise typer.BadParameter(f"no field {', '.join(unknown)} in {tournament_file}")
    cards = []
    for field_id in field or list(known):
        code = field_sheet.new_code()
        taken = token_file.names(file)
        name = f"field-{field_id}" if f"field-{field_id}" not in taken else ""
        add_token(
            file,
            name or unused_name(Role.FIELD, taken),
            code,
            Role.FIELD,
            [tournament.id],
            [field_id],
        )
        address = field_sheet.app_url(url, tournament.id, field_id, code)
        place = known[field_id]
        cards.append(
            field_sheet.FieldCard(
                tournament.id,
                field_id,
                place.label,
                venues.get(place.venue, place.venue),
                address,
                code,
            )
        )
    private_file(out).write_text(field_sheet.render_sheet(tournament.name, cards))
    typer.echo(f"wrote {out}: {len(cards)} field(s); a running gateway takes the new tokens")


@token_app.command("public")
def publish_tournament(
    tournament: Annotated[list[str], typer.Argument(help="Tournament ids.")],
    file: TokenFileOption = Path("var/tokens.yaml"),
) -> None:
    """Let anyone read these tournaments' standings, schedule and display page."""
    make_public(file, tournament)


def add_token(
    file: Path,
    name: str,
    token: str,
    role: Role,
    tournaments: list[str],
    fields: list[str] | None = None,
    referee: str | None = None,
) -> None:
    """Append a token's hashed entry to a token file (creating the file); a name already
    in the file is refused, since answers and logs tell tokens apart by name."""
    try:
        token_file.add(file, entry_for(name, token, role, tournaments, fields, referee))
    except token_file.TokenNameTaken as taken:
        raise typer.BadParameter(str(taken), param_hint="--name") from None


def make_public(file: Path, tournaments: list[str]) -> None:
    """Let anyone read these tournaments' standings and display page."""
    token_file.make_public(file, tournaments)


@app.command()
def worker(name: Annotated[str, typer.Argument(help="standings or discipline")]) -> None:
    """Run one worker (KAFKA_BOOTSTRAP_SERVERS must point at the broker)."""
    from touchline.compose import Settings, run_discipline, run_standings

    runs = {"standings": run_standings, "discipline": run_discipline}
    if name not in runs:
        raise typer.BadParameter(f"no worker {name!r}: choose standings or discipline")
    runs[name](Settings.from_env())


@app.command()
def gateway(
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Run the HTTP gateway (KAFKA_BOOTSTRAP_SERVERS must point at the broker)."""
    from touchline.compose import Settings, run_gateway

    run_gateway(Settings.from_env(), host, port, access_log)


@app.command()
def replay(
    tournament: Annotated[str, typer.Option(help="Tournament id.")],
    token: Annotated[str, typer.Option(envvar="TOUCHLINE_TOKEN", help="A committee token.")],
    journal: Annotated[
        list[Path] | None,
        typer.Option(help="A gateway's journal; give one per gateway when there are several."),
    ] = None,
    gateway: Annotated[str, typer.Option(help="The gateway's URL.")] = "http://127.0.0.1:8000",
) -> None:
    """Recompute every table and notice from the journals and compare with the live system
    (exit 1 and list every difference when they disagree)."""
    import httpx

    from services.gateway.journal import Journal
    from services.replay import differences, merge
    from services.replay import replay as recompute
    from touchline.compose import discipline_config

    journals = journal or [Path("var/journal.sqlite3")]
    for path in journals:
        if not path.exists():
            raise typer.BadParameter(f"{path}: no such journal", param_hint="--journal")
    merged = merge([Journal(path).events(tournament) for path in journals])
    expected = recompute(tournament, merged.entries, discipline_config())
    headers = {"Authorization": f"Bearer {token}"}
    base = f"{gateway}/v1/tournaments/{tournament}"
    try:
        tables = httpx.get(f"{base}/standings", headers=headers, timeout=10)
        notices = httpx.get(f"{base}/notices", headers=headers, timeout=10)
    except httpx.TransportError as error:
        typer.echo(f"{gateway}: cannot reach the gateway ({error})", err=True)
        raise typer.Exit(2) from error
    for answer in (tables, notices):
        if answer.status_code != 200:
            typer.echo(f"{answer.url}: {answer.status_code} {answer.text}", err=True)
            raise typer.Exit(2)
    found = merged.conflicts + differences(
        expected, tables.json()["divisions"], notices.json()["notices"]
    )
    for line in found:
        typer.echo(line)
    summary = f"{len(expected.tables)} division(s), {len(expected.notices)} notice(s)"
    folded = "the journal" if len(journals) == 1 else f"the {len(journals)} journals"
    if expected.quarantined:
        summary += f"; {expected.quarantined} quarantined event(s), never published, not counted"
    if found:
        typer.echo(f"{len(found)} difference(s) between {folded} and the live system ({summary})")
        raise typer.Exit(1)
    typer.echo(f"the live system matches {folded}: {summary}")


def _stop_on_sigterm() -> None:
    """Let SIGTERM stop `up` and `demo` as cleanly as Ctrl-C does."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _hold(stack: Stack) -> None:
    """Keep everything running (restarting a process that dies) until Ctrl-C."""
    try:
        while True:
            for name in stack.revive():
                typer.echo(
                    f"{name} stopped unexpectedly and was restarted; see {stack.logs}", err=True
                )
            time.sleep(0.5)
    except StackError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    except KeyboardInterrupt:
        typer.echo("\nstopping…")
    finally:
        stack.stop()


@app.command()
def up(home: Home = Path("var"), port: Port = 8000) -> None:
    """Run every service: the embedded broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the
    gateway and the workers, until Ctrl-C."""
    import os

    tokens = Path(os.environ.get("TOUCHLINE_TOKENS_FILE", home / "tokens.yaml"))
    if not tokens.exists():
        token = new_token()
        add_token(tokens, "admin", token, Role.ADMIN, ["*"])
        typer.echo(f"created {tokens} with an admin token (shown once): {token}")
    stack = Stack(
        home, port, bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None, tokens_file=tokens
    )
    stack.start()
    typer.echo(f"gateway: {stack.gateway_url}   broker: {stack.bootstrap}   logs: {stack.logs}")
    _hold(stack)


@app.command()
def demo(
    home: Home = Path("var/demo"),
    port: Port = 8000,
    pace: Annotated[float, typer.Option(help="Seconds between posted events.")] = 1.5,
) -> None:
    """The whole system on a sample Alliance Cup division and a simulated match day."""
    from services.gateway.client import GatewayClient
    from touchline import demo as sample

    shutil.rmtree(home, ignore_errors=True)
    admin, field, phone = new_token(), new_token(), field_sheet.new_code()
    add_token(home / "tokens.yaml", "demo-admin", admin, Role.ADMIN, ["*"])
    add_token(home / "tokens.yaml", "demo-field", field, Role.FIELD, [sample.TOURNAMENT])
    add_token(
        home / "tokens.yaml", "demo-phone", phone, Role.FIELD, [sample.TOURNAMENT], [sample.FIELD]
    )
    make_public(home / "tokens.yaml", [sample.TOURNAMENT])
    typer.echo("starting the embedded broker, the gateway and the workers…")
    _stop_on_sigterm()
    simulated = {"TOUCHLINE_CLOCK": "events"}  # the simulated day's times are "now"
    stack = Stack(home, port, tokens_file=home / "tokens.yaml", extra_env=simulated).start()
    display = f"{stack.gateway_url}/display/{sample.TOURNAMENT}"
    pages = f"{stack.gateway_url}/t/{sample.TOURNAMENT}"
    app_url = field_sheet.app_url(stack.gateway_url, sample.TOURNAMENT, sample.FIELD, phone)
    try:
        schedule = sample.kick_off_soon(sample.sample_schedule(), datetime.now(UTC))
        yours = sample.for_you(schedule)
        kick_off = yours.start.astimezone(UTC)
        typer.echo(
            f"\n  today's games:  {pages}"
            f"\n  the division:   {pages}/divisions/U12B   (tables and the bracket)"
            f"\n  the venue:      {pages}/venues/central"
            f"\n  venue screen:   {display}?venue=central   (for a 1920x1080 TV)"
            f"\n  live standings: {display}"
            f"\n  field app for field {sample.FIELD}: game {yours.game_id} at {kick_off:%H:%M} UTC "
            "is left for you (check in, kick off, score, final whistle; its result completes "
            f"the group and fills the bracket):\n    {app_url}\n"
        )
        GatewayClient(stack.gateway_url, admin).post_batch([*schedule, *sample.rosters(schedule)])
        typer.echo(f"published the schedule: {len(schedule) - 1} games, and the rosters")
        posting = GatewayClient(stack.gateway_url, field)
        for event in sample.match_day(schedule, skip=yours.game_id):
            posting.post(event)
            typer.echo(f"  posted {event.type} {getattr(event, 'game_id', '')}")  # type: ignore[attr-defined]
            time.sleep(pace)
        typer.echo(f"\nmatch day over; the display stays up at {display}. Ctrl-C to stop.")
    except KeyboardInterrupt:
        stack.stop()
        return
    _hold(stack)


if __name__ == "__main__":
    app()
