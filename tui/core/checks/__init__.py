"""Fact-checks already published: imported from the forms they travel in, kept in the notes
store, and matched against every statement read."""
