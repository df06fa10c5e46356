-- Up Migration
-- A case opened for a survivor whose earlier case closed beyond its reopening period is linked to
-- that case (POST /cases with linkedToCaseId): both show the link, and repeat-MARAC detection counts
-- the referrals of linked cases as the survivor's.
CREATE TABLE case_links (
  case_id           uuid PRIMARY KEY,
  linked_to_case_id uuid NOT NULL,
  organisation_id   text NOT NULL,
  linked_by         text NOT NULL,
  linked_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (case_id <> linked_to_case_id)
);
CREATE INDEX case_links_by_earlier_case ON case_links (linked_to_case_id);

-- Down Migration
DROP TABLE case_links;
