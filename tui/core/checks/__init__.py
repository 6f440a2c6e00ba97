"""Fact-checks already published: imported, kept in the notes store, matched to statements."""
