import { notificationCommand } from '../../src/case/commands';
import { repeatIncidentCount } from '../../src/case/rules/incidents';
import { notificationRefusals, sharedUnderOf } from '../../src/case/rules/notifications';
import { seriousIncidentApprovalRefusals, seriousIncidentReportRefusals } from '../../src/case/rules/serious-incidents';
import type { CaseState, SharingRequestState } from '../../src/case/state';
import { shippedProfile } from '../support/profiles';

const ssj = shippedProfile('ssj');
const kent = shippedProfile('kent-housing');
const officer = { staffId: 'officer-ada', role: 'caseworker' } as const;
const manager = { staffId: 'manager-bea', role: 'manager' } as const;
const daLead = { staffId: 'lead-cai', role: 'da_lead' } as const;
const NOW = '2031-03-20T12:00:00.000Z';
const types = (refusals: { type: string }[]) => refusals.map((refusal) => refusal.type);

describe('repeat incidents', () => {
  it('counts every incident since the disclosure, and those of the last 12 months apart', () => {
    const incidents = [
      { occurredAt: '2030-01-05T10:00:00.000Z' },
      { occurredAt: '2030-03-21T10:00:00.000Z' },
      { occurredAt: '2031-03-19T22:00:00.000Z' },
    ];
    expect(repeatIncidentCount(incidents, NOW)).toEqual({ total: 3, inLast12Months: 2 });
    expect(repeatIncidentCount([], NOW)).toEqual({ total: 0, inLast12Months: 0 });
  });
});

describe('serious-incident reports', () => {
  const incident = { occurredAt: NOW, recordedAt: NOW, by: 'officer-ada', policeCalled: true };
  const command = {
    actor: officer,
    incidentNumber: 1,
    category: 'threat_to_life',
    summary: 'Threat to life made at the property; police attended.',
  } as const;

  it('are raised only where the policy names them, about an incident on the case, one open at a time', () => {
    expect(seriousIncidentReportRefusals({ profile: ssj, incidents: [incident] }, command)).toEqual([]);
    expect(seriousIncidentReportRefusals({ profile: kent, incidents: [incident] }, command)).toEqual([
      { type: 'NotPossible', message: expect.stringContaining('names no serious-incident report') },
    ]);
    expect(types(seriousIncidentReportRefusals({ profile: ssj, incidents: [] }, command))).toEqual(['InvalidCommand']);
    const open = { ...command, id: 'sir1', at: NOW, by: 'officer-ada', status: 'awaiting_approval' } as const;
    expect(
      types(
        seriousIncidentReportRefusals({ profile: ssj, incidents: [incident], seriousIncidentReports: [open] }, command),
      ),
    ).toEqual(['NotPossible']);
  });

  it('are approved by the profile’s approver or above, never by their author, and once', () => {
    const report = {
      id: 'sir1',
      incidentNumber: 1,
      category: 'threat_to_life',
      summary: command.summary,
      at: NOW,
      by: 'lead-dee',
      status: 'awaiting_approval',
    } as const;
    const state = { profile: ssj, seriousIncidentReports: [report] };
    expect(seriousIncidentApprovalRefusals(state, { actor: daLead, reportId: 'sir1' })).toEqual([]);
    expect(seriousIncidentApprovalRefusals(state, { actor: manager, reportId: 'sir1' })).toEqual([
      { type: 'NotPermitted', message: 'a serious-incident report is approved by a da lead or above' },
    ]);
    expect(
      types(
        seriousIncidentApprovalRefusals(state, { actor: { staffId: 'lead-dee', role: 'da_lead' }, reportId: 'sir1' }),
      ),
    ).toEqual(['NotPermitted']);
    expect(types(seriousIncidentApprovalRefusals(state, { actor: daLead, reportId: 'sir2' }))).toEqual(['NotPossible']);
    const approved = {
      ...report,
      status: 'approved',
      approval: { at: NOW, by: 'lead-cai', byRole: 'da_lead' },
    } as const;
    expect(
      types(
        seriousIncidentApprovalRefusals(
          { profile: ssj, seriousIncidentReports: [approved] },
          { actor: daLead, reportId: 'sir1' },
        ),
      ),
    ).toEqual(['NotPossible']);
  });
});

