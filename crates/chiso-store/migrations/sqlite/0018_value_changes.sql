-- The log of changes to data values (sqlite dialect; same in the other): every write to
-- data_values appends, in its transaction, the keys it touched as a JSON array of
-- [indicator_id, org_unit_id, period], or '*' when too many to list. Each process keeps its
-- analytics values in memory and applies the rows after the last one it saw before it
-- answers, so an approval through one process is seen by every other.
CREATE TABLE value_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    keys TEXT NOT NULL
);
