-- Up Migration
-- The audit log (who did what) and the access log (who read which case), DESIGN §6.
--
-- Both are append-only hash chains enforced here, in the database, so that no application bug
-- can write a broken or rewritten history:
--   * a BEFORE INSERT trigger assigns `seq` (1, 2, 3, … per table, no gaps), `prev_hash` (the
--     previous row's hash, or the genesis value for seq 1), `recorded_at` (the database clock)
--     and `hash`, overriding anything the client sent. Appends serialise on a row lock on the
--     table's chain head (audit_chain_heads), held until the inserting transaction ends, so keep
--     appends in short transactions (READ COMMITTED, the default; under REPEATABLE READ or
--     SERIALIZABLE a concurrent append makes the transaction fail with a serialization error).
--   * UPDATE, DELETE and TRUNCATE are refused for everyone by statement-level triggers (they fire
--     even when no row matches). Only the table owner can get round them (ALTER TABLE … DISABLE
--     TRIGGER), and then `audit verify` finds the broken chain; the chain head also catches rows
--     removed from the end. An owner who rewrites every hash from the tampered row onwards and
--     the head too is caught only by comparing the head hash with a copy kept elsewhere.
--
-- NEVER PERSONAL DATA: `detail` holds ids, codes and reasons only (e.g. {"alertId": "…"},
-- {"reason": "consent_missing"}): no names, contact details, addresses, dates of birth or
-- narrative. These rows can never be corrected or erased, so personal data written here could
-- never be removed either. src/audit/log.ts validates entries before they reach this table.
--
-- Canonical serialisation (version 1), defined here and in src/audit/canonical.ts, which must agree:
--   a JSON array without whitespace whose elements are JSON strings or null, in this order
--     audit_log:  ["audit_log/v1", seq, occurred_at, recorded_at, actor_staff_id, actor_role,
--                  organisation_id, case_id, action, outcome, detail, prev_hash]
--     access_log: ["access_log/v1", seq, occurred_at, recorded_at, actor_staff_id, actor_role,
--                  organisation_id, case_id, resource, prev_hash]
--   seq in decimal; timestamps in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ (six fractional digits);
--   case_id as PostgreSQL prints a uuid (lower case, hyphenated); detail as PostgreSQL prints a
--   jsonb value (detail::text); NULL as null. Strings are escaped as JSON.stringify does: " and \,
--   \b \f \n \r \t, other characters below U+0020 as \u00xx; everything else is literal.
--   hash = lower-case hex SHA-256 of the UTF-8 bytes of that text; the genesis prev_hash is 64 zeros.
--
-- In production the service should connect as a role that does not own these tables, with
--   GRANT SELECT, INSERT ON audit_log, access_log TO <app role>;
--   GRANT SELECT, UPDATE ON audit_chain_heads TO <app role>;  -- appends move the head; direct updates are refused
-- so that it cannot disable the triggers.

-- One row per log: the last appended seq and hash. Appends lock and move it.
CREATE TABLE audit_chain_heads (
  log_table  text PRIMARY KEY CHECK (log_table IN ('audit_log', 'access_log')),
  last_seq   bigint NOT NULL CHECK (last_seq >= 0),
  last_hash  text NOT NULL CHECK (last_hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO audit_chain_heads (log_table, last_seq, last_hash) VALUES
  ('audit_log', 0, repeat('0', 64)),
  ('access_log', 0, repeat('0', 64));

CREATE TABLE audit_log (
  seq              bigint PRIMARY KEY,
  occurred_at      timestamptz NOT NULL DEFAULT now()
                   CHECK (occurred_at BETWEEN '2000-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'),
  recorded_at      timestamptz NOT NULL,
  actor_staff_id   text NOT NULL CHECK (length(actor_staff_id) BETWEEN 1 AND 100),
  -- 'system' is the worker or a workflow acting on its own (escalations, reminders)
  actor_role       text NOT NULL CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin', 'system')),
  organisation_id  text NOT NULL CHECK (length(organisation_id) BETWEEN 1 AND 100),
  case_id          uuid,
  action           text NOT NULL CHECK (length(action) <= 100 AND action ~ '^[a-z][a-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$'),
  outcome          text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
  -- ids and reasons only, never personal data (see above)
  detail           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object' AND octet_length(detail::text) <= 4096),
  prev_hash        text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash             text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_by_case ON audit_log (case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_by_actor ON audit_log (actor_staff_id, occurred_at);
CREATE INDEX audit_log_by_organisation ON audit_log (organisation_id, occurred_at);

CREATE TABLE access_log (
  seq              bigint PRIMARY KEY,
  occurred_at      timestamptz NOT NULL DEFAULT now()
                   CHECK (occurred_at BETWEEN '2000-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'),
  recorded_at      timestamptz NOT NULL,
  actor_staff_id   text NOT NULL CHECK (length(actor_staff_id) BETWEEN 1 AND 100),
  actor_role       text NOT NULL CHECK (actor_role IN ('caseworker', 'manager', 'da_lead', 'head_of_service', 'auditor', 'partner', 'admin')),
  organisation_id  text NOT NULL CHECK (length(organisation_id) BETWEEN 1 AND 100),
  case_id          uuid NOT NULL,
  resource         text NOT NULL CHECK (length(resource) <= 100 AND resource ~ '^[a-z][a-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$'),
  prev_hash        text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash             text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX access_log_by_case ON access_log (case_id, seq);
CREATE INDEX access_log_by_actor ON access_log (actor_staff_id, occurred_at);

-- The canonical text of a list of fields: ["a","b",null]. to_json(text) escapes as JSON.stringify.
CREATE FUNCTION audit_canonical_array(VARIADIC fields text[]) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT '[' || string_agg(coalesce(to_json(field)::text, 'null'), ',' ORDER BY position) || ']'
  FROM unnest(fields) WITH ORDINALITY AS f (field, position)
$$;

CREATE FUNCTION audit_canonical_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

CREATE FUNCTION audit_log_canonical(r audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT audit_canonical_array(
    'audit_log/v1', r.seq::text, audit_canonical_time(r.occurred_at), audit_canonical_time(r.recorded_at),
    r.actor_staff_id, r.actor_role, r.organisation_id, r.case_id::text, r.action, r.outcome, r.detail::text,
    r.prev_hash)
$$;

CREATE FUNCTION access_log_canonical(r access_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT audit_canonical_array(
    'access_log/v1', r.seq::text, audit_canonical_time(r.occurred_at), audit_canonical_time(r.recorded_at),
    r.actor_staff_id, r.actor_role, r.organisation_id, r.case_id::text, r.resource,
    r.prev_hash)
$$;

CREATE FUNCTION audit_sha256_hex(canonical text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT encode(sha256(convert_to(canonical, 'UTF8')), 'hex')
$$;

-- Appends: lock the table's chain head, link the new row to it, hash it, move the head.
-- (BEFORE triggers fire in name order; no other BEFORE INSERT trigger may follow this one.)
CREATE FUNCTION audit_chain_append() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_heads%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_heads WHERE log_table = TG_TABLE_NAME FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION '% has no chain head in audit_chain_heads', TG_TABLE_NAME;
  END IF;
  NEW.seq := head.last_seq + 1;
  NEW.prev_hash := head.last_hash;
  NEW.occurred_at := coalesce(NEW.occurred_at, now());
  NEW.recorded_at := clock_timestamp();
  IF TG_TABLE_NAME = 'audit_log' THEN
    NEW.hash := audit_sha256_hex(audit_log_canonical(NEW::audit_log));
  ELSIF TG_TABLE_NAME = 'access_log' THEN
    NEW.hash := audit_sha256_hex(access_log_canonical(NEW::access_log));
  ELSE
    RAISE EXCEPTION 'audit_chain_append() is not meant for table %', TG_TABLE_NAME;
  END IF;
  IF NEW.hash IS NULL THEN
    RAISE EXCEPTION '% row could not be hashed (a timestamp outside the supported range?)', TG_TABLE_NAME;
  END IF;
  UPDATE audit_chain_heads SET last_seq = NEW.seq, last_hash = NEW.hash WHERE log_table = TG_TABLE_NAME;
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not permitted', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'audit records can never be changed or removed; record a new entry instead';
END
$$;

-- The chain head moves only from inside an append (trigger depth 2: the append trigger, then this one).
CREATE FUNCTION audit_chain_heads_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_chain_heads moves only when audit_log or access_log is appended to: % is not permitted', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_chain_append();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log
  FOR EACH ROW EXECUTE FUNCTION audit_chain_append();
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_chain_heads_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_heads_guard();

-- No role but the owner may change these tables (the triggers stop the owner too).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, access_log, audit_chain_heads FROM PUBLIC;

-- Down Migration
DROP FUNCTION access_log_canonical(access_log);
DROP FUNCTION audit_log_canonical(audit_log);
DROP TABLE access_log;
DROP TABLE audit_log;
DROP TABLE audit_chain_heads;
DROP FUNCTION audit_chain_heads_guard();
DROP FUNCTION audit_refuse_change();
DROP FUNCTION audit_chain_append();
DROP FUNCTION audit_sha256_hex(text);
DROP FUNCTION audit_canonical_time(timestamptz);
DROP FUNCTION audit_canonical_array(text[]);
