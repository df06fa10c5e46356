-- Up Migration
-- Every closed workflow run of a case (each continue-as-new run, every child) copied as Temporal
-- stores it, before the namespace's retention deletes it: export, replay and the timeline read it
-- here when Temporal no longer has the run. Payloads stay encrypted; the history is kept as the
-- exact text that was hashed, so its SHA-256 (also chained into the audit log) can be checked.
CREATE TABLE archived_runs (
  run_id          text PRIMARY KEY,
  workflow_id     text NOT NULL,
  case_id         uuid NOT NULL,
  organisation_id text NOT NULL,
  workflow_type   text NOT NULL,
  status          text NOT NULL,
  started_at      timestamptz NOT NULL,
  closed_at       timestamptz NOT NULL,
  history         text NOT NULL,
  -- a last run's state, as its Query answered (a Temporal payload, encrypted by the payload codec);
  -- absent for a run that continued as new, whose state went on to the next run
  final_state     jsonb,
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  archived_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX archived_runs_by_workflow ON archived_runs (workflow_id, started_at);
CREATE INDEX archived_runs_by_case ON archived_runs (case_id);
CREATE INDEX archived_runs_by_close ON archived_runs (closed_at);

-- Down Migration
DROP TABLE archived_runs;
