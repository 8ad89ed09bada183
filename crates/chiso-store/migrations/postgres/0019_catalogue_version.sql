-- The catalogue's version (postgres dialect; same in the other): a counter that every
-- write to the indicators table raises, by trigger, in the writing transaction. A process
-- keeps the catalogue in memory and reads it again only when the counter moved, whichever
-- process wrote.
CREATE TABLE catalogue_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, n) VALUES (1, 0);

CREATE FUNCTION catalogue_version_bump() RETURNS trigger AS $$
BEGIN
    UPDATE catalogue_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER indicators_version AFTER INSERT OR UPDATE OR DELETE ON indicators
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
