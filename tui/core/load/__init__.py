"""Load: bytes to clean text — files, standard input, pipes, encodings, web pages."""


class LoadError(Exception):
    """An input that cannot be read as an article; the message is one line for the user."""
