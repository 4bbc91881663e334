"""Tokens: stored as hashes, scoped to tournaments, and the roles decide what may be posted."""

from __future__ import annotations

import pytest

from services.gateway.auth import Principal, Role, TokenConfigError, TokenStore, digest


def test_a_token_is_found_by_its_hash_and_never_stored_in_clear() -> None:
    text = f"tokens: [{{name: f1, sha256: {digest('s3cret')}, role: field, tournaments: [cup]}}]"
    store = TokenStore.parse(text, "tokens.yaml")
    principal = store.authenticate("s3cret")
    assert principal == Principal(digest("s3cret"), "f1", Role.FIELD, frozenset({"cup"}))
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
    assert Principal("k", "t", role, frozenset({"*"})).may_post(event_type) is allowed


def test_a_wildcard_token_covers_every_tournament_and_a_scoped_one_only_its_own() -> None:
    assert Principal("k", "a", Role.ADMIN, frozenset({"*"})).covers("any-cup")
    assert not Principal("k", "f", Role.FIELD, frozenset({"cup"})).covers("other-cup")


def test_a_bad_token_file_says_where_and_what() -> None:
    with pytest.raises(TokenConfigError, match=r"tokens.yaml: tokens.0.role"):
        TokenStore.parse(
            "tokens: [{name: x, sha256: " + "a" * 64 + ", role: boss, tournaments: ['*']}]",
            "tokens.yaml",
        )
    with pytest.raises(TokenConfigError, match="not valid YAML"):
        TokenStore.parse("tokens: [", "tokens.yaml")


def test_two_tokens_of_one_name_are_a_configuration_error() -> None:
    """Names are how people tell tokens apart in answers and logs; two of one name would be
    indistinguishable."""
    entry = "{name: tablet, sha256: %s, role: field, tournaments: [cup]}"
    text = f"tokens: [{entry % digest('one')}, {entry % digest('two')}]"
    with pytest.raises(TokenConfigError, match=r"tokens.yaml: .*'tablet' is used by 2 tokens"):
        TokenStore.parse(text, "tokens.yaml")


def test_a_principal_is_told_apart_by_its_token_not_its_name() -> None:
    store = TokenStore.parse(
        "tokens: ["
        f"{{name: a, sha256: {digest('one')}, role: field, tournaments: [cup]}},"
        f"{{name: b, sha256: {digest('two')}, role: field, tournaments: [cup]}}]",
        "tokens.yaml",
    )
    one, two = store.authenticate("one"), store.authenticate("two")
    assert one is not None and two is not None
    assert one.key == digest("one") and one.key != two.key
