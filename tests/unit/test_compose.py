"""The composition root reads every setting once, and says which one is wrong."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from services.streaming.settings import StreamSettings, faust_config
from touchline.compose import Settings, SettingsError


def test_sessions_are_short_and_state_is_durable(tmp_path: Path) -> None:
    stream = StreamSettings("127.0.0.1:9092,127.0.0.1:9093", tmp_path, partitions=6)
    config = faust_config(stream, "x-standings")
    assert config["broker"] == "kafka://127.0.0.1:9092;kafka://127.0.0.1:9093"
    assert config["broker_session_timeout"] <= 4
    assert config["store"] == "rocksdb://"
    assert config["datadir"] == str(tmp_path / "x-standings")
    assert config["topic_partitions"] == 6


def test_a_service_without_a_broker_address_says_how_to_get_one() -> None:
    with pytest.raises(SettingsError, match="touchline up"):
        Settings.from_env({})


def test_every_setting_comes_from_one_reading_of_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
            "TOUCHLINE_DATA_DIR": str(tmp_path),
            "TOUCHLINE_PARTITIONS": "8",
            "TOUCHLINE_JOURNAL": str(tmp_path / "j.sqlite3"),
            "TOUCHLINE_BATCH_LIMIT": "50",
            "TOUCHLINE_MAX_CONNECTIONS": "20",
            "TOUCHLINE_AUTO_FORFEIT_INELIGIBLE": "1",
            "TOUCHLINE_TOKENS": "tokens: []",
            "TOUCHLINE_TOURNAMENT_FILES": f"{tmp_path / 'cup.yaml'}:{tmp_path / 'cups'}",
            "TOUCHLINE_REPLAN_SECONDS": "30",
            "TOUCHLINE_PLAYING_TIME_SHARE": "1/2",
        }
    )
    assert settings.stream.partitions == 8
    assert settings.stream.data_dir == tmp_path
    assert settings.journal_path == tmp_path / "j.sqlite3"
    assert settings.batch_limit == 50
    assert settings.edge.max_connections == 20
    assert settings.discipline.auto_forfeit_ineligible
    assert settings.tokens().authenticate("anything") is None
    assert settings.tournament_files == (tmp_path / "cup.yaml", tmp_path / "cups")
    assert settings.replan_seconds == 30.0
    assert settings.playing_time_share == Fraction(1, 2)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("TOUCHLINE_PARTITIONS", "four", "TOUCHLINE_PARTITIONS='four' is not an int"),
        ("TOUCHLINE_RATE_PER_TOKEN", "-1", "TOUCHLINE_RATE_PER_TOKEN='-1' must be above 0"),
        ("TOUCHLINE_BODY_TIMEOUT", "0", "TOUCHLINE_BODY_TIMEOUT='0' must be above 0"),
        (
            "TOUCHLINE_PLAYING_TIME_SHARE",
            "5/4",
            "TOUCHLINE_PLAYING_TIME_SHARE: '5/4' is not a share between 0 and 1 (e.g. 3/4)",
        ),
    ],
)
def test_a_malformed_number_names_its_variable(name: str, value: str, said: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": "k:9092", name: value})
    assert str(raised.value) == said
