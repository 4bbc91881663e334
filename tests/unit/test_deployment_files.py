"""docker-compose.yml runs the same commands as `touchline up`, and they exist."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from touchline.cli import app

ROOT = Path(__file__).parents[2]


def resolves(command: list[str]) -> bool:
    """Whether the touchline CLI has this (sub)command: asking it for help succeeds."""
    return CliRunner().invoke(app, [*command, "--help"]).exit_code == 0


def test_compose_parses_and_every_service_command_is_a_touchline_command() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    touchline_services = {n: s for n, s in services.items() if s.get("image") == "touchline:latest"}
    assert set(touchline_services) == {"topics", "gateway", "standings", "discipline"}
    for name, service in touchline_services.items():
        assert resolves(service["command"]), f"{name}: {service['command']} is not a command"
        assert service["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"


def test_an_unknown_command_does_not_resolve() -> None:
    assert not resolves(["worker-pool", "standings"])


def test_the_image_installs_the_touchline_command() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["touchline"]' in dockerfile
    assert "pip install --no-cache-dir ." in dockerfile
