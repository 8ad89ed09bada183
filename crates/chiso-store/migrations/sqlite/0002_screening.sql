-- Duplicate screening (SQLite dialect). Keep in step with ../postgres/0002_screening.sql.

-- A merged indicator points to the one that survives.
ALTER TABLE indicators ADD COLUMN merged_into INTEGER REFERENCES indicators(id);

-- The screener's decision on a pair of likely duplicates.
CREATE TABLE screening_decisions (
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    other_id      INTEGER NOT NULL REFERENCES indicators(id),
    decision      TEXT NOT NULL CHECK (decision IN ('keep', 'merge')),
    reason        TEXT NOT NULL,
    decided_by    INTEGER REFERENCES users(id),
    decided_at    TEXT NOT NULL,
    PRIMARY KEY (indicator_id, other_id)
);
