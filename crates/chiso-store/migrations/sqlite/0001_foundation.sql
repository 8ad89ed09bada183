-- Foundation schema (SQLite dialect). Keep in step with ../postgres/0001_foundation.sql.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    locale         TEXT NOT NULL DEFAULT 'vi',
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT NOT NULL
);

CREATE TABLE org_units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    parent_id   INTEGER REFERENCES org_units(id),
    level       INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('agency', 'locality')),
    valid_from  TEXT,
    valid_to    TEXT,
    geometry    TEXT
);
CREATE INDEX org_units_parent ON org_units(parent_id);

-- Closure table: one row per (ancestor, descendant) pair, including (u, u, 0).
CREATE TABLE org_closure (
    ancestor_id   INTEGER NOT NULL REFERENCES org_units(id),
    descendant_id INTEGER NOT NULL REFERENCES org_units(id),
    depth         INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX org_closure_descendant ON org_closure(descendant_id);

CREATE TABLE indicators (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    version             INTEGER NOT NULL DEFAULT 1,
    name_vi             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    short_name          TEXT NOT NULL,
    grp                 TEXT NOT NULL,
    field               TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    definition          TEXT NOT NULL,
    formula             TEXT,
    unit                TEXT NOT NULL,
    decimals            INTEGER NOT NULL,
    value_type          TEXT NOT NULL,
    polarity            TEXT NOT NULL,
    aggregation_tree    TEXT NOT NULL,
    aggregation_time    TEXT NOT NULL,
    frequency           TEXT NOT NULL,
    reporting_calendar  TEXT NOT NULL,
    source              TEXT NOT NULL,
    owner_id            INTEGER NOT NULL REFERENCES org_units(id),
    providing_units     TEXT NOT NULL,
    accountable_person  TEXT NOT NULL,
    legal_basis         TEXT NOT NULL,
    national_code       TEXT,
    disaggregations     TEXT NOT NULL,
    effective_from      TEXT,
    effective_to        TEXT,
    status              TEXT NOT NULL,
    resolution_links    TEXT NOT NULL,
    search_text         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX indicators_group_field ON indicators(grp, field);
CREATE INDEX indicators_owner ON indicators(owner_id);

CREATE TABLE data_values (
    indicator_id        INTEGER NOT NULL REFERENCES indicators(id),
    org_unit_id         INTEGER NOT NULL REFERENCES org_units(id),
    period              TEXT NOT NULL,
    period_type         TEXT NOT NULL,
    period_start        TEXT NOT NULL,
    period_end          TEXT NOT NULL,
    value               REAL NOT NULL,
    status              TEXT NOT NULL,
    comment             TEXT,
    definition_version  INTEGER NOT NULL,
    channel             TEXT NOT NULL,
    updated_by          INTEGER REFERENCES users(id),
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (indicator_id, org_unit_id, period)
);
CREATE INDEX data_values_org_period ON data_values(org_unit_id, period_start);
CREATE INDEX data_values_ind_period ON data_values(indicator_id, period_start);

CREATE TABLE targets (
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    org_unit_id   INTEGER NOT NULL REFERENCES org_units(id),
    period        TEXT NOT NULL,
    value         REAL NOT NULL,
    tolerance     REAL NOT NULL,
    PRIMARY KEY (indicator_id, org_unit_id, period)
);

CREATE TABLE role_grants (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    org_unit_id  INTEGER NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (user_id, role, org_unit_id)
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- Append-only, hash-chained audit trail.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_code TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
