import type { Pool } from 'pg';
import { createAlertActivities, type NotifierConfig } from './alerts';
import { createCaseProjectionActivities } from './case-projection';
import { createDeadlineOutcomeActivities } from './deadline-outcomes';
import { scheduleDeadline } from './deadlines';
import { createMaracRegistryActivities } from './marac-registry';
import { createPartnerGatewayActivities, type PartnerGatewayConfig } from './partner-gateway';
import { createSharingLedgerActivities } from './sharing-ledger';

export interface ActivityDependencies {
  pool: Pool;
  notifier: NotifierConfig;
  partners: PartnerGatewayConfig;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createCaseProjectionActivities(deps.pool),
    ...createAlertActivities(deps.pool, deps.notifier),
    ...createSharingLedgerActivities(deps.pool),
    ...createMaracRegistryActivities(deps.pool),
    ...createDeadlineOutcomeActivities(deps.pool),
    ...createPartnerGatewayActivities(deps.pool, deps.partners),
    async scheduleDeadline(...args: Parameters<typeof scheduleDeadline>) {
      return scheduleDeadline(...args);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
export type { NotifierConfig } from './alerts';
export type { PartnerGatewayConfig } from './partner-gateway';
