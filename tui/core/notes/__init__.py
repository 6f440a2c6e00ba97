"""Notes: anchored to their sentence by W3C selectors, kept in SQLite, exported for people and tools."""
