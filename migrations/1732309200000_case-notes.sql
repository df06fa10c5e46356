-- Up Migration
-- Case notes (src/notes/): append-only, a correction is a new note that supersedes one. What was
-- written (text, with whom) is sealed with AES-256-GCM under the deployment's payload keys and
-- bound to the note and its case; only ids, types, staff and times are plain.
CREATE TABLE case_notes (
  note_id          uuid PRIMARY KEY,
  case_id          uuid NOT NULL,
  organisation_id  text NOT NULL,
  note_type        text NOT NULL CHECK (note_type IN ('contact', 'visit', 'call', 'agency_contact', 'observation', 'other')),
  occurred_at      timestamptz NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  author_staff_id  text NOT NULL,
  author_role      text NOT NULL,
  supersedes       uuid REFERENCES case_notes (note_id),
  key_id           text NOT NULL,
  sealed           bytea NOT NULL,
  -- a retried request with the same Idempotency-Key adds nothing; its fingerprint tells a reuse apart
  idempotency_key  text,
  request_fingerprint text
);
CREATE UNIQUE INDEX case_notes_idempotency ON case_notes (case_id, author_staff_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX case_notes_by_case ON case_notes (case_id, occurred_at, recorded_at);
-- A note is corrected once; a later correction supersedes the correction.
CREATE UNIQUE INDEX case_notes_one_correction ON case_notes (supersedes) WHERE supersedes IS NOT NULL;

-- Down Migration
DROP TABLE case_notes;
