-- Screenshots leave with their interview: an interview_screenshots row goes when its interview
-- is deleted (ON DELETE CASCADE since 0001), and this trigger then deletes the screenshot's bytes
-- in files, which nothing else references. Files of other categories, or still referenced by
-- another screenshot row (imported data), are kept.
CREATE FUNCTION interview_screenshots_delete_file() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM files f
    WHERE f.id = OLD.file_id AND f.category = 'SCREENSHOT'
      AND NOT EXISTS (SELECT 1 FROM interview_screenshots s WHERE s.file_id = OLD.file_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER interview_screenshots_delete_file AFTER DELETE ON interview_screenshots
    FOR EACH ROW EXECUTE FUNCTION interview_screenshots_delete_file();

-- The per-interview cap counts an interview's rows; list them in upload order.
CREATE INDEX interview_screenshots_interview_created_idx ON interview_screenshots (interview_id, created_at);
DROP INDEX interview_screenshots_interview_id_idx;
