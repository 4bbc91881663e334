"""What spectators see: game states from the field's events, fields running late, what is on
each field, the bracket as a tree. Pure rules: no broker, no HTTP, no clock."""
