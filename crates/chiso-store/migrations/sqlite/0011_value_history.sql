-- Every state a data value has been in (SQLite dialect; same in ../postgres): written by
-- triggers on data_values, so no write path can forget it. The hash-chained audit trail
-- says who did what; this table answers "what was this value, and when".

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
    recorded_at         TEXT NOT NULL
);
CREATE INDEX value_history_key ON value_history(indicator_id, org_unit_id, period);

-- What is stored already is its first known state.
INSERT INTO value_history (indicator_id, org_unit_id, period, value, status, comment, channel,
                           updated_by, updated_at, recorded_at)
SELECT indicator_id, org_unit_id, period, value, status, comment, channel, updated_by,
       updated_at, updated_at FROM data_values;

CREATE TRIGGER data_values_history_insert AFTER INSERT ON data_values
BEGIN
    INSERT INTO value_history (indicator_id, org_unit_id, period, value, status, comment,
                               channel, updated_by, updated_at, recorded_at)
    VALUES (NEW.indicator_id, NEW.org_unit_id, NEW.period, NEW.value, NEW.status, NEW.comment,
            NEW.channel, NEW.updated_by, NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER data_values_history_update AFTER UPDATE ON data_values
WHEN OLD.value IS NOT NEW.value OR OLD.status IS NOT NEW.status
  OR OLD.comment IS NOT NEW.comment
BEGIN
    INSERT INTO value_history (indicator_id, org_unit_id, period, value, status, comment,
                               channel, updated_by, updated_at, recorded_at)
    VALUES (NEW.indicator_id, NEW.org_unit_id, NEW.period, NEW.value, NEW.status, NEW.comment,
            NEW.channel, NEW.updated_by, NEW.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
