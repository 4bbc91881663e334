"""The consoles' session rules that need no gateway: where a sign-in may send the browser
back to, and the form token of a session."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.gateway.console.session import csrf_token, safe_back


@given(st.text(max_size=60))
def test_a_sign_in_only_ever_returns_to_a_console_page_of_this_gateway(address: str) -> None:
    back = safe_back(address)
    assert back is None or (back.startswith("/console") and not back.startswith("//"))


def test_a_sign_in_returns_to_the_console_page_it_interrupted() -> None:
    assert safe_back("/console/cup/discipline?status=open") == "/console/cup/discipline?status=open"
    for elsewhere in (
        "https://evil.example/console",
        "//evil.example",
        "/t/cup",
        "/console\\@x",
        "",
    ):
        assert safe_back(elsewhere) is None


@given(st.text(min_size=1), st.text(min_size=1))
def test_each_session_has_its_own_form_token(one: str, other: str) -> None:
    assert csrf_token(one) == csrf_token(one)
    assert (csrf_token(one) == csrf_token(other)) == (one == other)
