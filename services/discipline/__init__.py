"""Discipline: cards, lineups and rulings -> suspensions, eligibility, forfeits, reports.

Design (pure code; the faust worker around it only decodes, keeps the set, and emits):

- One entry point, `evaluate.evaluate(context, events) -> DisciplineView`. The worker keeps,
  per tournament, the schedule and rosters (`context.DisciplineContext`) and the *set* of
  accepted discipline events (deduplicated by event id), and calls it after every batch.
  The view holds every person's record (cards, suspensions earned / served / outstanding,
  expulsion), the ineligible-participation alerts and the complete set of notices the state
  implies. `forfeits.implied_match_events(context, view)` gives the forfeits and team
  disqualifications it implies; `eligibility.check_rosters` checks registrations.

- State is a fold (`fold.apply`, one `singledispatch` handler per event type) over a
  canonical timeline (`timeline.arrange`) rather than over arrival order. Field apps retry
  and report late, so the same facts arrive in many orders; sorting them onto the schedule
  first (lineups and cards at kick-off, results at the scheduled end, rulings where they
  apply) makes the fold a function of the set, so recomputation, duplicates and reordering
  give the same records and notices. Recomputing everything is cheap (a 400-team tournament,
  ~5,000 events, in about 0.15 s) and removes any need for incremental undo when a late
  result changes which game served a suspension.

- Every derived event has a deterministic id (`ids.derived_id`: uuid5 of tournament, kind and
  what it is about), so the worker emits exactly the notices and forfeits it has not emitted
  before, and a notice can never be emitted twice.

- Rule failures are named exceptions (`fold.Suspended`, `eligibility.TooOld`,
  `problems.UnknownGame`, ...). The rules raise them where one check fails; the evaluation
  and the roster check collect them, because the committee wants every problem, not the
  first. Nothing escapes as an unhandled error.

Rulebook readings (Alliance Cup 2020 with the DESIGN defaults) are in the module docstrings
where they are applied: `timeline` (order of counting), `fold` (send-offs, serving),
`game_checks` (kick-off plus grace without a clock, head injuries), `eligibility` (ages),
`forfeits` (what becomes a forfeit), `report` (the 72-hour card report).
"""
