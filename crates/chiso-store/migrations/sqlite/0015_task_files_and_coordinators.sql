-- Resolutions and tasks (sqlite dialect): the agencies that coordinate a task besides its lead
-- unit; and files — the documents of a resolution (its text, the province's plan) and the
-- evidence attached to a progress report. Files are kept in the database, in the same
-- backups and transactions as what they support; their SHA-256 also goes to the audit trail.

CREATE TABLE task_coordinators (
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    org_unit_id  INTEGER NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (task_id, org_unit_id)
);

CREATE TABLE task_files (
    id              INTEGER PRIMARY KEY,
    resolution_id   INTEGER NOT NULL REFERENCES resolutions(id),
    task_update_id  INTEGER REFERENCES task_updates(id),   -- NULL: a document of the resolution
    title           TEXT NOT NULL DEFAULT '',
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    uploaded_by     INTEGER REFERENCES users(id),
    uploaded_at     TEXT NOT NULL
);
CREATE INDEX task_files_resolution ON task_files(resolution_id);
