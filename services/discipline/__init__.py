"""Discipline: cards, lineups and rulings -> suspensions, eligibility, forfeits, reports."""
