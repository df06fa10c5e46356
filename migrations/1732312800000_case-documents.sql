-- Up Migration
-- Documents attached to a case or one of its notes (src/documents/): the bytes are sealed with
-- AES-256-GCM under the payload keys, bound to the document and its case; their SHA-256 is also
-- in the audit log, so what is downloaded can be shown to be what was uploaded.
CREATE TABLE case_documents (
  document_id      uuid PRIMARY KEY,
  case_id          uuid NOT NULL,
  organisation_id  text NOT NULL,
  note_id          uuid REFERENCES case_notes (note_id),
  content_type     text NOT NULL,
  byte_size        integer NOT NULL CHECK (byte_size > 0),
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  uploaded_by      text NOT NULL,
  uploaded_role    text NOT NULL,
  key_id           text NOT NULL,
  sealed           bytea NOT NULL,
  idempotency_key  text,
  request_fingerprint text
);
CREATE INDEX case_documents_by_case ON case_documents (case_id, uploaded_at);
CREATE UNIQUE INDEX case_documents_idempotency ON case_documents (case_id, uploaded_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Down Migration
DROP TABLE case_documents;
