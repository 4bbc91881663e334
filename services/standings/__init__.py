"""Standings: results -> group tables, tiebreakers, winners, wild cards and brackets."""
