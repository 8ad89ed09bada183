-- Evidence files (sqlite dialect): documents a unit attaches to a period's submission or to
-- one value (a signed report, a scan, a spreadsheet). Kept in the database so they are in
-- the same backups and transactions as the values they support; the SHA-256 is also
-- written to the audit trail.

CREATE TABLE evidence_files (
    id            INTEGER PRIMARY KEY,
    org_unit_id   INTEGER NOT NULL REFERENCES org_units(id),
    period        TEXT NOT NULL,
    indicator_id  INTEGER REFERENCES indicators(id),   -- NULL: the whole submission
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   INTEGER REFERENCES users(id),
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX evidence_files_unit_period ON evidence_files(org_unit_id, period);
