"""Touchline's command line, broker management, settings and the demo."""
