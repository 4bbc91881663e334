"""An action's confirmation form, as plain data for its template: which fields are fixed
(the queue's link gave them) and which are asked for, with the choices there are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.gateway.console.committee_views import DeskNames
from services.gateway.console.rulings import Action, Ask


@dataclass(frozen=True)
class FormField:
    """One field of an action's confirmation form: fixed (shown, sent hidden) when the queue
    gave it, else asked for, with the choices there are."""

    ask: Ask
    values: tuple[str, ...]
    fixed: str = ""
    options: tuple[tuple[str, str], ...] = ()


METHODS = (("kicks", "Kicks from the penalty mark"), ("lots", "Drawing of lots"))


def form_fields(
    names: DeskNames, action: Action, given: Mapping[str, list[str]]
) -> list[FormField]:
    """The fields of `action`'s form, from what the link to it gave (`teams`: a tie's)."""
    found = []
    for ask in action.asks:
        values = tuple(v for v in given.get(ask.name, ()) if v)
        if ask.many:
            tied = [t for t in ",".join(given.get("teams", ())).split(",") if t] or list(values)
            options = tuple((t, names.team(t)) for t in tied)
            found.append(FormField(ask, tuple(tied), options=options))
        elif values and ask.widget != "number" and ask.name != "reason":
            found.append(FormField(ask, values, fixed=_label(names, ask, values[0])))
        else:
            found.append(FormField(ask, values, options=_options(names, ask, given)))
    return found


def _label(names: DeskNames, ask: Ask, value: str) -> str:
    return {
        "division": names.division,
        "team": names.team,
        "game": names.game,
        "send_off": names.game,
        "person": names.person,
    }.get(ask.widget, str)(value)


def _options(
    names: DeskNames, ask: Ask, given: Mapping[str, list[str]]
) -> tuple[tuple[str, str], ...]:
    context = names.context
    if ask.widget == "division":
        return tuple((d, names.division(d)) for d in sorted(context.divisions))
    if ask.widget == "team":
        return tuple((t, names.team(t)) for t in sorted(context.teams))
    if ask.widget == "game":
        return tuple((g, names.game(g)) for g in sorted(context.games, key=context.order.get))
    if ask.widget == "person":
        people = set(names.view.records) | set(names.people)
        return tuple(sorted(((p, names.person(p)) for p in people), key=lambda o: o[1]))
    if ask.widget == "send_off":
        person = next(iter(given.get("person_id", ())), "")
        record = names.view.records.get(person)
        earned = record.suspensions if record else ()
        return tuple(
            (s.game_id, f"{names.game(s.game_id)} ({names.team(s.team_id)})") for s in earned
        )
    if ask.widget == "method":
        return METHODS
    return ()
