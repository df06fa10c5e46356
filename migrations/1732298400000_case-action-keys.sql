-- Up Migration
-- The Idempotency-Key of a case action (src/case/action-keys.ts): the Update id Temporal
-- deduplicates by is known only to the run it was sent to, so the run is recorded before the
-- action is sent, and a retry after the case continued as new is sent to that same run.
CREATE TABLE case_action_keys (
  workflow_id         text NOT NULL,
  staff_id            text NOT NULL,
  idempotency_key     text NOT NULL,
  request_fingerprint text NOT NULL,
  run_id              text,
  received_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, staff_id, idempotency_key)
);

-- Down Migration
DROP TABLE case_action_keys;
