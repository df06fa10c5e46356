import type { CaseView } from '../case/state';
import type { CaseNote } from '../notes/note';
import type { CaseDocument } from '../documents/document';

export const SUBJECT_ACCESS_FORMAT = 'da-subject-access/v1';

/*
 * A survivor's subject access export (UK GDPR art. 15): their data from the case, its notes and its
 * documents. Built by listing the fields that are the survivor's, from the data model, never by
 * removing strings: whatever a field not listed here holds (the perpetrator's reference, resident
 * status and officer, the perpetrator actions and referrals, who else was at a meeting, a serious-
 * incident report's account of others) cannot reach the export, even when a new field is added.
 */

/** What the export says it left out, and why: the survivor is told that something was withheld. */
export const WITHHELD = [
  'details of the alleged perpetrator (reference, residence, the officer working with them)',
  'actions and referrals about the alleged perpetrator',
  'who else took part in a contact or visit (third parties named in notes)',
  'accounts in serious-incident reports, which describe other people',
  'internal alerts and escalations between staff',
] as const;

export function subjectAccessExport(
  view: CaseView,
  notes: readonly CaseNote[],
  documents: readonly CaseDocument[],
  producedAt: string,
  producedBy: string,
) {
  const { disclosure } = view;
  return {
    format: SUBJECT_ACCESS_FORMAT,
    caseId: view.caseId,
    producedAt,
    producedBy,
    withheld: [...WITHHELD],
    case: {
      openedAt: view.openedAt,
      status: view.status,
      disclosure: {
        channel: disclosure.channel,
        reporter: disclosure.reporter,
        disclosedAt: disclosure.disclosedAt,
        survivor: { ...disclosure.survivor },
        immediateDanger: disclosure.immediateDanger,
        requestedOfficerGender: disclosure.requestedOfficerGender,
      },
      safeContact: view.safeContact?.profile ?? disclosure.safeContact,
      risk: { level: view.risk.level, assessedAt: view.risk.assessedAt },
      riskAssessments: view.assessments.map(({ at, kind, level, yesCount }) => ({ at, kind, level, yesCount })),
      contactAttempts: view.contactAttempts.map(({ at, by, channel, outcome }) => ({ at, by, channel, outcome })),
      safetyPlan: view.safetyPlan && {
        agreedAt: view.safetyPlan.agreedAt,
        measures: view.safetyPlan.measures.map(({ id, label, text, status, reviewBy }) => ({
          id,
          label,
          text,
          status,
          reviewBy,
        })),
      },
      incidents: view.incidents.map(({ occurredAt, recordedAt, policeCalled, injuries, propertyDamage }) => ({
        occurredAt,
        recordedAt,
        policeCalled,
        injuries,
        propertyDamage,
      })),
      // who the survivor's information went to, and on what basis: theirs to know
      informationShared: view.sharing.requests.map(({ request, status, release }) => ({
        agency: request.agency,
        purpose: request.purpose,
        dataCategories: request.dataCategories,
        status,
        ...(release && { releasedAt: release.at, basis: release.basis }),
      })),
      consentDecisions: view.sharing.consents.map(({ scope, decision, decidedAt, withdrawnAt }) => ({
        scope,
        decision,
        decidedAt,
        withdrawnAt,
      })),
      notifications: (view.notifications ?? []).flatMap(({ recipient, notifiedAt, sharedUnder }) =>
        sharedUnder ? [{ recipient, notifiedAt, agency: sharedUnder.agency, basis: sharedUnder.basis }] : [],
      ),
      safeguardingReferrals: view.safeguardingReferrals.map(({ subject, agency, at }) => ({ subject, agency, at })),
      closure: view.closure && { at: view.closure.at, reason: view.closure.reason },
      feedback: (view.feedback ?? []).map(({ at, outcome, answers }) => ({ at, outcome, answers })),
    },
    notes: notes.map(({ noteId, type, occurredAt, recordedAt, by, text, supersedes }) => ({
      noteId,
      type,
      occurredAt,
      recordedAt,
      by,
      text,
      supersedes,
    })),
    documents: documents.map(({ documentId, contentType, byteSize, sha256, uploadedAt }) => ({
      documentId,
      contentType,
      byteSize,
      sha256,
      uploadedAt,
    })),
  };
}

export type SubjectAccessExport = ReturnType<typeof subjectAccessExport>;

/** The export as a document a survivor can read: headed sections, one line per entry. */
export function subjectAccessDocument(exported: SubjectAccessExport): string {
  const lines = [
    'Your information held in a domestic abuse support case',
    `Case ${exported.caseId}, produced ${exported.producedAt}`,
    '',
    'Withheld, because it is about other people:',
    ...exported.withheld.map((item) => `  - ${item}`),
  ];
  const section = (title: string, entries: readonly unknown[]) => {
    lines.push('', `${title} (${entries.length})`);
    for (const entry of entries) lines.push(`  - ${JSON.stringify(entry)}`);
  };
  const { case: record } = exported;
  section('How the case began', [record.disclosure]);
  section('How we may contact you safely', [record.safeContact]);
  section('Risk assessments', record.riskAssessments);
  section('Contact attempts', record.contactAttempts);
  section('Safety plan', record.safetyPlan ? record.safetyPlan.measures : []);
  section('Incidents recorded', record.incidents);
  section('Information shared with other agencies', record.informationShared);
  section('Your consent decisions', record.consentDecisions);
  section('Agencies told of your case', record.notifications);
  section('Safeguarding referrals', record.safeguardingReferrals);
  section('Notes', exported.notes);
  section('Documents (each available on request)', exported.documents);
  if (record.closure) section('Closure', [record.closure]);
  return `${lines.join('\n')}\n`;
}
