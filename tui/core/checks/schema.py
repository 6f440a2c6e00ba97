"""The fact-check tables of the notes store (a migration of tui/core/notes/schema.py).

``fact_checks`` holds each fact-check once (``key``: see FactCheck.key); ``fact_checks_fts`` is a
full-text index (SQLite FTS5, BM25 ranking) over the claim and the title, kept by triggers: the
matcher's first pass finds candidates there without loading a million fact-checks in memory.
"""

from __future__ import annotations

FACT_CHECK_COLUMNS = ("id, claim, rating, url, publisher, site, date, title, claimant, claim_date, "
                      "language, source")

MIGRATION = """
CREATE TABLE fact_checks (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    claim       TEXT NOT NULL,
    rating      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    publisher   TEXT NOT NULL DEFAULT '',
    site        TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    claimant    TEXT NOT NULL DEFAULT '',
    claim_date  TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    imported    TEXT NOT NULL
);
CREATE VIRTUAL TABLE fact_checks_fts USING fts5(
    claim, title, content='fact_checks', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER fact_checks_added AFTER INSERT ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(rowid, claim, title) VALUES (new.id, new.claim, new.title);
END;
CREATE TRIGGER fact_checks_removed AFTER DELETE ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim, title)
    VALUES ('delete', old.id, old.claim, old.title);
END;
CREATE TRIGGER fact_checks_changed AFTER UPDATE ON fact_checks BEGIN
    INSERT INTO fact_checks_fts(fact_checks_fts, rowid, claim, title)
    VALUES ('delete', old.id, old.claim, old.title);
    INSERT INTO fact_checks_fts(rowid, claim, title) VALUES (new.id, new.claim, new.title);
END
"""

#: Which fact-checks matched which statements of an article, as the reader (or ``margin
#: checked``) found them: what the finder's ``checked:`` and ``rating:`` read for every article,
#: not only the one shown. Rows go with their document and with their fact-check.
MATCHES_MIGRATION = """
CREATE TABLE statement_checks (
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    statement      INTEGER NOT NULL,
    fact_check_id  INTEGER NOT NULL REFERENCES fact_checks(id) ON DELETE CASCADE,
    score          REAL NOT NULL,
    PRIMARY KEY (document_id, statement, fact_check_id)
);
CREATE INDEX statement_checks_fact_check ON statement_checks(fact_check_id)
"""

#: What the matcher reads of each fact-check, worked out at import (tui/core/checks/reads.py):
#: the index's term of each word of its claim and title, its meaning as a half-precision vector
#: (NULL without a model of meaning) and the model that made it. Gone with its fact-check, and
#: when its claim or title changes.
READS_MIGRATION = """
CREATE TABLE fact_check_reads (
    id      INTEGER PRIMARY KEY REFERENCES fact_checks(id) ON DELETE CASCADE,
    stems   TEXT NOT NULL,
    vector  BLOB,
    model   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER fact_check_reads_stale AFTER UPDATE OF claim, title ON fact_checks BEGIN
    DELETE FROM fact_check_reads WHERE id = old.id;
END;
CREATE TRIGGER fact_check_reads_gone AFTER DELETE ON fact_checks BEGIN
    DELETE FROM fact_check_reads WHERE id = old.id;
END
"""
