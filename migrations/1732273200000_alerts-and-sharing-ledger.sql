-- Up Migration
-- The staff directory: who stands on each rung of an organisation's escalation ladder.
CREATE TABLE staff (
  staff_id         text PRIMARY KEY,
  organisation_id  text NOT NULL,
  team_id          text,
  role             text NOT NULL CHECK (role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin')),
  line_manager_id  text REFERENCES staff (staff_id),
  email            text,
  active           boolean NOT NULL DEFAULT true
);
CREATE INDEX staff_by_role ON staff (organisation_id, role) WHERE active;

-- Alerts raised by case workflows: reminders, escalations, immediate danger, high risk.
-- Ids, tasks, roles and times only; no survivor personal data.
CREATE TABLE alerts (
  alert_id             uuid PRIMARY KEY,
  case_id              uuid NOT NULL,
  organisation_id      text NOT NULL,
  kind                 text NOT NULL,
  task                 text NOT NULL,
  deadline_id          text,
  rung                 text,
  recipient_role       text NOT NULL,
  recipient_title      text NOT NULL,
  recipient_staff_ids  text[] NOT NULL DEFAULT '{}',
  due_at               timestamptz,
  raised_at            timestamptz NOT NULL,
  acknowledged_at      timestamptz,
  acknowledged_by      text
);
CREATE INDEX alerts_inbox ON alerts (organisation_id, recipient_role, acknowledged_at, raised_at DESC);
CREATE INDEX alerts_by_case ON alerts (case_id, raised_at);

-- One row per channel and recipient; delivered_at set once, so a retry never sends it again.
CREATE TABLE alert_deliveries (
  alert_id      uuid NOT NULL REFERENCES alerts (alert_id),
  channel       text NOT NULL CHECK (channel IN ('email', 'webhook')),
  target        text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  delivered_at  timestamptz,
  PRIMARY KEY (alert_id, channel, target)
);

-- Every release of a survivor's information: to whom, for what, on which basis, approved by whom.
CREATE TABLE information_releases (
  case_id          uuid NOT NULL,
  request_id       uuid PRIMARY KEY,
  organisation_id  text NOT NULL,
  agency           text NOT NULL,
  purpose          text NOT NULL,
  data_categories  text[] NOT NULL,
  basis            text NOT NULL,
  consent_id       text,
  approved_by      text,
  released_by      text NOT NULL,
  released_at      timestamptz NOT NULL,
  tell_survivor    boolean NOT NULL,
  CHECK (basis = 'consent' OR approved_by IS NOT NULL)
);
CREATE INDEX information_releases_by_case ON information_releases (case_id);

-- Down Migration
DROP TABLE information_releases;
DROP TABLE alert_deliveries;
DROP TABLE alerts;
DROP TABLE staff;
