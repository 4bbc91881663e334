"""Lookups by id of the tuples a frozen description holds (a tournament's teams, a league's
fields), said once per lookup instead of a `cached_property` each."""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar, overload


class Identified(Protocol):
    """Anything listed by id."""

    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=Identified)


class ById(Generic[Item]):
    """`team = ById[Team]("teams")` in a class: `instance.team` is its `teams` keyed by id,
    built on first use and kept in the instance's `__dict__`, as `functools.cached_property`
    does (so it works on frozen dataclasses, and is no dataclass field: it has no annotation).
    """

    def __init__(self, items: str) -> None:
        self.items = items
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> ById[Item]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> dict[str, Item]: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:  # looked up on the class (help(), introspection)
            return self
        lookup = {item.id: item for item in getattr(instance, self.items)}
        instance.__dict__[self.name] = lookup
        return lookup
