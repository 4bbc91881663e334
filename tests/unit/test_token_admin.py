"""Tokens created and revoked while the gateway runs: the token file stays the source of
truth, and the running store serves what it says from the next request on."""

from __future__ import annotations

import asyncio
import stat
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from services.gateway.auth import Principal, Role, TokenStore, digest
from services.gateway.token_admin import TokenAdmin, TokenChangeRefused
from touchline.cli import add_token

CUP = "alliance-cup"
DIRECTOR = Principal("k", "director", Role.ADMIN, frozenset({CUP}))


def admin_of(file: Path) -> TokenAdmin:
    return TokenAdmin(TokenStore.parse(file.read_text(), str(file)), file)


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "tokens.yaml"
    add_token(path, "admin", "admin-secret", Role.ADMIN, ["*"])
    return path


def create(admin: TokenAdmin, role: str, **options: object) -> str:
    return asyncio.run(admin.create(CUP, role, **options)).token  # type: ignore[arg-type]


def test_a_created_token_works_at_once_and_after_a_restart_and_only_its_hash_is_kept(
    file: Path,
) -> None:
    admin = admin_of(file)
    token = create(admin, "committee")
    assert admin.store.authenticate(token) == Principal(
        digest(token), "committee-1", Role.COMMITTEE, frozenset({CUP})
    )
    assert token not in file.read_text()
    restarted = TokenStore.parse(file.read_text(), str(file))
    assert restarted.authenticate(token) is not None


def test_a_created_entry_is_the_one_the_command_line_writes(file: Path, tmp_path: Path) -> None:
    """Same format as `touchline token create`: the file can be edited by either."""
    token = create(admin_of(file), "field", name="pitch-3", fields=["C1"], known_fields=["C1"])
    by_cli = tmp_path / "cli.yaml"
    add_token(by_cli, "pitch-3", token, Role.FIELD, [CUP], ["C1"])
    assert (
        yaml.safe_load(file.read_text())["tokens"][-1]
        == yaml.safe_load(by_cli.read_text())["tokens"][0]
    )


def test_a_field_token_is_a_code_to_type(file: Path) -> None:
    token = create(admin_of(file), "field", fields=["C1"], known_fields=["C1", "C2"])
    assert len(token) == 16 and token.isalnum() and token.isupper()


def test_a_revoked_token_is_refused_at_once_and_after_a_restart(file: Path) -> None:
    admin = admin_of(file)
    token = create(admin, "display", name="screen-1")
    asyncio.run(admin.revoke(CUP, "screen-1", DIRECTOR))
    assert admin.store.authenticate(token) is None
    assert TokenStore.parse(file.read_text(), str(file)).authenticate(token) is None
    assert admin.store.authenticate("admin-secret") is not None


def test_the_file_is_written_whole_and_private(file: Path) -> None:
    admin = admin_of(file)
    for _ in range(3):
        create(admin, "display")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert sorted(p.name for p in file.parent.iterdir()) == ["tokens.yaml"]  # no temporaries


@pytest.mark.parametrize(
    ("role", "options", "field", "problem"),
    [
        ("admin", {}, "role", "'admin' is not one of field, committee, display"),
        ("boss", {}, "role", "'boss' is not one of"),
        ("committee", {"fields": ["C1"], "known_fields": ["C1"]}, "fields", "only field tokens"),
        ("field", {"fields": ["Z9"], "known_fields": ["C1"]}, "fields", "no field Z9"),
        ("field", {"name": "a b"}, "name", "letters, digits"),
        ("field", {"name": "admin"}, "name", "a token named 'admin' exists"),
    ],
)
def test_a_token_that_cannot_be_made_says_which_field_and_why(
    file: Path, role: str, options: dict[str, object], field: str, problem: str
) -> None:
    before = file.read_text()
    with pytest.raises(TokenChangeRefused) as refused:
        create(admin_of(file), role, **options)
    assert refused.value.field == field and problem in refused.value.problem
    assert file.read_text() == before


def test_admin_tokens_and_other_tournaments_tokens_are_not_revoked_here(file: Path) -> None:
    add_token(file, "shared-screen", "s", Role.DISPLAY, [CUP, "other-cup"])
    add_token(file, "elsewhere", "e", Role.FIELD, ["other-cup"])
    admin = admin_of(file)
    cases = [
        ("admin", "is an admin token"),
        ("shared-screen", "also for alliance-cup, other-cup"),
        ("elsewhere", "no token named 'elsewhere' for 'alliance-cup'"),
        ("nobody", "no token named 'nobody'"),
    ]
    for name, problem in cases:
        with pytest.raises(TokenChangeRefused, match=problem):
            asyncio.run(admin.revoke(CUP, name, DIRECTOR))
    everywhere = Principal("k", "root", Role.ADMIN, frozenset({"*"}))
    asyncio.run(admin.revoke(CUP, "shared-screen", everywhere))
    assert admin.store.authenticate("s") is None


def test_inline_tokens_cannot_be_changed_and_the_answer_says_what_to_do() -> None:
    admin = TokenAdmin(TokenStore([]), None)
    with pytest.raises(TokenChangeRefused, match="TOUCHLINE_TOKENS_FILE"):
        asyncio.run(admin.create(CUP, "display"))


def test_a_token_added_by_the_command_line_is_noticed_without_a_restart(file: Path) -> None:
    admin = admin_of(file)
    assert not admin.reload_if_changed()
    add_token(file, "field-c2", "c2-secret", Role.FIELD, [CUP], ["C2"])
    assert admin.reload_if_changed()
    assert admin.store.authenticate("c2-secret") is not None


def test_a_token_file_that_no_longer_reads_keeps_the_tokens_in_force(file: Path) -> None:
    admin = admin_of(file)
    file.write_text("tokens: [")
    assert not admin.reload_if_changed()
    assert admin.store.authenticate("admin-secret") is not None


CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(["field", "committee", "display"])),
        st.tuples(st.just("revoke"), st.integers(0, 5)),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(changes=CHANGES)
def test_the_store_always_serves_what_the_file_says(changes: list[tuple[str, object]]) -> None:
    """Whatever is created and revoked, in any order, the running store and a store read
    afresh from the file (a restart) agree on every token."""
    with tempfile.TemporaryDirectory() as directory:
        file = Path(directory, "tokens.yaml")
        add_token(file, "admin", "admin-secret", Role.ADMIN, ["*"])
        admin = admin_of(file)
        issued = ["admin-secret"]
        for kind, what in changes:
            if kind == "create":
                issued.append(create(admin, str(what)))
            else:
                names = [p.name for p in admin.tokens_for(CUP) if p.role is not Role.ADMIN]
                if names:
                    asyncio.run(admin.revoke(CUP, names[int(str(what)) % len(names)], DIRECTOR))
        restarted = TokenStore.parse(file.read_text(), str(file))
        assert admin.store.principals() == restarted.principals()
        for token in issued:
            assert admin.store.authenticate(token) == restarted.authenticate(token)
