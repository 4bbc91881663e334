"""The season benchmark measures a generated Alliance league end to end: a checker-clean
season with its balance figures and a replan, or a failure record, never a crash."""

from __future__ import annotations

from bench.season import run, table
from services.season.explain import explain_counts
from workloads.leagues import alliance_league


def test_the_generated_alliance_league_is_not_refuted_by_counting() -> None:
    """Seed 000: "approximately 15 games in fall", around 1-3 fall tournaments and State
    Cup: the generated league fits those counts (doubleheaders allowed)."""
    league = alliance_league(seed=2)
    assert len(league.teams) == 40
    assert {d.games_per_team for d in league.divisions} == {15}
    assert all(1 <= len(t.blackouts) <= 4 for t in league.teams)
    assert explain_counts(league) == []


def test_a_small_run_is_checker_clean_with_its_figures() -> None:
    record = run("small", "highs", 1, 10.0)
    assert record["violations"] == 0
    assert record["games"] == 30  # six teams, ten games each
    assert record["home_games_min"] == record["home_games_max"] == 5
    assert "moved" in record or "no_replan" in record
    assert "| small | 1 | 0 |" in table({"small": [record]})
