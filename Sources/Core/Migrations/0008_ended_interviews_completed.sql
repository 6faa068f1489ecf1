-- 0008: an interview is COMPLETED as soon as its conversation ends (completed_at set); its
-- evaluation fills the scores later or leaves evaluation_error. Interviews that ended under the
-- earlier rule (IN_PROGRESS with completed_at, waiting for or having failed their evaluation)
-- take the new status.

UPDATE interviews SET status = 'COMPLETED' WHERE status = 'IN_PROGRESS' AND completed_at IS NOT NULL;
