"""The region's own tools, beside the tournament: balanced team formation (`teams`), coach
certification compliance (`coaches`) and practice slots (`practices`). Each is pure rules
over the CSV exports regions already have (`csv_rows`), with a thin Typer command."""
