-- Up Migration
-- MARAC referrals across cases, to detect a repeat referral for the same survivor. The survivor is
-- keyed by a SHA-256 of the organisation and the provider's own reference: pseudonymous, no name.
CREATE TABLE marac_referrals (
  referral_id           uuid PRIMARY KEY,
  case_id               uuid NOT NULL,
  organisation_id       text NOT NULL,
  survivor_key          text NOT NULL,
  referred_at           timestamptz NOT NULL,
  repeat_referral       boolean NOT NULL,
  previous_referral_at  timestamptz
);
CREATE INDEX marac_referrals_by_survivor ON marac_referrals (organisation_id, survivor_key, referred_at DESC);

-- What we asked of a partner (a works order, a MARAC referral) and which workflow awaits its answer,
-- so a partner's callback reaches only its own requests.
CREATE TABLE partner_requests (
  request_id     uuid PRIMARY KEY,
  partner_kind   text NOT NULL CHECK (partner_kind IN ('contractor', 'marac_coordinator', 'local_authority')),
  partner_id     text NOT NULL,
  case_id        uuid NOT NULL,
  workflow_id    text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Repairs breaches escalate to the repairs manager, a role of its own.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'repairs_manager', 'auditor', 'partner', 'admin'));

-- Down Migration
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin'));
DROP TABLE partner_requests;
DROP TABLE marac_referrals;
