"""The core: plain Python, no Textual — loading, documents, analysis, notes, search and the session."""
