"""The composition root: the environment is read here, once, into one `Settings`, and every
service is built from it. Nothing under `services/` or `schemas/` reads the environment.
The workers' modules (and so faust) are imported only by the process that runs a worker.

Environment variables (all optional but the broker's address):

KAFKA_BOOTSTRAP_SERVERS     the broker (host:port[,host:port...])
TOUCHLINE_DATA_DIR          workers' local state (var/data)
TOUCHLINE_READY_DIR         where workers announce they are ready
TOUCHLINE_APP_PREFIX        consumer groups and internal topics (touchline)
TOUCHLINE_PARTITIONS        partitions of every topic (4): most replicas of a worker
TOUCHLINE_JOURNAL           the gateway's journal (var/journal.sqlite3)
TOUCHLINE_TOKENS_FILE       the token file; else TOUCHLINE_TOKENS holds its YAML
TOUCHLINE_BATCH_LIMIT, TOUCHLINE_BATCH_BYTES            a batch's most events and bytes
TOUCHLINE_RATE_PER_TOKEN, TOUCHLINE_BURST_PER_TOKEN     events per second per token
TOUCHLINE_REBUILD=1         republish the whole journal (the broker started empty)
TOUCHLINE_HEADER_TIMEOUT, TOUCHLINE_BODY_TIMEOUT, TOUCHLINE_MAX_CONNECTIONS,
TOUCHLINE_MAX_CONNECTIONS_PER_CLIENT   the edge: slow clients, open connections
TOUCHLINE_AUTO_FORFEIT_INELIGIBLE=1   discipline forfeits an ineligible team's game itself
TOUCHLINE_CLOCK=events      spectators' clock is the events' field time (a simulated day)
TOUCHLINE_LATE_MINUTES, TOUCHLINE_LATE_TICK   running late past (10) minutes, checked every (15) s
TOUCHLINE_TOURNAMENT_FILES  tournament files (or directories of them), separated by ':':
                            the rules the director's console replans with
TOUCHLINE_REPLAN_SECONDS    the solver's time limit for each model of a replan (10)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal, TypeVar

from fastapi import FastAPI

from services.discipline.config import DisciplineConfig
from services.gateway.app import GatewayConfig, create_app
from services.gateway.auth import TokenStore
from services.gateway.server import EdgeLimits, serve
from services.region.playing_time.minutes import THREE_QUARTERS, parse_share
from services.streaming.process import yield_cpu
from services.streaming.settings import StreamSettings
from services.streaming.topics import DEFAULT_PARTITIONS

N = TypeVar("N", int, float)


class SettingsError(SystemExit):
    """A setting is missing or malformed: said in one line, naming the variable."""


@dataclass(frozen=True)
class Settings:
    """Every setting of every service, read from the environment once per process."""

    stream: StreamSettings
    journal_path: Path = Path("var/journal.sqlite3")
    tokens_file: Path | None = None
    tokens_text: str = ""
    batch_limit: int = 500
    batch_bytes: int = 4 * 1024 * 1024
    rate_per_token: float = 200.0
    burst_per_token: float = 1000.0
    rebuild: bool = False
    edge: EdgeLimits = field(default_factory=EdgeLimits)
    discipline: DisciplineConfig = field(default_factory=DisciplineConfig)
    clock: Literal["wall", "events"] = "wall"
    late_minutes: int = 10
    late_tick: float = 15.0
    tournament_files: tuple[Path, ...] = ()
    replan_seconds: float = 10.0
    playing_time_share: Fraction = THREE_QUARTERS

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS", "")
        if not bootstrap:
            raise SettingsError(
                "KAFKA_BOOTSTRAP_SERVERS is not set: run `touchline up`, which starts the "
                "embedded broker, or point it at a Kafka cluster (host:9092)."
            )
        read = _Environment(env)
        ready = env.get("TOUCHLINE_READY_DIR")
        tokens_file = env.get("TOUCHLINE_TOKENS_FILE")
        edge = EdgeLimits()
        return cls(
            stream=StreamSettings(
                bootstrap_servers=bootstrap,
                data_dir=Path(env.get("TOUCHLINE_DATA_DIR", "var/data")),
                ready_dir=Path(ready) if ready else None,
                app_prefix=env.get("TOUCHLINE_APP_PREFIX", "touchline"),
                partitions=read.number("TOUCHLINE_PARTITIONS", DEFAULT_PARTITIONS, int),
            ),
            journal_path=Path(env.get("TOUCHLINE_JOURNAL", "var/journal.sqlite3")),
            tokens_file=Path(tokens_file) if tokens_file else None,
            tokens_text=env.get("TOUCHLINE_TOKENS", ""),
            batch_limit=read.number("TOUCHLINE_BATCH_LIMIT", 500, int),
            batch_bytes=read.number("TOUCHLINE_BATCH_BYTES", 4 * 1024 * 1024, int),
            rate_per_token=read.number("TOUCHLINE_RATE_PER_TOKEN", 200.0, float),
            burst_per_token=read.number("TOUCHLINE_BURST_PER_TOKEN", 1000.0, float),
            rebuild=env.get("TOUCHLINE_REBUILD") == "1",
            edge=EdgeLimits(
                header_timeout=read.number("TOUCHLINE_HEADER_TIMEOUT", edge.header_timeout, float),
                body_timeout=read.number("TOUCHLINE_BODY_TIMEOUT", edge.body_timeout, float),
                max_connections=read.number("TOUCHLINE_MAX_CONNECTIONS", edge.max_connections, int),
                max_connections_per_client=read.number(
                    "TOUCHLINE_MAX_CONNECTIONS_PER_CLIENT", edge.max_connections_per_client, int
                ),
            ),
            discipline=discipline_config(env),
            clock=_clock(env.get("TOUCHLINE_CLOCK", "wall")),
            late_minutes=read.number("TOUCHLINE_LATE_MINUTES", 10, int),
            late_tick=read.number("TOUCHLINE_LATE_TICK", 15.0, float),
            tournament_files=tuple(
                Path(part)
                for part in env.get("TOUCHLINE_TOURNAMENT_FILES", "").split(os.pathsep)
                if part
            ),
            replan_seconds=read.number("TOUCHLINE_REPLAN_SECONDS", 10.0, float),
            playing_time_share=_share(env.get("TOUCHLINE_PLAYING_TIME_SHARE", "3/4")),
        )

    def tokens(self) -> TokenStore:
        """The gateway's tokens, from the token file or else the inline YAML."""
        if self.tokens_file is not None:
            return TokenStore.parse(self.tokens_file.read_text(), str(self.tokens_file))
        return TokenStore.parse(self.tokens_text, "TOUCHLINE_TOKENS")


