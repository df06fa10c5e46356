-- Up Migration
-- The case list shows each case's next open deadline (src/case/repository.ts, listCases): an index
-- of the open deadlines alone, by case and due time, so that look-up reads one index entry per case.
CREATE INDEX deadline_outcomes_open_by_case ON deadline_outcomes (case_id, due_at NULLS LAST, started_at)
  WHERE status IN ('pending', 'overdue');

-- Down Migration
DROP INDEX deadline_outcomes_open_by_case;
