import type { Pool } from 'pg';
import { createAlertActivities, type NotifierConfig } from './alerts/activities';
import { createCaseProjectionActivities } from './case/activities';
import { createDeadlineOutcomeActivities } from './deadlines/outcomes';
import { scheduleActivities } from './deadlines/schedule';
import { createMaracRegistryActivities } from './children/marac/activities';
import { createPartnerGatewayActivities, type PartnerGatewayConfig } from './children/partner-gateway';
import { createSharingLedgerActivities } from './sharing/activities';
import { createArchiveActivities } from './archive/activities';
import { createRetentionActivities } from './privacy/retention-activities';
import { createReportingPackActivities } from './reporting/activities';

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
    ...scheduleActivities,
    ...createArchiveActivities(deps.pool),
    ...createRetentionActivities(deps.pool),
    ...createReportingPackActivities(deps.pool),
  };
}
export type { NotifierConfig } from './alerts/activities';
export type { PartnerGatewayConfig } from './children/partner-gateway';
