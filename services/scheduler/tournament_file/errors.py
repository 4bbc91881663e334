"""Pydantic's validation errors as `InputProblem`s: the line from the line map, the path
written as a director reads it, and the message in a director's words."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from services.input_problem import InputProblem, shown

Loc = tuple[str | int, ...]

#: What a value of each kind is called when a value of another kind was written.
EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def problems_of(
    error: ValidationError,
    model: type[BaseModel],
    place: Callable[[Loc], InputProblem],
    missing: str = "missing",
) -> list[InputProblem]:
    """One problem per error; `place(loc)` gives the file, line or row and path of a loc."""
    found = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if part != "[key]")
        found.append(place(loc).saying(_message(item, model, loc, missing)))
    return found


def _message(item: ErrorDetails, model: type[BaseModel], loc: Loc, missing: str) -> str:
    kind = item["type"]
    if kind == "missing":
        return missing
    if kind == "extra_forbidden":
        return f"unknown key (allowed: {', '.join(allowed_keys(model, loc[:-1]))})"
    if kind == "value_error":
        return str(item.get("ctx", {}).get("error", item["msg"]))
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {kind_of(item['input'])}"
    return str(item["msg"])


def kind_of(value: Any) -> str:
    """A written value described: 'a mapping', 'a list', "the text 'x'", 'nothing', or it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    return "nothing" if value is None else shown(value)


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the mapping at `loc` may have: its model's fields, as the file spells them."""
    current: Any = model
    for part in loc:
        current = _inner(current, part)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _inner(annotation: Any, part: str | int) -> Any:
    """The type one step into `annotation`: a model's field, or a list's or dict's item."""
    annotation = _unwrapped(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    args = typing.get_args(annotation)
    return _unwrapped(args[-1]) if args else None


def _unwrapped(annotation: Any) -> Any:
    """Without `Annotated[...]` and `| None`."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation
