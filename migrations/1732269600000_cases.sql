-- Up Migration
-- The case projection: what staff list and filter on. Written only by workflow activities, so
-- it always reflects the workflow's own state. Holds ids and states, no survivor narrative.
CREATE TABLE cases (
  case_id          uuid PRIMARY KEY,
  workflow_id      text NOT NULL UNIQUE,
  organisation_id  text NOT NULL,
  policy_profile   text NOT NULL,
  policy_version   text NOT NULL,
  status           text NOT NULL,
  risk_level       text NOT NULL,
  case_officer_id  text NOT NULL,
  team_id          text NOT NULL,
  breached         boolean NOT NULL DEFAULT false,
  opened_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- the workflow's own sequence number of this projection, so a late write never overwrites a newer one
  state_version    integer NOT NULL
);
CREATE INDEX cases_listing ON cases (organisation_id, status, risk_level, opened_at DESC);
CREATE INDEX cases_officer ON cases (case_officer_id);

-- One disclosure request → one case, whatever the retries: the client's Idempotency-Key and a
-- fingerprint of the request it first came with.
CREATE TABLE disclosure_requests (
  organisation_id     text NOT NULL,
  idempotency_key     text NOT NULL,
  request_fingerprint text NOT NULL,
  case_id             uuid NOT NULL UNIQUE,
  received_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, idempotency_key)
);

-- Down Migration
DROP TABLE disclosure_requests;
DROP TABLE cases;
