"""The club-league season: weekly rounds around tournaments, on the home teams' fields."""
