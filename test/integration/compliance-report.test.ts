import { randomUUID } from 'node:crypto';
import { EXIT_OK, EXIT_USAGE } from '../../src/audit/cli';
import { runAudit } from '../support/audit-cli';
import { buildComplianceReport, reportPeriod, type ComplianceGroup } from '../../src/audit/report';
import { toCsv } from '../../src/audit/csv';
import { deadlineOutcomeRows, recordDeadlineOutcomes, type DeadlineOutcomeRow } from '../../src/deadlines/outcomes';
import type { Deadline } from '../../src/deadlines/deadline';
import { createTestDatabase, type TestDatabase } from '../support/database';

const cli = runAudit;

const caseA = randomUUID();
const caseB = randomUUID();
const caseC = randomUUID(); // another organisation
const caseD = randomUUID(); // alerts only: its case was never projected

const org = {
  stonewater: { organisationId: 'stonewater', policyProfile: 'stonewater' },
  ssj: { organisationId: 'ssj', policyProfile: 'ssj' },
};

/** A deadline outcome: `due` and `done` are instants; status as the workflow last reported it. */
function outcome(
  caseId: string,
  workflow: string,
  deadlineId: string,
  status: DeadlineOutcomeRow['status'],
  times: { started: string; due: string | null; done?: string },
  escalatedRungs: string[] = [],
  owner = org.stonewater,
): DeadlineOutcomeRow {
  return {
    workflowId: `case-${caseId}${workflow}`,
    deadlineId,
    caseId,
    ...owner,
    task: deadlineId.split('#')[0]!,
    startedAt: times.started,
    dueAt: times.due,
    status,
    completedAt: times.done ?? null,
    escalatedRungs,
  };
}

