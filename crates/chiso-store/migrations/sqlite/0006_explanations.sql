-- Explanation requests (giải trình) and their threads (SQLite dialect; same in ../postgres).

-- A leader asks a responsible unit to explain a delayed task or an off-track indicator by
-- a due date; the thread keeps every message.
CREATE TABLE explanation_requests (
    id            INTEGER PRIMARY KEY,
    subject_kind  TEXT NOT NULL,
    subject_code  TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES org_units(id),
    question      TEXT NOT NULL,
    asked_by      INTEGER REFERENCES users(id),
    asked_on      TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    answered_on   TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX explanation_requests_unit ON explanation_requests(unit_id);

CREATE TABLE explanation_messages (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES explanation_requests(id),
    author      INTEGER REFERENCES users(id),
    body        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX explanation_messages_request ON explanation_messages(request_id);
