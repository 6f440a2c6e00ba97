"""The ``margin`` command: parses arguments, calls the session, prints; ``margin [ARTICLE]`` reads."""

from .main import main

__all__ = ["main"]
