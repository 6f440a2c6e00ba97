"""Margin: a terminal reader for people who check what articles claim."""

__version__ = "0.1.0"
