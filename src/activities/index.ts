import type { Pool } from 'pg';
import { createCaseProjectionActivities } from './case-projection';

export interface ActivityDependencies {
  pool: Pool;
}

export function createActivities(deps: ActivityDependencies) {
  return { ...createCaseProjectionActivities(deps.pool) };
}

export type CaseActivities = ReturnType<typeof createActivities>;
