"""Coach and helper certification compliance (seeds 001 and 002): the rules as a table,
region variants as configuration, a verdict per volunteer on a date, and the badge list."""
