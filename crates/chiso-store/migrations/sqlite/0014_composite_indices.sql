-- Composite indices (sqlite dialect): methodologies as editable, versioned documents; the
-- component scores of each unit and year (imported from a publisher, or derived, e.g. by a
-- merger of units); and, per criterion a unit lost points on, who owns it, why and what is
-- being done.

CREATE TABLE index_methodologies (
    index_code  TEXT NOT NULL,
    version     TEXT NOT NULL,
    from_year   INTEGER NOT NULL,
    to_year     INTEGER,
    document    TEXT NOT NULL,            -- the methodology as JSON (chiso-core composite::methodology)
    PRIMARY KEY (index_code, version)
);

CREATE TABLE index_scores (
    index_code  TEXT NOT NULL,
    year        INTEGER NOT NULL,
    unit        TEXT NOT NULL,            -- an org unit code, or the publisher's name of a unit outside the tree
    component   TEXT NOT NULL,            -- a leaf component of the methodology in force that year
    value       REAL,                       -- NULL: no score (the unit is listed apart)
    source      TEXT NOT NULL,            -- 'imported' or 'derived'
    PRIMARY KEY (index_code, year, unit, component)
);

CREATE TABLE index_criterion_notes (
    index_code    TEXT NOT NULL,
    year          INTEGER NOT NULL,
    unit          TEXT NOT NULL,
    component     TEXT NOT NULL,
    owner_unit    TEXT NOT NULL DEFAULT '',   -- the agency responsible for the criterion
    owner_person  TEXT NOT NULL DEFAULT '',   -- the person responsible
    root_cause    TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL DEFAULT '',   -- the corrective action
    PRIMARY KEY (index_code, year, unit, component)
);
