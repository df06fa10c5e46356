import type { Pool } from 'pg';
import { deadlineOutcomeRows, recordDeadlineOutcomes, type DeadlineOutcomeSource } from '../audit/report';

export function createDeadlineOutcomeActivities(pool: Pool) {
  return {
    /** How each deadline of a case or child stands, for the compliance report; a newer status wins. */
    async projectDeadlineOutcomes(source: DeadlineOutcomeSource): Promise<void> {
      await recordDeadlineOutcomes(pool, deadlineOutcomeRows(source));
    },
  };
}
