-- Up Migration
-- How each deadline of each workflow (a case or one of its children) stands, for compliance
-- reporting (src/audit/report.ts): counts and on-time rates per timescale, per period,
-- organisation and policy profile. Written only by the workflows' projection activity, through
-- recordDeadlineOutcomes, which lets a newer status win (pending < overdue < met | met_late |
-- cancelled) so a late or repeated write never turns a settled deadline back into an open one.
-- Ids, tasks, times and rungs only: no survivor personal data.
CREATE TABLE deadline_outcomes (
  workflow_id      text NOT NULL,
  -- the workflow's own id for the deadline, e.g. initialContact#1 or maracAction#2
  deadline_id      text NOT NULL,
  case_id          uuid NOT NULL,
  organisation_id  text NOT NULL,
  policy_profile   text NOT NULL,
  task             text NOT NULL CHECK (task ~ '^[a-zA-Z]+$'),
  started_at       timestamptz NOT NULL,
  -- unknown until the deadline's schedule has been computed (an activity, moments after it starts)
  due_at           timestamptz,
  status           text NOT NULL CHECK (status IN ('pending', 'overdue', 'met', 'met_late', 'cancelled')),
  completed_at     timestamptz,
  -- the escalation rungs alerted so far, in the order they were alerted
  escalated_rungs  text[] NOT NULL DEFAULT '{}',
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, deadline_id)
);
CREATE INDEX deadline_outcomes_reporting ON deadline_outcomes (organisation_id, due_at);
CREATE INDEX deadline_outcomes_by_case ON deadline_outcomes (case_id);

-- Down Migration
DROP TABLE deadline_outcomes;
