"""Tournament scheduling: from a director's file to a checked, optimised schedule."""
