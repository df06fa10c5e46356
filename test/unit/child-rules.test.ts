import {
  actionCompletionRefusals,
  isMaracDeadlineMet,
  maracActionsDone,
  maracStatus,
  meetingDateRefusals,
  outcomeRefusals,
} from '../../src/children/marac/rules';
import type { MaracReferralState } from '../../src/children/marac/state';
import {
  localAuthorityDecisionRefusals,
  moveDateRefusals,
  offerRefusals,
  rehousingActionRefusals,
  rehousingDone,
  rehousingStatus,
} from '../../src/children/rehousing/rules';
import type { RehousingState } from '../../src/children/rehousing/state';
import {
  contractorUpdateRefusals,
  isRepairsDeadlineMet,
  repairsDone,
  repairsStatus,
  survivorToldOfDelayRefusals,
} from '../../src/children/repairs/rules';
import type { RepairsState } from '../../src/children/repairs/state';
import type { SurvivorToldOfDelayCommand } from '../../src/children/repairs/commands';
import type { Deadline } from '../../src/deadlines/deadline';

const requestedAt = '2025-03-03T09:00:00.000Z';
const now = '2025-03-04T09:00:00.000Z';
const messages = (refusals: { message: string }[]) => refusals.map((refusal) => refusal.message);
const deadline = (task: string, overrides: Partial<Deadline> = {}): Deadline =>
  ({ id: `${task}-1`, task, startedAt: requestedAt, status: 'pending', escalations: [], ...overrides }) as Deadline;

describe('a MARAC referral', () => {
  const preparing = (): MaracReferralState => ({
    referralId: 'referral-1',
    reason: 'high_risk_assessment',
    referredAt: requestedAt,
    status: 'preparing',
    deadlines: [],
    alerts: [],
  });
  const submitted = (): MaracReferralState => ({
    ...preparing(),
    submission: {
      at: requestedAt,
      by: 'staff-1',
      area: 'Leeds',
      survivorInformed: true,
      delivery: { channel: 'manual' },
    },
  });
  const withOutcome = (completedAt?: string): MaracReferralState => ({
    ...submitted(),
    meeting: { date: '2025-03-10', recordedAt: now, earlierDates: [] },
    outcome: {
      recordedAt: now,
      actions: [
        {
          actionId: 'action-1',
          description: 'Sanctuary scheme',
          dueDate: '2025-03-20',
          ...(completedAt ? { completedAt } : {}),
        },
      ],
    },
  });

  it('moves from preparing to completed as each step is recorded, and is settled when the case closes', () => {
    expect(maracStatus(preparing())).toBe('preparing');
    expect(maracStatus(submitted())).toBe('submitted');
    expect(maracStatus({ ...submitted(), meeting: { date: '2025-03-10', recordedAt: now, earlierDates: [] } })).toBe(
      'meeting_scheduled',
    );
    expect(maracStatus(withOutcome())).toBe('actions_open');
    expect(maracStatus(withOutcome(now))).toBe('completed');
    expect(maracStatus({ ...withOutcome(), settled: { at: now, reason: 'case_closed' } })).toBe('settled');
  });

  it('is done only when every action the MARAC gave us is completed', () => {
    expect(maracActionsDone(submitted())).toBe(false);
    expect(maracActionsDone(withOutcome())).toBe(false);
    expect(maracActionsDone(withOutcome(now))).toBe(true);
    expect(isMaracDeadlineMet(deadline('maracAction', { subjectId: 'action-1' }), withOutcome(now))).toBe(true);
    expect(isMaracDeadlineMet(deadline('maracSubmission'), preparing())).toBe(false);
  });

  it('takes a meeting date only for a submitted referral, on a date that can be meant', () => {
    expect(messages(meetingDateRefusals(preparing(), '2025-03-10', now))).toEqual([
      'the referral has not been submitted yet',
    ]);
    expect(meetingDateRefusals(submitted(), '2025-03-10', now)).toEqual([]);
    expect(meetingDateRefusals(submitted(), '2025-03-01', now)).toEqual([
      { type: 'InvalidCommand', message: `meetingDate: must be after the request (${requestedAt})` },
    ]);
    expect(messages(meetingDateRefusals(withOutcome(), '2025-03-12', now))).toEqual([
      'the meeting has already happened: its outcome is recorded',
    ]);
  });

  it('answers a repeated outcome but refuses a different one', () => {
    const recorded = withOutcome();
    expect(
      outcomeRefusals(
        recorded,
        [{ actionId: 'action-1', description: 'Sanctuary scheme', dueDate: '2025-03-20' }],
        now,
      ),
    ).toEqual([]);
    expect(messages(outcomeRefusals(recorded, [], now))).toEqual([
      `a different outcome was already recorded at ${now}`,
    ]);
  });

  it('completes an action once', () => {
    expect(actionCompletionRefusals(withOutcome(), 'action-1')).toEqual([]);
    expect(messages(actionCompletionRefusals(withOutcome(now), 'action-1'))).toEqual([
      `this action was completed at ${now}`,
    ]);
    expect(messages(actionCompletionRefusals(withOutcome(), 'action-2'))).toEqual([
      'no MARAC action action-2 is assigned to us',
    ]);
  });
});

