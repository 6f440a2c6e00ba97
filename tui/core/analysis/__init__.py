"""Analysis: statements (sentences) and, for each, its claim kinds, speaker, cue, score and reasons."""


class Cancelled(Exception):
    """The analysis was asked to stop (its result is no longer wanted)."""
