-- 0006: revocable interview links. Every candidate token carries the interview's token version
-- (claim `ver`, absent = 0 in tokens issued before); a token of another version is refused. The
-- version grows when the candidate's email changes and when the recruiter regenerates the link.

ALTER TABLE interviews ADD COLUMN token_version integer NOT NULL DEFAULT 0;
