"""Playing time (seed 002: "all players, regardless of practice attendance, are still
required to play ¾ of every game they attend"): each player's minutes from the game card,
the shortfalls per game and per season, and whether a shortfall can still be fixed."""
