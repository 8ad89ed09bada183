-- Who reports an indicator's values besides its owner (PostgreSQL dialect; same in ../sqlite).
ALTER TABLE indicators ADD COLUMN reporting_level TEXT NOT NULL DEFAULT 'owner'
    CHECK (reporting_level IN ('owner', 'localities', 'agencies'));
