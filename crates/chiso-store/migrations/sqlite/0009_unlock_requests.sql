-- Unlock requests (SQLite dialect; same in ../postgres): an approved value changes only
-- after its reporter asks, with a reason, and an approver of the owner agency agrees.

CREATE TABLE unlock_requests (
    id             INTEGER PRIMARY KEY,
    indicator_id   INTEGER NOT NULL REFERENCES indicators(id),
    org_unit_id    INTEGER NOT NULL REFERENCES org_units(id),
    period         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    requested_by   INTEGER REFERENCES users(id),
    requested_at   TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'pending',   -- pending, granted, refused
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TEXT,
    decision_note  TEXT
);
-- At most one open request per value.
CREATE UNIQUE INDEX unlock_requests_open ON unlock_requests(indicator_id, org_unit_id, period)
    WHERE state = 'pending';
-- The approval queue reads values by status.
CREATE INDEX data_values_status ON data_values(status);