describe('notifications', () => {
  const request = {
    id: 'share-1',
    agency: 'Example Children’s Services',
    purpose: 'Safeguarding a child',
    dataCategories: ['contact details'],
    requestedBy: 'officer-ada',
    requestedAt: '2031-03-11T09:00:00.000Z',
  };
  const released: SharingRequestState = {
    request,
    status: 'released',
    release: {
      at: '2031-03-12T09:00:00.000Z',
      by: 'officer-ada',
      basis: 'safeguarding_child',
      approvedBy: 'lead-cai',
      tellSurvivor: true,
    },
  } as SharingRequestState;
  const awaiting = { request: { ...request, id: 'share-2' }, status: 'awaiting_decision' } as SharingRequestState;
  const state = {
    openedAt: '2031-03-10T09:00:00.000Z',
    risk: { level: 'medium', reasons: [] },
    sharing: { requests: [released, awaiting], consents: [], approvals: [] },
  } as unknown as Pick<CaseState, 'openedAt' | 'sharing' | 'risk'>;
  const agencyNotice = {
    actor: officer,
    recipient: 'local_authority',
    notifiedAt: '2031-03-12T10:00:00.000Z',
    method: 'phone',
    sharingRequestId: 'share-1',
  } as const;

  it('to an agency name the sharing request they went under; to a colleague, none', () => {
    const { actor: _actor, ...body } = agencyNotice;
    const parsed = (value: object) => notificationCommand.safeParse({ actor: officer, ...value });
    expect(parsed(body).success).toBe(true);
    expect(parsed({ ...body, sharingRequestId: undefined }).error?.issues[0]).toMatchObject({
      path: ['sharingRequestId'],
    });
    expect(parsed({ ...body, recipient: 'da_lead' }).error?.issues[0]).toMatchObject({ path: ['sharingRequestId'] });
    expect(parsed({ ...body, recipient: 'da_lead', sharingRequestId: undefined, toStaffId: 'lead-cai' }).success).toBe(
      true,
    );
  });

  it('to an agency go only under a released request, after its release, and carry its basis', () => {
    expect(notificationRefusals(state, agencyNotice, NOW)).toEqual([]);
    expect(sharedUnderOf(state, 'share-1')).toEqual({
      requestId: 'share-1',
      agency: request.agency,
      purpose: request.purpose,
      basis: 'safeguarding_child',
      approvedBy: 'lead-cai',
    });
    expect(notificationRefusals(state, { ...agencyNotice, sharingRequestId: 'share-2' }, NOW)).toEqual([
      { type: 'NotPossible', message: expect.stringContaining('is awaiting decision') },
    ]);
    expect(types(notificationRefusals(state, { ...agencyNotice, sharingRequestId: 'share-9' }, NOW))).toEqual([
      'NotPossible',
    ]);
    expect(
      types(notificationRefusals(state, { ...agencyNotice, notifiedAt: '2031-03-11T10:00:00.000Z' }, NOW)),
    ).toEqual(['InvalidCommand']);
    expect(
      types(notificationRefusals(state, { ...agencyNotice, notifiedAt: '2031-03-21T10:00:00.000Z' }, NOW)),
    ).toEqual(['InvalidCommand']);
    // an instant with an offset is compared as a time: 13:00+02:00 is 11:00Z, before noon, so not in the future
    expect(notificationRefusals(state, { ...agencyNotice, notifiedAt: '2031-03-20T13:00:00+02:00' }, NOW)).toEqual([]);
    // and 10:30+01:00 on the release day is 09:30Z, after the 09:00Z release
    expect(notificationRefusals(state, { ...agencyNotice, notifiedAt: '2031-03-12T10:30:00+01:00' }, NOW)).toEqual([]);
    expect(
      types(notificationRefusals(state, { ...agencyNotice, notifiedAt: '2031-03-12T09:30:00+01:00' }, NOW)),
    ).toEqual(['InvalidCommand']);
  });

  it('for support below the MARAC threshold go only with the survivor’s consent (Kent 004 §6.3)', () => {
    const referral = { ...agencyNotice, referralForSupport: true };
    expect(notificationRefusals(state, referral, NOW)).toEqual([
      { type: 'NotPossible', message: expect.stringContaining("only with the survivor's agreement") },
    ]);
    const consented = {
      ...released,
      release: { ...released.release!, basis: 'consent', consentId: 'consent-1', approvedBy: undefined },
    } as SharingRequestState;
    const withConsent = { ...state, sharing: { ...state.sharing, requests: [consented] } };
    expect(notificationRefusals(withConsent, referral, NOW)).toEqual([]);
    const highRisk = { ...state, risk: { ...state.risk, level: 'high' } } as typeof state;
    expect(notificationRefusals(highRisk, referral, NOW)).toEqual([]);
  });
});