describe('deadline outcomes and the compliance report', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const stored = async (workflowId: string, deadlineId: string) =>
    (
      await db.pool.query(
        `SELECT status, due_at, completed_at, escalated_rungs FROM deadline_outcomes WHERE workflow_id = $1 AND deadline_id = $2`,
        [workflowId, deadlineId],
      )
    ).rows[0];

  describe('recordDeadlineOutcomes', () => {
    const caseId = randomUUID();
    const base = outcome(caseId, '', 'initialContact#1', 'pending', { started: '2027-01-04T10:00:00.000Z', due: null });

    it('upserts, letting a newer status win and filling in what becomes known', async () => {
      expect(await recordDeadlineOutcomes(db.pool, [base])).toBe(1);
      expect(await stored(base.workflowId, base.deadlineId)).toEqual({
        status: 'pending',
        due_at: null,
        completed_at: null,
        escalated_rungs: [],
      });

      await recordDeadlineOutcomes(db.pool, [{ ...base, dueAt: '2027-01-05T17:00:00.000Z' }]);
      await recordDeadlineOutcomes(db.pool, [
        { ...base, dueAt: '2027-01-05T17:00:00.000Z', status: 'overdue', escalatedRungs: ['line_manager'] },
      ]);
      await recordDeadlineOutcomes(db.pool, [
        { ...base, dueAt: '2027-01-05T17:00:00.000Z', status: 'overdue', escalatedRungs: ['line_manager', 'da_lead'] },
      ]);
      await recordDeadlineOutcomes(db.pool, [
        {
          ...base,
          dueAt: '2027-01-05T17:00:00.000Z',
          status: 'met_late',
          completedAt: '2027-01-06T09:00:00.000Z',
          escalatedRungs: ['line_manager', 'da_lead'],
        },
      ]);
      const settled = {
        status: 'met_late',
        due_at: new Date('2027-01-05T17:00:00.000Z'),
        completed_at: new Date('2027-01-06T09:00:00.000Z'),
        escalated_rungs: ['line_manager', 'da_lead'],
      };
      expect(await stored(base.workflowId, base.deadlineId)).toEqual(settled);

      // a late, stale write (a retried activity from before) never reopens it
      expect(
        await recordDeadlineOutcomes(db.pool, [{ ...base, status: 'overdue', escalatedRungs: ['line_manager'] }]),
      ).toBe(0);
      expect(await recordDeadlineOutcomes(db.pool, [base])).toBe(0);
      expect(await stored(base.workflowId, base.deadlineId)).toEqual(settled);
    });

    it('takes the most advanced of several writes for one deadline in one call, and writes nothing when a row is invalid', async () => {
      const other = { ...base, deadlineId: 'dashAssessment#1', task: 'dashAssessment' };
      await recordDeadlineOutcomes(db.pool, [
        { ...other, status: 'overdue', dueAt: '2027-01-06T17:00:00.000Z' },
        { ...other, status: 'met_late', dueAt: '2027-01-06T17:00:00.000Z', completedAt: '2027-01-07T10:00:00.000Z' },
        { ...other, status: 'pending' },
      ]);
      expect((await stored(other.workflowId, other.deadlineId)).status).toBe('met_late');

      const fresh = { ...base, deadlineId: 'safetyPlan#1', task: 'safetyPlan' };
      await expect(
        recordDeadlineOutcomes(db.pool, [fresh, { ...fresh, deadlineId: 'x#1', status: 'done' as never }]),
      ).rejects.toThrow(/deadline outcome 1: status/);
      await expect(recordDeadlineOutcomes(db.pool, [{ ...fresh, caseId: 'not-a-uuid' }])).rejects.toThrow(/caseId/);
      expect(await stored(fresh.workflowId, fresh.deadlineId)).toBeUndefined();
      expect(await recordDeadlineOutcomes(db.pool, [])).toBe(0);
    });

    it("maps a workflow's deadlines to rows (what the projection activity sends)", () => {
      const deadlines: Deadline[] = [
        {
          id: 'repairCompletion#1',
          task: 'repairCompletion',
          startedAt: '2027-01-04T10:00:00.000Z',
          timescale: { unit: 'calendar_hours', amount: 24 },
          schedule: {
            dueAt: '2027-01-05T10:00:00.000Z',
            reminderAt: '2027-01-05T06:00:00.000Z',
            rule: '24 calendar hours',
            calendarVersion: 'test',
            rungs: [],
          },
          status: 'overdue',
          escalations: [{ rung: 'repairs_manager', alertId: randomUUID(), at: '2027-01-05T10:00:00.000Z' }],
        },
        {
          id: 'informSurvivorOfRepairDelay#1',
          task: 'informSurvivorOfRepairDelay',
          startedAt: '2027-01-04T12:00:00.000Z',
          status: 'pending',
          escalations: [],
        },
      ];
      expect(
        deadlineOutcomeRows({
          workflowId: `case-${caseId}/repairs-1`,
          caseId,
          organisationId: 'stonewater',
          policyProfile: 'stonewater',
          deadlines,
        }),
      ).toEqual([
        {
          workflowId: `case-${caseId}/repairs-1`,
          deadlineId: 'repairCompletion#1',
          caseId,
          organisationId: 'stonewater',
          policyProfile: 'stonewater',
          task: 'repairCompletion',
          startedAt: '2027-01-04T10:00:00.000Z',
          dueAt: '2027-01-05T10:00:00.000Z',
          status: 'overdue',
          completedAt: null,
          escalatedRungs: ['repairs_manager'],
        },
        expect.objectContaining({
          deadlineId: 'informSurvivorOfRepairDelay#1',
          dueAt: null,
          status: 'pending',
          escalatedRungs: [],
        }),
      ]);
    });
  });

  describe('buildComplianceReport for March 2027', () => {
    beforeAll(async () => {
      // the case projection, which names each case's policy profile
      for (const [caseId, owner] of [
        [caseA, org.stonewater],
        [caseB, org.stonewater],
        [caseC, org.ssj],
      ] as const) {
        await db.pool.query(
          `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level, case_officer_id, team_id,
                              breached, opened_at, updated_at, state_version)
           VALUES ($1, $2, $3, $4, '1.0.0', 'open', 'high', 'officer-ada', 'team-north', false, '2027-03-01T09:00:00Z', '2027-03-01T09:00:00Z', 1)`,
          [caseId, `case-${caseId}`, owner.organisationId, owner.policyProfile],
        );
      }

      const day = (d: number, time = '10:00:00') => `2027-03-${String(d).padStart(2, '0')}T${time}.000Z`;
      await recordDeadlineOutcomes(db.pool, [
        outcome(caseA, '', 'initialContact#1', 'met', {
          started: day(1),
          due: day(2, '17:00:00'),
          done: day(1, '15:00:00'),
        }),
        outcome(caseB, '', 'initialContact#1', 'met_late', { started: day(2), due: day(3, '17:00:00'), done: day(4) }, [
          'line_manager',
        ]),
        outcome(
          caseC,
          '',
          'initialContact#1',
          'overdue',
          { started: day(3), due: day(4, '17:00:00') },
          ['line_manager', 'da_lead'],
          org.ssj,
        ),
        outcome(caseA, '', 'dashAssessment#1', 'met', { started: day(1), due: day(3, '17:00:00'), done: day(2) }),
        outcome(caseB, '', 'dashAssessment#1', 'overdue', { started: day(2), due: day(4, '17:00:00') }, [
          'line_manager',
          'da_lead',
          'head_of_service',
        ]),
        outcome(caseA, '', 'consentDecision#1', 'cancelled', {
          started: day(8),
          due: day(10, '17:00:00'),
          done: day(9),
        }),
        // due at 23:30 BST on the last day of the period: inside it
        outcome(caseA, '', 'managerReview#1', 'pending', { started: day(3), due: '2027-03-31T22:30:00.000Z' }),
        // just outside the period at either end, in UK time: 23:30 GMT on 28 February, 00:30 BST on 1 April
        outcome(caseA, '', 'riskReassessment#1', 'met', {
          started: '2027-01-03T10:00:00.000Z',
          due: '2027-02-28T23:30:00.000Z',
          done: '2027-02-20T10:00:00.000Z',
        }),
        outcome(caseB, '', 'riskReassessment#1', 'met', {
          started: '2027-02-03T10:00:00.000Z',
          due: '2027-03-31T23:30:00.000Z',
          done: '2027-03-20T10:00:00.000Z',
        }),
        outcome(caseA, '/marac-1', 'maracSubmission#1', 'met', {
          started: day(2),
          due: day(3, '17:00:00'),
          done: day(3),
        }),
        outcome(
          caseA,
          '/marac-1',
          'maracAction#1',
          'met_late',
          { started: day(12), due: day(19, '17:00:00'), done: day(22) },
          ['line_manager'],
        ),

        // repairs: done in 10 hours; delayed and done late; still open; settled when the case closed
        outcome(caseA, '/repairs-1', 'repairCompletion#1', 'met', {
          started: day(5),
          due: day(6),
          done: day(5, '20:00:00'),
        }),
        outcome(caseB, '/repairs-1', 'repairCompletion#1', 'cancelled', {
          started: day(6),
          due: day(7),
          done: day(6, '12:00:00'),
        }),
        outcome(
          caseB,
          '/repairs-1',
          'repairCompletion#2',
          'met_late',
          { started: day(6, '12:00:00'), due: day(7, '18:00:00'), done: day(8, '09:00:00') },
          ['repairs_manager', 'da_lead'],
        ),
        outcome(caseB, '/repairs-1', 'informSurvivorOfRepairDelay#1', 'met', {
          started: day(6, '12:00:00'),
          due: day(7, '17:00:00'),
          done: day(6, '15:00:00'),
        }),
        outcome(caseA, '/repairs-2', 'repairCompletion#1', 'overdue', { started: day(20), due: day(21) }, [
          'repairs_manager',
        ]),
        outcome(caseB, '/repairs-2', 'repairCompletion#1', 'cancelled', {
          started: day(21),
          due: day(22),
          done: day(21, '18:00:00'),
        }),

        // rehousing: placed the same day and moved on the date set (after a change of date); placed late, move pending
        outcome(caseA, '/rehousing-1', 'temporaryAccommodation#1', 'met', {
          started: day(10),
          due: day(10, '23:59:59'),
          done: day(10, '16:00:00'),
        }),
        outcome(caseA, '/rehousing-1', 'move#1', 'cancelled', {
          started: day(15),
          due: day(25, '17:00:00'),
          done: day(18),
        }),
        outcome(caseA, '/rehousing-1', 'move#2', 'met', {
          started: day(18),
          due: day(29, '16:00:00'),
          done: day(29, '12:00:00'),
        }),
        outcome(caseB, '/rehousing-1', 'temporaryAccommodation#1', 'met_late', {
          started: day(12),
          due: day(12, '23:59:59'),
          done: day(13, '09:00:00'),
        }),
        outcome(caseB, '/rehousing-1', 'move#1', 'pending', { started: day(20), due: '2027-04-15T16:00:00.000Z' }),
      ]);

      const alert = (caseId: string, organisationId: string, kind: string, rung: string | null, raisedAt: string) =>
        db.pool.query(
          `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, rung, recipient_role, recipient_title, raised_at)
           VALUES ($1, $2, $3, $4, 'initialContact', $5, $6, 'Title', $7)`,
          [randomUUID(), caseId, organisationId, kind, rung, rung ?? 'case_officer', raisedAt],
        );
      await alert(caseA, 'stonewater', 'escalation', 'line_manager', '2027-03-03T17:00:00Z');
      await alert(caseB, 'stonewater', 'escalation', 'line_manager', '2027-03-04T17:00:00Z');
      await alert(caseB, 'stonewater', 'escalation', 'da_lead', '2027-03-05T17:00:00Z');
      await alert(caseA, 'stonewater', 'reminder', null, '2027-03-03T13:00:00Z');
      await alert(caseA, 'stonewater', 'escalation', 'line_manager', '2027-02-27T17:00:00Z'); // before the period
      await alert(caseD, 'stonewater', 'escalation', 'head_of_service', '2027-03-06T17:00:00Z');
      await alert(caseC, 'ssj', 'escalation', 'line_manager', '2027-03-04T17:00:00Z');
      await alert(caseC, 'ssj', 'escalation', 'da_lead', '2027-03-05T17:00:00Z');

      const referral = (caseId: string, organisationId: string, referredAt: string, repeat: boolean) =>
        db.pool.query(
          `INSERT INTO marac_referrals (referral_id, case_id, organisation_id, survivor_key, referred_at, repeat_referral) VALUES ($1, $2, $3, 'key', $4, $5)`,
          [randomUUID(), caseId, organisationId, referredAt, repeat],
        );
      await referral(caseA, 'stonewater', '2027-03-03T10:00:00Z', false);
      await referral(caseB, 'stonewater', '2027-03-15T10:00:00Z', true);
      await referral(caseB, 'stonewater', '2027-04-02T10:00:00Z', true); // after the period

      const release = (caseId: string, organisationId: string, basis: string, releasedAt: string) =>
        db.pool.query(
          `INSERT INTO information_releases (case_id, request_id, organisation_id, agency, purpose, data_categories, basis, consent_id, approved_by, released_by, released_at, tell_survivor)
           VALUES ($1, $2, $3, 'Agency', 'purpose', '{risk}', $4, $5, $6, 'officer-ada', $7, true)`,
          [
            caseId,
            randomUUID(),
            organisationId,
            basis,
            basis === 'consent' ? 'consent-1' : null,
            basis === 'consent' ? null : 'mgr-bea',
            releasedAt,
          ],
        );
      await release(caseA, 'stonewater', 'consent', '2027-03-04T10:00:00Z');
      await release(caseB, 'stonewater', 'high_risk_marac', '2027-03-09T10:00:00Z');
      await release(caseA, 'stonewater', 'safeguarding_child', '2027-03-10T10:00:00Z');
      await release(caseB, 'stonewater', 'high_risk_marac', '2027-03-11T10:00:00Z');
      await release(caseA, 'stonewater', 'legal_duty', '2027-02-10T10:00:00Z'); // before the period
      await release(caseC, 'ssj', 'legal_duty', '2027-03-11T10:00:00Z');
    });

    const march = { from: '2027-03-01', to: '2027-03-31' };
    const groupOf = (groups: ComplianceGroup[], organisationId: string, policyProfile: string) =>
      groups.find((group) => group.organisationId === organisationId && group.policyProfile === policyProfile)!;

    it('counts each timescale by outcome, with its on-time rate, per organisation and profile, in UK days', async () => {
      const report = await buildComplianceReport(db.pool, march, { now: () => new Date('2027-04-01T09:00:00Z') });
      expect(report.period).toEqual({
        from: '2027-03-01',
        to: '2027-03-31',
        timeZone: 'Europe/London',
        startsAt: '2027-03-01T00:00:00.000Z',
        endsBefore: '2027-03-31T23:00:00.000Z',
      });
      expect(report.generatedAt).toBe('2027-04-01T09:00:00.000Z');
      expect(report.groups.map((group) => `${group.organisationId}/${group.policyProfile}`)).toEqual([
        'ssj/ssj',
        'stonewater/stonewater',
        'stonewater/unknown',
      ]);

      const stonewater = groupOf(report.groups, 'stonewater', 'stonewater');
      expect(stonewater.timescales.initialContact).toEqual({
        deadlines: 2,
        met: 1,
        metLate: 1,
        overdue: 0,
        pending: 0,
        cancelled: 0,
        escalated: 1,
        onTimeRate: 0.5,
      });
      expect(stonewater.timescales.dashAssessment).toEqual({
        deadlines: 2,
        met: 1,
        metLate: 0,
        overdue: 1,
        pending: 0,
        cancelled: 0,
        escalated: 1,
        onTimeRate: 0.5,
      });
      expect(stonewater.timescales.consentDecision).toMatchObject({ deadlines: 1, cancelled: 1, onTimeRate: null });
      expect(stonewater.timescales.managerReview).toMatchObject({ deadlines: 1, pending: 1, onTimeRate: null });
      expect(stonewater.timescales.riskReassessment).toMatchObject({ deadlines: 0, onTimeRate: null });
      expect(stonewater.timescales.maracSubmission).toMatchObject({ deadlines: 1, met: 1, onTimeRate: 1 });
      expect(stonewater.timescales.maracAction).toMatchObject({
        deadlines: 1,
        metLate: 1,
        escalated: 1,
        onTimeRate: 0,
      });
      expect(stonewater.timescales.repairCompletion).toEqual({
        deadlines: 5,
        met: 1,
        metLate: 1,
        overdue: 1,
        pending: 0,
        cancelled: 2,
        escalated: 2,
        onTimeRate: 0.3333,
      });
      expect(stonewater.timescales.informSurvivorOfRepairDelay).toMatchObject({ deadlines: 1, met: 1, onTimeRate: 1 });
      expect(stonewater.timescales.temporaryAccommodation).toMatchObject({
        deadlines: 2,
        met: 1,
        metLate: 1,
        onTimeRate: 0.5,
      });
      expect(stonewater.timescales.move).toMatchObject({ deadlines: 2, met: 1, cancelled: 1, onTimeRate: 1 });
      expect(Object.keys(stonewater.timescales)).toHaveLength(17); // every task: the safety-plan review, the safeguarding referral's two, the serious-incident report and perpetrator action included

      const ssj = groupOf(report.groups, 'ssj', 'ssj');
      expect(ssj.timescales.initialContact).toMatchObject({ deadlines: 1, overdue: 1, escalated: 1, onTimeRate: 0 });
      expect(ssj.timescales.dashAssessment.deadlines).toBe(0);
    });

    it('counts escalations by rung, MARAC referrals and repeats, repairs within 24 hours, rehousing outcomes and releases without consent by basis', async () => {
      const { groups } = await buildComplianceReport(db.pool, march);
      const stonewater = groupOf(groups, 'stonewater', 'stonewater');
      expect(stonewater.escalations).toEqual({
        total: 3,
        byRung: {
          line_manager: 2,
          da_lead: 1,
          head_of_service: 0,
          repairs_manager: 0,
          safeguarding_lead: 0,
          on_call: 0,
        },
      });
      expect(groupOf(groups, 'stonewater', 'unknown').escalations).toMatchObject({
        total: 1,
        byRung: { head_of_service: 1 },
      });
      expect(groupOf(groups, 'ssj', 'ssj').escalations).toMatchObject({
        total: 2,
        byRung: { line_manager: 1, da_lead: 1 },
      });

      expect(stonewater.marac).toEqual({ referrals: 2, repeatReferrals: 1, repeatRate: 0.5 });
      expect(groupOf(groups, 'ssj', 'ssj').marac).toEqual({ referrals: 0, repeatReferrals: 0, repeatRate: null });

      expect(stonewater.repairs).toEqual({
        orders: 4,
        completed: 2,
        completedWithin24Hours: 1,
        open: 1,
        settledWithoutCompletion: 1,
        within24HoursRate: 0.3333,
      });
      expect(stonewater.rehousing).toEqual({
        workflows: 2,
        moved: 1,
        movedOnScheduledDate: 1,
        inProgress: 1,
        endedWithoutMove: 0,
        temporaryAccommodationPlaced: 2,
        temporaryAccommodationSameDay: 1,
      });

      expect(stonewater.releases).toEqual({
        withConsent: 1,
        withoutConsent: 3,
        withoutConsentByBasis: {
          safeguarding_child: 1,
          safeguarding_adult_at_risk: 0,
          high_risk_marac: 2,
          legal_duty: 0,
          prevention_of_crime_or_vital_interests: 0,
        },
      });
      expect(groupOf(groups, 'ssj', 'ssj').releases).toMatchObject({
        withConsent: 0,
        withoutConsent: 1,
        withoutConsentByBasis: { legal_duty: 1 },
      });
    });

    it('reports one organisation when asked, and nothing for a period without activity', async () => {
      const ssjOnly = await buildComplianceReport(db.pool, { ...march, organisationId: 'ssj' });
      expect(ssjOnly.organisationId).toBe('ssj');
      expect(ssjOnly.groups.map((group) => group.organisationId)).toEqual(['ssj']);
      expect((await buildComplianceReport(db.pool, { from: '2026-01-01', to: '2026-01-31' })).groups).toEqual([]);
      // February: the escalation, the release, and the reassessment due 23:30 GMT on the 28th
      const february = await buildComplianceReport(db.pool, { from: '2027-02-01', to: '2027-02-28' });
      const stonewater = groupOf(february.groups, 'stonewater', 'stonewater');
      expect(stonewater.timescales.riskReassessment).toMatchObject({ deadlines: 1, met: 1 });
      expect(stonewater.escalations.total).toBe(1);
      expect(stonewater.releases.withoutConsentByBasis.legal_duty).toBe(1);
      await expect(buildComplianceReport(db.pool, { from: '2027-03-31', to: '2027-03-01' })).rejects.toThrow(
        'to: must not be before --from',
      );
      expect(reportPeriod('2027-10-31', '2027-10-31')).toEqual({
        startsAt: new Date('2027-10-30T23:00:00.000Z'),
        endsBefore: new Date('2027-11-01T00:00:00.000Z'),
      });
    });

    it('writes CSV in long form, one measure per line', async () => {
      const report = await buildComplianceReport(db.pool, march);
      const csv = toCsv(report);
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('period_from,period_to,organisation_id,policy_profile,section,item,measure,value');
      expect(lines.at(-1)).toBe('');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,timescale,initialContact,on_time_rate,0.5');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,timescale,consentDecision,on_time_rate,');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,timescale,repairCompletion,met_late,1');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,escalations,line_manager,count,2');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,marac,all,repeat_referrals,1');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,repairs,all,completed_within24_hours,1');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,stonewater,rehousing,all,moved,1');
      expect(lines).toContain(
        '2027-03-01,2027-03-31,stonewater,stonewater,releases_without_consent,high_risk_marac,count,2',
      );
      expect(lines).toContain('2027-03-01,2027-03-31,ssj,ssj,releases_without_consent,legal_duty,count,1');
      // the case figures (issue 15), per organisation across its profiles; these cases predate report facts
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,all,cases.volumes,all,opened,2');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,all,cases.volumes,high,by_risk,2');
      expect(lines).toContain('2027-03-01,2027-03-31,stonewater,all,cases.volumes,unknown,by_channel,2');
      expect(lines).toContain('2027-03-01,2027-03-31,ssj,all,cases.firstContact,unknown,bands,1');
      expect(lines.every((line) => line === '' || line.split(',').length === 8)).toBe(true);

      // quoting, and text a spreadsheet would run as a formula
      const tricky = toCsv({
        ...report,
        groups: [{ ...report.groups[0]!, organisationId: '=HYPERLINK("x")', policyProfile: 'a,b' }],
      });
      expect(tricky.split('\r\n')[1]).toMatch(/^2027-03-01,2027-03-31,"'=HYPERLINK\(""x""\)","a,b",timescale,/);
    });

    it('is printed by `audit report` as JSON or CSV, with clear errors and exit code 2 for bad options', async () => {
      const env = { DATABASE_URL: db.url };
      const json = await cli(
        ['report', '--from', '2027-03-01', '--to', '2027-03-31', '--organisation', 'stonewater'],
        env,
      );
      expect(json.code).toBe(EXIT_OK);
      const parsed = JSON.parse(json.out.join('\n'));
      expect(parsed.groups.map((group: ComplianceGroup) => group.policyProfile)).toEqual(['stonewater', 'unknown']);
      expect(parsed.groups[0].timescales.initialContact.onTimeRate).toBe(0.5);

      const csv = await cli(['report', '--from', '2027-03-01', '--to', '2027-03-31', '--format', 'csv'], env);
      expect(csv.code).toBe(EXIT_OK);
      expect(csv.out.join('\n').split('\r\n')[0]).toBe(
        'period_from,period_to,organisation_id,policy_profile,section,item,measure,value',
      );

      expect(await cli(['report', '--to', '2027-03-31'], env)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('--from: is required (YYYY-MM-DD)'),
      });
      expect(await cli(['report', '--from', '2027-02-30', '--to', '2027-03-31'], env)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('--from: expected a date written YYYY-MM-DD'),
      });
      expect(await cli(['report', '--from', '2027-03-31', '--to', '2027-03-01'], env)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('--to: must not be before --from'),
      });
      expect(
        await cli(['report', '--from', '2027-03-01', '--to', '2027-03-31', '--format', 'xlsx'], env),
      ).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining('--format: must be json or csv') });
      expect(await cli(['report', '--from', '2027-03-01', '--to', '2027-03-31'], {})).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('DATABASE_URL is not set'),
      });
      expect(await cli(['report', 'march'], env)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining("Unexpected argument 'march'"),
      });
    });
  });
});
