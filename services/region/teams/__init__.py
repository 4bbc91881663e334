"""Balanced team formation from player ratings (seed 002), the snake draft it is measured
against, and the balance figures of both."""
