"""Search: fuzzy search and related statements over the library of every article read."""
