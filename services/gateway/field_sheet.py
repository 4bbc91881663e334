"""The director's printed sheet: per field, a QR code that opens the field app signed in, and
the same sign-in as a code to type on a phone without a camera.

A field's code *is* its token: 16 characters of Crockford's base32 (80 random bits), printed
in groups of four. That is short enough to type, and a guess still has 2^80 to beat at the
gateway's rate limit; a 4-6 digit PIN would need a second credential with lock-outs, and the
gateway keeps only tokens' hashes, so it could not hand a token out for a PIN. The app reads
what is typed leniently (case, dashes and spaces, O for 0, I or L for 1).
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import segno

from services.gateway.templating import render

#: Crockford's base32: no I, L, O or U, so what is read off paper is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


def new_code() -> str:
    """A fresh field token that can be typed: 16 characters, 80 random bits."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code: str) -> str:
    """'7KQ2-M9XD-3FHT-P2WA': how the sheet prints a code."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def app_url(base: str, tournament_id: str, field_id: str, token: str) -> str:
    """The app's address for a field, signed in: the token rides in the fragment, which the
    browser never sends to a server (so no log holds it); the app keeps it and drops it."""
    path = f"/field/{quote(tournament_id)}/{quote(field_id)}"
    return f"{base.rstrip('/')}{path}#token={quote(token)}"


@dataclass(frozen=True)
class FieldCard:
    """One field's entry on the sheet."""

    tournament_id: str
    field_id: str
    field_name: str
    venue: str
    url: str
    code: str

    @property
    def address(self) -> str:
        """The address to type when the QR code cannot be scanned (without the token)."""
        return self.url.split("#", 1)[0]

    @property
    def qr_svg(self) -> str:
        return qr_svg(self.url, self.field_name)


def qr_svg(url: str, title: str) -> str:
    """The QR code of an address, as inline SVG markup (no script, no style)."""
    return segno.make(url, error="m").svg_inline(scale=5, title=title)


def terminal_qr(url: str) -> str:
    """The QR code drawn in text, for `token create --qr` on a terminal."""
    drawn = io.StringIO()
    segno.make(url, error="m").terminal(out=drawn, compact=True)
    return drawn.getvalue()


def render_sheet(title: str, cards: list[FieldCard]) -> str:
    """The printable sheet: one card per field, cut along the lines and taped to the post."""
    return render("field/sheet.html", title=title, cards=cards, grouped=grouped)
