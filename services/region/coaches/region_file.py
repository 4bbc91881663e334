"""A region's variants of the certification rules, from a small YAML file:

    state: CA                  # state-only requirements (Sudden Cardiac Arrest in California)
    expiring_within_days: 30   # how far ahead the expiring report looks
    renew_years:               # a certification renewed on another period (null: one time)
      background_check: 1
    not_required: [live_scan]  # requirements this region does not have

Every key is checked against the rules table, so a misspelt name is a problem, not a rule
quietly left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.codec import problems_of
from services.input_problem import InputError, InputProblem
from services.region.coaches.rules import CERTIFICATIONS, REQUIREMENTS, RegionRules

CertificationName = Literal[tuple(CERTIFICATIONS)]  # type: ignore[valid-type]
RequirementName = Literal[tuple(r.name for r in REQUIREMENTS)]  # type: ignore[valid-type]


class RegionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "CA"
    expiring_within_days: Annotated[int, Field(ge=0, le=3650)] = 30
    renew_years: dict[CertificationName, Annotated[int, Field(ge=1, le=50)] | None] = {}
    not_required: list[RequirementName] = []


def read_region(path: Path) -> RegionRules:
    """The region's rules; raises `InputError` naming each key that is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parsed = RegionFile.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError([InputProblem(path.name, "", f"cannot read the file: {error}")]) from None
    except ValidationError as error:
        raise InputError(
            InputProblem(path.name, where, what) for where, what in problems_of(error)
        ) from None
    return RegionRules(
        parsed.state,
        parsed.expiring_within_days,
        dict(parsed.renew_years),
        frozenset(parsed.not_required),
    )
