-- Attribute-sheet checks on values and a second approval level (sqlite dialect; same in the other).
-- min_value / max_value / allowed_values (a JSON array of numbers) refuse implausible values
-- at entry and import; outlier_threshold overrides the default modified z-score of 3.5;
-- weight_indicator names the indicator weighing each unit in a weighted average;
-- province_acceptance asks the province to accept values after the owner agency approved
-- them (a value then goes submitted -> approved -> accepted).
ALTER TABLE indicators ADD COLUMN min_value REAL;
ALTER TABLE indicators ADD COLUMN max_value REAL;
ALTER TABLE indicators ADD COLUMN allowed_values TEXT NOT NULL DEFAULT '[]';
ALTER TABLE indicators ADD COLUMN outlier_threshold REAL;
ALTER TABLE indicators ADD COLUMN weight_indicator TEXT;
ALTER TABLE indicators ADD COLUMN province_acceptance BOOLEAN NOT NULL DEFAULT 0;