describe('emergency repairs', () => {
  const ordered = (): RepairsState => ({
    orderId: 'order-1',
    requestedAt,
    works: ['new locks'],
    status: 'ordered',
    chargeToSurvivorPence: 0,
    delays: [],
    deadlines: [],
    alerts: [],
  });
  const completion = { completedAt: now, evidenceReference: 'photo-1', recordedAt: now };

  it('is done only when the contractor has completed and the survivor is satisfied', () => {
    expect(repairsStatus(ordered())).toBe('ordered');
    expect(
      repairsStatus({
        ...ordered(),
        delays: [{ reportedAt: now, newCompletionBy: '2025-03-05T17:00:00.000Z', reason: 'parts' }],
      }),
    ).toBe('delayed');
    const awaiting = { ...ordered(), contractorCompletion: completion };
    expect(repairsStatus(awaiting)).toBe('awaiting_survivor_confirmation');
    expect(repairsDone(awaiting)).toBe(false);
    const unhappy = { ...awaiting, survivorConfirmation: { at: now, by: 'staff-1', satisfied: false } };
    expect(repairsDone(unhappy)).toBe(false);
    const confirmed = { ...awaiting, survivorConfirmation: { at: now, by: 'staff-1', satisfied: true } };
    expect(repairsDone(confirmed)).toBe(true);
    expect(repairsStatus(confirmed)).toBe('completed');
  });

  it('counts telling the survivor of a delay only for that delay', () => {
    const told = {
      ...ordered(),
      delays: [
        {
          reportedAt: now,
          newCompletionBy: '2025-03-05T17:00:00.000Z',
          reason: 'parts',
          survivorTold: { at: now, by: 'staff-1', channel: 'phone' },
        },
      ],
    };
    expect(isRepairsDeadlineMet(deadline('informSurvivorOfRepairDelay', { startedAt: now }), told)).toBe(true);
    expect(isRepairsDeadlineMet(deadline('informSurvivorOfRepairDelay', { startedAt: requestedAt }), told)).toBe(false);
    const byPhone: SurvivorToldOfDelayCommand = {
      actor: { staffId: 'staff-1', role: 'caseworker' },
      channel: 'phone',
      safeContact: { channels: ['phone'], lettersSafe: false, voicemailSafe: false },
    };
    expect(messages(survivorToldOfDelayRefusals(told, byPhone))).toEqual([
      `the survivor was told of this delay at ${now}`,
    ]);
    expect(messages(survivorToldOfDelayRefusals(ordered(), byPhone))).toEqual(['the contractor has reported no delay']);
    const delayed = { ...told, delays: [{ ...told.delays[0]!, survivorTold: undefined }] };
    expect(survivorToldOfDelayRefusals(delayed, byPhone)).toEqual([]);
    // held to the survivor's safe-contact profile, as the case holds it
    expect(messages(survivorToldOfDelayRefusals(delayed, { ...byPhone, leftVoicemail: true }))).toEqual([
      'voicemail is not safe for the survivor: use a safe channel, or a manager may override with a recorded justification',
    ]);
    expect(messages(survivorToldOfDelayRefusals(delayed, { ...byPhone, safeContact: undefined }))).toEqual([
      'safeContact: the case’s safe-contact profile is needed',
    ]);
  });

  it('takes nothing from the contractor after the works are complete except that completion again', () => {
    const complete = { ...ordered(), contractorCompletion: completion };
    expect(
      contractorUpdateRefusals(complete, { outcome: 'completed', completedAt: now, evidenceReference: 'photo-1' }, now),
    ).toEqual([]);
    expect(
      messages(
        contractorUpdateRefusals(
          complete,
          { outcome: 'not_practicable', newCompletionBy: '2025-03-06T17:00:00.000Z', reason: 'parts' },
          now,
        ),
      ),
    ).toEqual([`the contractor already reported the works complete at ${now}`]);
  });
});

