-- The earlier states of data values (SQLite dialect; same in ../postgres): whenever a
-- stored value, status or comment changes, a trigger keeps the state it replaces, so no
-- write path can forget it. The current state is the data_values row itself; a value's
-- story is that row plus these, newest first. New values cost nothing here, so bulk
-- imports keep their speed. The hash-chained audit trail says who did what.

CREATE TABLE value_history (
    id                  INTEGER PRIMARY KEY,
    indicator_id        INTEGER NOT NULL,
    org_unit_id         INTEGER NOT NULL,
    period              TEXT NOT NULL,
    value               REAL NOT NULL,
    status              TEXT NOT NULL,
    comment             TEXT,
    channel             TEXT NOT NULL,
    updated_by          INTEGER,
    updated_at          TEXT NOT NULL,
    superseded_at       TEXT NOT NULL
);
CREATE INDEX value_history_key ON value_history(indicator_id, org_unit_id, period);

CREATE TRIGGER data_values_history AFTER UPDATE ON data_values
WHEN OLD.value IS NOT NEW.value OR OLD.status IS NOT NEW.status
  OR OLD.comment IS NOT NEW.comment
BEGIN
    INSERT INTO value_history (indicator_id, org_unit_id, period, value, status, comment,
                               channel, updated_by, updated_at, superseded_at)
    VALUES (OLD.indicator_id, OLD.org_unit_id, OLD.period, OLD.value, OLD.status, OLD.comment,
            OLD.channel, OLD.updated_by, OLD.updated_at,
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
