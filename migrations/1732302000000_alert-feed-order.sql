-- Up Migration
-- The live alert stream resumes after the last event a client saw (Last-Event-ID = feed_seq):
-- that is gap-free only if no alert with a smaller feed_seq can still commit later. Alert-writing
-- transactions therefore take one lock from before the row is numbered until they commit, so
-- feed_seq order is commit order (alerts are few; the writes are short).
CREATE FUNCTION alerts_commit_in_feed_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('alerts_feed_seq'));
  RETURN NULL;
END
$$;

CREATE TRIGGER alerts_commit_in_feed_order BEFORE INSERT ON alerts
  FOR EACH STATEMENT EXECUTE FUNCTION alerts_commit_in_feed_order();

-- Each announcement carries the alert's feed_seq too: the stream's event id.
CREATE OR REPLACE FUNCTION alerts_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('alerts', json_build_object('alert_id', NEW.alert_id, 'organisation_id', NEW.organisation_id, 'feed_seq', NEW.feed_seq)::text);
  RETURN NULL;
END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION alerts_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('alerts', json_build_object('alert_id', NEW.alert_id, 'organisation_id', NEW.organisation_id)::text);
  RETURN NULL;
END
$$;
DROP TRIGGER alerts_commit_in_feed_order ON alerts;
DROP FUNCTION alerts_commit_in_feed_order();
