-- Resolutions and their task trees (SQLite dialect; same in ../postgres).

CREATE TABLE resolutions (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    fields      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- A task of a resolution; sub-tasks name their parent. The lead unit carries it out; the
-- optional indicator and target value are its M&E target.
CREATE TABLE tasks (
    id                 INTEGER PRIMARY KEY,
    resolution_id      INTEGER NOT NULL REFERENCES resolutions(id),
    parent_id          INTEGER REFERENCES tasks(id),
    code               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    lead_unit_id       INTEGER NOT NULL REFERENCES org_units(id),
    start_on           TEXT NOT NULL,
    deadline           TEXT NOT NULL,
    product            TEXT NOT NULL DEFAULT '',
    weight             REAL NOT NULL DEFAULT 1,
    update_every_days  INTEGER NOT NULL DEFAULT 30,
    indicator_id       INTEGER REFERENCES indicators(id),
    target_value       REAL,
    progress           REAL NOT NULL DEFAULT 0,
    last_update_on     TEXT,
    completed_on       TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX tasks_resolution ON tasks(resolution_id);

-- Progress reports, newest last.
CREATE TABLE task_updates (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    progress     REAL NOT NULL,
    narrative    TEXT NOT NULL,
    reported_on  TEXT NOT NULL,
    reported_by  INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX task_updates_task ON task_updates(task_id);
