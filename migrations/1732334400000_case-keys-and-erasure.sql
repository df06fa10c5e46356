-- Up Migration
-- Envelope encryption (src/privacy/case-keys.ts): each case's data key, kept only wrapped
-- (AES-256-GCM) by the deployment's key-encryption key `kek_id` (a payload key id). Erasure
-- destroys the key (wrapped_key set to NULL, erased_at set): everything sealed under it (the
-- case's Temporal history, its archived runs, notes and documents, in every backup) is unreadable.
-- organisation_id is NULL only for a key first created by a workflow before its case was projected.
CREATE TABLE case_keys (
  case_id          uuid PRIMARY KEY,
  organisation_id  text,
  wrapped_key      bytea,
  kek_id           text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  erased_at        timestamptz,
  erasure_reason   text CHECK (erasure_reason IN ('retention', 'erasure_request')),
  erasure_reference text,
  CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)),
  CHECK ((erased_at IS NULL) = (erasure_reason IS NULL))
);
CREATE INDEX case_keys_erased ON case_keys (erased_at) WHERE erased_at IS NOT NULL;

-- Legal holds (src/privacy/erasure-repository.ts): while one is in place (lifted_at NULL) the case
-- is never erased, by its retention or by a request.
CREATE TABLE legal_holds (
  hold_id          uuid PRIMARY KEY,
  case_id          uuid NOT NULL,
  organisation_id  text NOT NULL,
  reason           text NOT NULL,
  placed_by        text NOT NULL,
  placed_role      text NOT NULL,
  placed_at        timestamptz NOT NULL DEFAULT now(),
  lifted_by        text,
  lifted_role      text,
  lifted_at        timestamptz,
  lift_reason      text,
  idempotency_key  text,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
);
CREATE INDEX legal_holds_in_place ON legal_holds (case_id) WHERE lifted_at IS NULL;
CREATE UNIQUE INDEX legal_holds_idempotency ON legal_holds (case_id, placed_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Requests to erase a case before its retention ends (a survivor's right to erasure): recorded by
-- staff on the case, decided by a DA lead with a reason. Numbered per case (1, 2, …).
CREATE TABLE erasure_requests (
  case_id          uuid NOT NULL,
  request_number   integer NOT NULL CHECK (request_number > 0),
  organisation_id  text NOT NULL,
  reason           text NOT NULL,
  requested_by     text NOT NULL,
  requested_role   text NOT NULL,
  requested_at     timestamptz NOT NULL DEFAULT now(),
  decision         text CHECK (decision IN ('approved', 'refused')),
  decision_reason  text,
  decided_by       text,
  decided_at       timestamptz,
  idempotency_key  text,
  PRIMARY KEY (case_id, request_number),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE UNIQUE INDEX erasure_requests_idempotency ON erasure_requests (case_id, requested_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Down Migration
DROP TABLE erasure_requests;
DROP TABLE legal_holds;
DROP TABLE case_keys;
