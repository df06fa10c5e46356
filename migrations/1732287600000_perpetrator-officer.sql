-- Up Migration
-- Need-to-know (DESIGN §6): the officer working with the perpetrator never sees the survivor's
-- case. The projection carries that officer's staff id (the disclosure's perpetrator.officerId)
-- so that src/case/access.ts can hide the case from them in one SQL condition, in the
-- listing and in the alert inbox alike. NULL when no officer works with the perpetrator. A staff
-- id, not personal data about the survivor or the perpetrator.
ALTER TABLE cases ADD COLUMN perpetrator_officer_id text;
CREATE INDEX cases_team ON cases (organisation_id, team_id);

-- Down Migration
DROP INDEX cases_team;
ALTER TABLE cases DROP COLUMN perpetrator_officer_id;
