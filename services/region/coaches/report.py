"""What `coaches check` prints and writes: a line per volunteer, the badge list, the expiring
report, and the same findings as CSV rows for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from services.region.coaches.compliance import Verdict, badges, expiring_report
from services.region.coaches.rules import RegionRules
from services.region.coaches.volunteers import Volunteer

CSV_COLUMNS = (
    "volunteer_id", "name", "role", "division", "compliant", "requirement", "status", "date",
    "note",
)  # fmt: skip


def who(volunteer: Volunteer) -> str:
    divisions = ", ".join(volunteer.divisions)
    return (
        f"{volunteer.id} {volunteer.name} ({volunteer.role}{', ' if divisions else ''}{divisions})"
    )


def text_report(verdicts: Sequence[Verdict], on: date, rules: RegionRules) -> str:
    compliant = sum(v.compliant for v in verdicts)
    lines = [f"On {on}, {rules.state} rules: {len(verdicts)} volunteers, {compliant} compliant."]
    for verdict in verdicts:
        if verdict.compliant:
            state = "compliant"
        else:
            state = "NOT compliant: " + "; ".join(map(str, verdict.unmet))
        lines.append(f"{who(verdict.volunteer)}: {state}")
    badged = badges(verdicts)
    lines += ["", f"Badges ({len(badged)}):", *(f"  {who(v)}" for v in badged)]
    soon = expiring_report(verdicts)
    lines += ["", f"Expiring within {rules.expiring_within_days} days ({len(soon)}):"]
    lines += [f"  {f.when} {v.id} {v.name}: {f.requirement.title}" for v, f in soon]
    return "\n".join(lines) + "\n"


def csv_report(verdicts: Sequence[Verdict]) -> str:
    """One row per finding (a compliant volunteer with none: one row without a finding)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for verdict in verdicts:
        v = verdict.volunteer
        person = (v.id, v.name, v.role, ";".join(v.divisions), "yes" if verdict.compliant else "no")
        findings = [*verdict.unmet, *verdict.expiring]
        for f in findings:
            writer.writerow((*person, f.requirement.name, f.kind, f.when or "", f.note))
        if not findings:
            writer.writerow((*person, "", "", "", ""))
    return out.getvalue()
