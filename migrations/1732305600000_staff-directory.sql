-- Up Migration
-- The organisation and staff directory (src/directory/), kept by admins through the API, and the
-- on-call rota for urgent escalation. Staff rows already stored keep their values: present, active,
-- no area, no cover.
CREATE TABLE organisations (
  organisation_id    text PRIMARY KEY,
  name               text NOT NULL,
  policy_profile_id  text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE areas (
  organisation_id  text NOT NULL,
  area_id          text NOT NULL,
  name             text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, area_id)
);

CREATE TABLE teams (
  organisation_id  text NOT NULL,
  team_id          text NOT NULL,
  name             text NOT NULL,
  area_id          text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, team_id)
);

-- The repairs manager is a staff role too (escalations of repairs breaches reach them).
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'repairs_manager', 'auditor', 'partner', 'admin'));
-- Checked at commit, so a CSV import may name a line manager or cover on a later row.
ALTER TABLE staff ALTER CONSTRAINT staff_line_manager_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE staff
  ADD COLUMN area_id         text,
  ADD COLUMN absent          boolean NOT NULL DEFAULT false,
  ADD COLUMN cover_staff_id  text REFERENCES staff (staff_id) DEFERRABLE INITIALLY DEFERRED,
  ADD COLUMN gender          text,
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT staff_not_own_manager CHECK (line_manager_id IS DISTINCT FROM staff_id),
  ADD CONSTRAINT staff_not_own_cover CHECK (cover_staff_id IS DISTINCT FROM staff_id);
CREATE INDEX staff_by_area ON staff (organisation_id, area_id, role) WHERE active;

-- Who is on call for an organisation, and when: the `on_call` escalation rung reaches them.
CREATE TABLE on_call_shifts (
  shift_id         uuid PRIMARY KEY,
  organisation_id  text NOT NULL,
  staff_id         text NOT NULL REFERENCES staff (staff_id),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX on_call_by_time ON on_call_shifts (organisation_id, starts_at, ends_at);

-- How the recipients were found when it was not simply the rung's own holders: a cover stood in,
-- nobody was on the rung and the next one was told, nobody on call. Ids and roles only.
ALTER TABLE alerts ADD COLUMN routing_note text;

-- Down Migration
ALTER TABLE alerts DROP COLUMN routing_note;
DROP TABLE on_call_shifts;
DROP INDEX staff_by_area;
ALTER TABLE staff
  DROP CONSTRAINT staff_not_own_cover,
  DROP CONSTRAINT staff_not_own_manager,
  DROP COLUMN updated_at,
  DROP COLUMN gender,
  DROP COLUMN cover_staff_id,
  DROP COLUMN absent,
  DROP COLUMN area_id;
ALTER TABLE staff ALTER CONSTRAINT staff_line_manager_id_fkey NOT DEFERRABLE;
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
  CHECK (role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin'));
DROP TABLE teams;
DROP TABLE areas;
DROP TABLE organisations;
