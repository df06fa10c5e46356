-- Up Migration
-- The live alert stream (GET /alerts/stream, src/alerts/feed.ts).
--
-- Every stored alert is announced on the `alerts` channel with its ids only; listeners re-read the
-- row through the inbox query, which applies the reader's visibility rules. NOTIFY is delivered
-- when the inserting transaction commits, never for a rolled-back or conflicting (ON CONFLICT DO
-- NOTHING) insert.
CREATE FUNCTION alerts_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('alerts', json_build_object('alert_id', NEW.alert_id, 'organisation_id', NEW.organisation_id)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER alerts_notify AFTER INSERT ON alerts
  FOR EACH ROW EXECUTE FUNCTION alerts_notify();

-- Storage order, for databases where LISTEN cannot be used (the embedded PGlite of `npm start`):
-- the stream then polls for rows with a larger feed_seq. Existing rows are numbered too.
ALTER TABLE alerts ADD COLUMN feed_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX alerts_feed_seq ON alerts (feed_seq);

-- Down Migration
DROP INDEX alerts_feed_seq;
ALTER TABLE alerts DROP COLUMN feed_seq;
DROP TRIGGER alerts_notify ON alerts;
DROP FUNCTION alerts_notify();
