"""Tournament registration: team applications, the refund clock and the check-in desk.

Pure rules (no Kafka, no HTTP, no clock), in the order a registrar meets them:

- `state.fold(events)`: the committee's events (schemas/registration.py) folded into each
  team's application. The fold sorts the set by `recency` and drops repeats first, so it is
  a function of the set of events, not of the order they arrived in.
- `documents.missing(application)`: what the rulebook asks of an application that it lacks.
- `refunds`: the refund each application is owed, if any, and when it falls due.
- `checkin`: a player's proof of age against the roster (the roster rules are discipline's
  `eligibility`, reused), and what the lock refuses once check-in is over.
- `report.report(events, on)`: all of it on one date, for the command line and the API.
"""
