import type { Pool } from 'pg';
import { buildComplianceReport } from '../audit/report';
import type { ReportingPackKind } from '../policy/profile';
import { assemblePack } from './pack';
import { previousCompletePeriod } from './periods';
import { packIdFor, storePack } from './repository';

/** What the pack workflow asks for: an organisation's pack of a kind, for the last complete period before `asOf`. */
export interface ProducePackInput {
  organisationId: string;
  policyProfile: string;
  kind: ReportingPackKind;
  smallCountThreshold: number;
  /** the instant the run stands at (the workflow's start); the pack is for the last complete period before it */
  asOf: string;
}

export interface ProducedPack {
  packId: string;
  period: string;
}

export function createReportingPackActivities(pool: Pool) {
  return {
    /** Computes the pack from the projection, suppresses it and stores it; a rerun for the same period replaces it. */
    async produceReportingPack(input: ProducePackInput): Promise<ProducedPack> {
      const period = previousCompletePeriod(input.kind, input.asOf);
      const [report, packId] = await Promise.all([
        buildComplianceReport(pool, { from: period.from, to: period.to, organisationId: input.organisationId }),
        packIdFor(pool, input.organisationId, period),
      ]);
      const pack = assemblePack({
        packId,
        organisationId: input.organisationId,
        policyProfile: input.policyProfile,
        period,
        threshold: input.smallCountThreshold,
        generatedAt: new Date().toISOString(),
        cases: report.cases[0]!,
        compliance: report.groups,
      });
      return { packId: await storePack(pool, pack), period: period.label };
    },
  };
}

export type ReportingPackActivities = ReturnType<typeof createReportingPackActivities>;
