"""The region's own tools, beside the tournament: balanced team formation (`teams`), coach
certification compliance (`coaches`) and practice slots (`practices`). Each is pure rules
over the CSV exports regions already have (`csv_rows`), with a thin Typer command.

The seeds cited in docstrings are the source documents: 000 the AYSO Alliance program FAQ,
001 AYSO Region 60's coach requirements, 002 AYSO Region 92's coach page."""