describe('rehousing', () => {
  const appraising = (): RehousingState => ({
    requestId: 'request-1',
    requestedAt,
    immediateDanger: false,
    status: 'appraising',
    offers: [],
    localAuthorityDecisions: [],
    deadlines: [],
    alerts: [],
  });
  const appraisal = (chosen: RehousingState['offers'][number]['kind']) => ({
    at: now,
    by: 'staff-1',
    optionsConsidered: [chosen],
    chosen,
  });

  it('ends at the appraisal when the survivor stays at home with added security', () => {
    const staying = { ...appraising(), appraisal: appraisal('stay_with_added_security') };
    expect(rehousingDone(staying)).toBe(true);
    expect(rehousingStatus(staying)).toBe('completed');
    expect(messages(rehousingActionRefusals(staying))).toEqual(['the rehousing is complete']);
  });

  it('needs the appraisal before an offer, and an accepted offer before a move date', () => {
    expect(messages(offerRefusals(appraising(), 'offer-1'))).toEqual([
      'record the options appraisal with the survivor before an offer',
    ]);
    const seeking = { ...appraising(), appraisal: appraisal('management_transfer') };
    expect(rehousingStatus(seeking)).toBe('seeking_offers');
    expect(offerRefusals(seeking, 'offer-1')).toEqual([]);
    const offered = {
      ...seeking,
      offers: [{ offerReference: 'offer-1', kind: 'management_transfer' as const, recordedAt: now }],
    };
    expect(rehousingStatus(offered)).toBe('offer_made');
    expect(messages(moveDateRefusals(offered))).toEqual(['no offer has been accepted yet']);
    expect(moveDateRefusals({ ...offered, offers: [{ ...offered.offers[0]!, decision: 'accepted' }] })).toEqual([]);
  });

  it("answers a local authority's repeated decision, refuses a changed one, and takes no new one once ended", () => {
    const decided = {
      ...appraising(),
      localAuthorityDecisions: [{ decisionReference: 'LA-1', decision: 'relief_duty', recordedAt: now }],
    };
    expect(localAuthorityDecisionRefusals(decided, { decisionReference: 'LA-1', decision: 'relief_duty' })).toEqual([]);
    expect(
      messages(localAuthorityDecisionRefusals(decided, { decisionReference: 'LA-1', decision: 'main_duty_accepted' })),
    ).toEqual(['decision LA-1 was already recorded as relief_duty']);
    const settled = { ...decided, settled: { at: now, reason: 'case_closed' as const } };
    expect(
      messages(localAuthorityDecisionRefusals(settled, { decisionReference: 'LA-2', decision: 'main_duty_accepted' })),
    ).toEqual(['the rehousing has ended']);
    expect(localAuthorityDecisionRefusals(settled, { decisionReference: 'LA-1', decision: 'relief_duty' })).toEqual([]);
  });
});
