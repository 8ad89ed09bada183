-- Definition versions and promulgated indicator sets (SQLite dialect; same in ../postgres).

-- The attribute sheet of each definition version, as JSON; values name the version they
-- were reported under (data_values.definition_version).
CREATE TABLE indicator_versions (
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    version       INTEGER NOT NULL,
    sheet         TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, version)
);

CREATE TABLE indicator_sets (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Each promulgation is a new version of the set, signed by a decision.
CREATE TABLE set_versions (
    set_id           INTEGER NOT NULL REFERENCES indicator_sets(id),
    version          INTEGER NOT NULL,
    decision_number  TEXT NOT NULL,
    decision_date    TEXT NOT NULL,
    signer           TEXT NOT NULL,
    promulgated_by   INTEGER REFERENCES users(id),
    promulgated_at   TEXT NOT NULL,
    PRIMARY KEY (set_id, version)
);

CREATE TABLE set_members (
    set_id             INTEGER NOT NULL,
    version            INTEGER NOT NULL,
    indicator_id       INTEGER NOT NULL REFERENCES indicators(id),
    indicator_version  INTEGER NOT NULL,
    PRIMARY KEY (set_id, version, indicator_id),
    FOREIGN KEY (set_id, version) REFERENCES set_versions(set_id, version)
);
