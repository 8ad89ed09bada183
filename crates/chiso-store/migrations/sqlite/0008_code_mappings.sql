-- Code mappings for data exchange (sqlite dialect; same in ../postgres).
-- Another system's identifiers (a DHIS2 data element uid, code or name, with its
-- disaggregation) mapped onto Chiso's indicators and org units, kept as data.

CREATE TABLE code_mappings (
    scheme          TEXT NOT NULL,              -- whose identifiers, e.g. 'dhis2'
    kind            TEXT NOT NULL,              -- 'indicator', 'org_unit' or 'default_combo'
    external        TEXT NOT NULL,              -- the identifier in that system
    disaggregation  TEXT NOT NULL DEFAULT '',   -- category/attribute option combo; '' = default
    target_id       INTEGER,                     -- indicator or org unit key (NULL for default_combo)
    PRIMARY KEY (scheme, kind, external, disaggregation)
);
