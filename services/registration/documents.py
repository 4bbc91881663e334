"""What an application still lacks of the documents and approvals the rulebook asks for.

Seed 003: competitive teams "must present a valid State roster"; a recreational team "must
produce, at registration, a roster signed by an official of the club"; teams "must provide a
medical release for each player"; competitive teams from outside the host state "must have a
copy of their Permission to Travel Forms" where their association requires it; and "the
Tournament Committee must approve teams applying to 'play up' an age group".
"""

from __future__ import annotations

from dataclasses import dataclass

from services.registration.state import Application


@dataclass(frozen=True)
class Missing:
    """One thing an application lacks; `person_id` for a player's medical release."""

    kind: str
    what: str
    person_id: str | None = None


def missing(application: Application) -> list[Missing]:
    """Everything the application still lacks, in a fixed order (team documents, then each
    player's release in roster order, then the play-up approval)."""
    submitted = application.submitted
    kinds = {d.kind for d in submitted.documents}
    released = {d.person_id for d in submitted.documents if d.kind == "medical_release"}
    found = []
    if submitted.competitive and "state_roster" not in kinds:
        found.append(Missing("state_roster", "a valid State roster (competitive team)"))
    if not submitted.competitive and "club_roster" not in kinds:
        found.append(
            Missing("club_roster", "a roster signed by an official of the club (recreational)")
        )
    if submitted.travel_permission_required and "travel_permission" not in kinds:
        found.append(Missing("travel_permission", "the Permission to Travel form"))
    found.extend(
        Missing("medical_release", f"a medical release for {p.name}", p.person_id)
        for p in submitted.players
        if p.person_id not in released
    )
    if submitted.playing_up and not application.play_up_approved:
        found.append(Missing("play_up_approval", "the Tournament Committee's approval to play up"))
    return found
