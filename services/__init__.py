"""Touchline's services: each keeps its rules in pure modules and a thin adapter around them."""
