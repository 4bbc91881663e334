"""Tokens: stored as hashes, scoped to tournaments, and the roles decide what may be posted."""

from __future__ import annotations

import pytest

from services.gateway.auth import Principal, Role, TokenConfigError, TokenStore, digest


def test_a_token_is_found_by_its_hash_and_never_stored_in_clear() -> None:
    text = f"tokens: [{{name: f1, sha256: {digest('s3cret')}, role: field, tournaments: [cup]}}]"
    store = TokenStore.parse(text, "tokens.yaml")
    principal = store.authenticate("s3cret")
    assert principal == Principal("f1", Role.FIELD, frozenset({"cup"}))
    assert "s3cret" not in text
    assert store.authenticate("guess") is None


@pytest.mark.parametrize(
    ("role", "event_type", "allowed"),
    [
        (Role.FIELD, "score.reported", True),
        (Role.FIELD, "score.corrected", False),
        (Role.FIELD, "ruling.person_expelled", False),
        (Role.FIELD, "game.scheduled", False),
        (Role.COMMITTEE, "score.corrected", True),
        (Role.COMMITTEE, "ruling.team_disqualified", True),
        (Role.COMMITTEE, "score.reported", False),
        (Role.DISPLAY, "score.reported", False),
        (Role.ADMIN, "game.scheduled", True),
    ],
)
def test_what_each_role_may_post(role: Role, event_type: str, allowed: bool) -> None:
    assert Principal("t", role, frozenset({"*"})).may_post(event_type) is allowed


def test_a_wildcard_token_covers_every_tournament_and_a_scoped_one_only_its_own() -> None:
    assert Principal("a", Role.ADMIN, frozenset({"*"})).covers("any-cup")
    assert not Principal("f", Role.FIELD, frozenset({"cup"})).covers("other-cup")


def test_a_bad_token_file_says_where_and_what() -> None:
    with pytest.raises(TokenConfigError, match=r"tokens.yaml: tokens.0.role"):
        TokenStore.parse(
            "tokens: [{name: x, sha256: " + "a" * 64 + ", role: boss, tournaments: ['*']}]",
            "tokens.yaml",
        )
    with pytest.raises(TokenConfigError, match="not valid YAML"):
        TokenStore.parse("tokens: [", "tokens.yaml")
