"""Practice slots (seed 002): the allowance of each age group, coaches' ranked choices, an
allocation that meets as many as it can without a field booked twice, and why a coach did
not get a choice."""
