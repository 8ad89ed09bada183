-- Review of progress updates and evaluation of tasks (PostgreSQL dialect; same in ../sqlite).

-- An update counts once the assigner accepts it; a returned one carries the reason.
ALTER TABLE task_updates ADD COLUMN review TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE task_updates ADD COLUMN review_comment TEXT;
ALTER TABLE task_updates ADD COLUMN reviewed_by BIGINT REFERENCES users(id);
ALTER TABLE task_updates ADD COLUMN reviewed_on DATE;

-- The evaluation at the deadline: achieved, partly or not achieved, by whom, why.
ALTER TABLE tasks ADD COLUMN evaluation TEXT;
ALTER TABLE tasks ADD COLUMN evaluation_note TEXT;
ALTER TABLE tasks ADD COLUMN evaluated_by BIGINT REFERENCES users(id);
ALTER TABLE tasks ADD COLUMN evaluated_on DATE;
