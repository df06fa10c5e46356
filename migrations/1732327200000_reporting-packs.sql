-- Up Migration
-- Reporting packs (src/reporting/): what a pack counts of a case beyond the listing projection,
-- written by the projectCase activity with the projection (an older state never overwrites a newer
-- one), and the packs the schedules produce. Categories, times and counts only: no reference, no
-- name, no narrative. A case projected before this existed has no facts row until its next change.
CREATE TABLE case_report_facts (
  case_id              uuid PRIMARY KEY,
  organisation_id      text NOT NULL,
  channel              text NOT NULL,
  reporter             text NOT NULL,
  first_contact_at     timestamptz,
  closed_at            timestamptz,
  safeguarding_concern boolean NOT NULL,
  follows_earlier_case boolean NOT NULL,
  state_version        integer NOT NULL
);
CREATE INDEX case_report_facts_closed ON case_report_facts (organisation_id, closed_at);

-- Dated events a pack counts in its period: safeguarding referrals, perpetrator actions and
-- referrals, reopenings. Keyed by their place in the case's state, so a rewrite adds nothing.
CREATE TABLE case_report_events (
  case_id          uuid NOT NULL,
  source           text NOT NULL,
  ordinal          integer NOT NULL,
  organisation_id  text NOT NULL,
  kind             text NOT NULL,
  at               timestamptz NOT NULL,
  PRIMARY KEY (case_id, source, ordinal)
);
CREATE INDEX case_report_events_by_time ON case_report_events (organisation_id, source, at);

-- One pack per organisation, kind and period: a rerun for the same period replaces its figures and
-- keeps its id. The figures are stored already suppressed, so small counts never leave this table.
CREATE TABLE reporting_packs (
  pack_id               uuid PRIMARY KEY,
  organisation_id       text NOT NULL,
  policy_profile        text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'annual')),
  period_label          text NOT NULL,
  period_from           date NOT NULL,
  period_to             date NOT NULL,
  small_count_threshold integer NOT NULL,
  generated_at          timestamptz NOT NULL,
  -- json, not jsonb: the pack keeps its own order of figures (the CSV lists them in it)
  pack                  json NOT NULL,
  UNIQUE (organisation_id, kind, period_from)
);
CREATE INDEX reporting_packs_listing ON reporting_packs (organisation_id, period_from DESC);

-- Down Migration
DROP TABLE reporting_packs;
DROP TABLE case_report_events;
DROP TABLE case_report_facts;
