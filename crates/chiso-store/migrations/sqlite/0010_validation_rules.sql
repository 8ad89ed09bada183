-- Validation rules across indicators (same in both dialects): a condition in the formula
-- language that one unit's values for one period must meet, with importance and message.

CREATE TABLE validation_rules (
    code        TEXT PRIMARY KEY,
    name_vi     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    formula     TEXT NOT NULL,
    frequency   TEXT NOT NULL,
    importance  TEXT NOT NULL,
    message_vi  TEXT NOT NULL,
    message_en  TEXT NOT NULL
);