def _clock(text: str) -> Literal["wall", "events"]:
    if text not in ("wall", "events"):
        raise SettingsError(f"TOUCHLINE_CLOCK={text!r} is not 'wall' or 'events'")
    return "events" if text == "events" else "wall"


def _share(text: str) -> Fraction:
    """The share of each game an attending player must play (Region 92: 3/4; some regions
    say 1/2)."""
    try:
        return parse_share(text)
    except ValueError as error:
        raise SettingsError(f"TOUCHLINE_PLAYING_TIME_SHARE: {error}") from None


def discipline_config(env: Mapping[str, str] = os.environ) -> DisciplineConfig:
    """The discipline rules' switches: the worker's, and `replay`'s (which needs no broker)."""
    return DisciplineConfig(
        auto_forfeit_ineligible=env.get("TOUCHLINE_AUTO_FORFEIT_INELIGIBLE") == "1"
    )


@dataclass(frozen=True)
class _Environment:
    env: Mapping[str, str]

    def number(self, name: str, default: N, kind: type[N]) -> N:
        text = self.env.get(name)
        if text is None or text == "":
            return default
        try:
            value = kind(text)
        except ValueError:
            article = "an" if kind is int else "a"
            raise SettingsError(f"{name}={text!r} is not {article} {kind.__name__}") from None
        if value <= 0:
            raise SettingsError(f"{name}={text!r} must be above 0")
        return value


def gateway_app(settings: Settings) -> FastAPI:
    """The gateway's FastAPI app."""
    return create_app(
        GatewayConfig(
            bootstrap_servers=settings.stream.bootstrap_servers,
            journal_path=settings.journal_path,
            tokens=settings.tokens(),
            tokens_file=settings.tokens_file,
            batch_limit=settings.batch_limit,
            batch_bytes=settings.batch_bytes,
            rate_per_token=settings.rate_per_token,
            burst_per_token=settings.burst_per_token,
            rebuild=settings.rebuild,
            clock=settings.clock,
            late_minutes=settings.late_minutes,
            late_tick=settings.late_tick,
            tournament_files=settings.tournament_files,
            replan_seconds=settings.replan_seconds,
            discipline=settings.discipline,
            playing_time_share=settings.playing_time_share,
            worker_groups=tuple(
                (service, settings.stream.app_id(service))
                for service in ("standings", "discipline")
            ),
        )
    )


def run_gateway(settings: Settings, host: str, port: int, access_log: bool) -> None:
    """Serve the gateway until SIGINT/SIGTERM."""
    serve(gateway_app(settings), host, port, settings.edge, access_log)


def run_standings(settings: Settings) -> None:
    """Run the standings worker in this process."""
    from services.standings import worker
    from services.streaming.runtime import run

    run(worker.create_app(settings.stream), settings.stream, worker.own_topics(settings.stream))


def run_discipline(settings: Settings) -> None:
    """Run the discipline worker in this process, at idle CPU priority (SCHED_IDLE): it runs
    when the path to the displays leaves a core free. Its notices wait for a batch anyway;
    its evaluations, run at normal priority on a shared two-core laptop, took p99
    time-to-display from ~30 to ~60 ms (bench/load.py)."""
    from services.discipline import worker
    from services.streaming.runtime import run

    yield_cpu()
    app = worker.create_app(settings.stream, settings.discipline)
    run(app, settings.stream, worker.own_topics(settings.stream))
