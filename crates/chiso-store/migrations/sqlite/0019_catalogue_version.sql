-- The catalogue's version (sqlite dialect; same in the other): a counter that every write
-- to the indicators table raises, by trigger, in the writing transaction. A process keeps
-- the catalogue in memory and reads it again only when the counter moved, whichever
-- process wrote.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO catalogue_version (id, n) VALUES (1, 0);

CREATE TRIGGER indicators_version_insert AFTER INSERT ON indicators
BEGIN
    UPDATE catalogue_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER indicators_version_update AFTER UPDATE ON indicators
BEGIN
    UPDATE catalogue_version SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER indicators_version_delete AFTER DELETE ON indicators
BEGIN
    UPDATE catalogue_version SET n = n + 1 WHERE id = 1;
END;
