-- A task assigned "on behalf of the assigner" (postgres dialect): its lead unit may break it
-- down to any unit the assigner may reach (a department leading a provincial task assigns
-- sub-tasks to communes), not only to units below itself.

ALTER TABLE tasks ADD COLUMN delegated BOOLEAN NOT NULL DEFAULT FALSE;
