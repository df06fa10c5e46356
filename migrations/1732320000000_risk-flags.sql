-- Up Migration
-- Risk flags (src/flags/): a warning on a person or a property, raised when a case opens (Kent 004
-- §5.5) or by staff, and shown to staff outside the case as the warning alone. The subject is the
-- provider's own person, tenancy or property reference, never a name or an address.
CREATE TABLE risk_flags (
  flag_id           uuid PRIMARY KEY,
  organisation_id   text NOT NULL,
  case_id           uuid NOT NULL,
  subject           text NOT NULL CHECK (subject IN ('survivor', 'perpetrator', 'property')),
  subject_reference text NOT NULL,
  warning           text NOT NULL,
  raised_at         timestamptz NOT NULL DEFAULT now(),
  raised_by         text NOT NULL,
  ended_at          timestamptz,
  ended_by          text,
  end_reason        text,
  -- the same warning on the same subject of a case is one flag, so raising it again (a retry) adds nothing
  UNIQUE (case_id, subject, subject_reference, warning)
);
CREATE INDEX risk_flags_active_by_reference ON risk_flags (organisation_id, subject_reference) WHERE ended_at IS NULL;
CREATE INDEX risk_flags_by_case ON risk_flags (case_id, raised_at);

-- Down Migration
DROP TABLE risk_flags;
