-- Per-indicator submission deadlines (postgres dialect): days after the data-closing day by
-- which each level submits, where an indicator departs from the calendar's defaults
-- (communes +2, agencies +4, the province +6; Decree 09/2019 practice).

CREATE TABLE indicator_deadlines (
    indicator_id   BIGINT PRIMARY KEY REFERENCES indicators(id),
    commune_days   INTEGER NOT NULL,
    agency_days    INTEGER NOT NULL,
    province_days  INTEGER NOT NULL
);
