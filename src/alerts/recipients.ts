import type { DirectoryLookup, DirectoryPerson } from '../directory/lookup';
import { STAFF_ROLES, type StaffRole } from '../staff/staff';

/**
 * Who an alert reaches, resolved when it is raised from the directory as it is then (issue 13):
 *
 *   - case_officer: the case officer; without a directory row still them (their token's subject);
 *   - line_manager: the officer's current line manager;
 *   - da_lead: the DA leads of the officer's area when the directory knows it, else the organisation's;
 *   - on_call: whoever is on an on-call shift at the alert's raisedAt, else the organisation's DA leads;
 *   - any other rung: the holders of its role (a specialist rung: the DA leads).
 *
 * An absent person's alert goes to their named cover when the cover is present; otherwise, and
 * when nobody is on a rung, to the next rung up. Each such step is said in the alert's note, and a
 * ladder with nobody left on it is recorded as an alert without recipients: never a silent drop.
 */

export interface Recipient {
  staffId: string;
  email: string | null;
}

export interface Routing {
  recipients: Recipient[];
  /** how they were found when it was not simply the rung's own holders; ids and roles only */
  note: string | null;
}

/** Where an alert goes when nobody is present on its rung, if it names no ladder of its own. */
const NEXT_RUNG: Readonly<Record<string, string>> = {
  case_officer: 'line_manager',
  line_manager: 'da_lead',
  on_call: 'da_lead',
  safeguarding_lead: 'da_lead',
  repairs_manager: 'head_of_service',
  da_lead: 'head_of_service',
};

function platformRungsAfter(rung: string): string[] {
  const after: string[] = [];
  for (let next = NEXT_RUNG[rung]; next !== undefined; next = NEXT_RUNG[next]) after.push(next);
  return after;
}

const RUNG_LABELS: Readonly<Record<string, string>> = {
  case_officer: 'case officer',
  line_manager: 'line manager',
  da_lead: 'DA lead',
  head_of_service: 'head of service',
  on_call: 'on-call',
  repairs_manager: 'repairs manager',
  safeguarding_lead: 'safeguarding lead',
};
const label = (rung: string): string => RUNG_LABELS[rung] ?? rung.replaceAll('_', ' ');

export async function routeAlert(
  directory: DirectoryLookup,
  alert: { recipientRole: string; caseOfficerId: string; raisedAt: string; nextRungs?: readonly string[] },
): Promise<Routing> {
  const notes: string[] = [];
  const officer = await directory.person(alert.caseOfficerId);

  /** The person, or their present cover, or nobody (said in the note). */
  async function standingIn(person: DirectoryPerson): Promise<DirectoryPerson[]> {
    if (!person.active) {
      notes.push(`${person.staffId} has left`);
      return [];
    }
    if (!person.absent) return [person];
    const cover = person.coverStaffId === null ? undefined : await directory.person(person.coverStaffId);
    if (cover?.active && !cover.absent) {
      notes.push(`${person.staffId} is absent; their cover ${cover.staffId} stands in`);
      return [cover];
    }
    notes.push(`${person.staffId} is absent and no cover of theirs is present`);
    return [];
  }
  const allStandingIn = async (people: DirectoryPerson[]) => (await Promise.all(people.map(standingIn))).flat();

  const organisationDaLeads = () => directory.holders('da_lead').then(allStandingIn);

  async function onRung(rung: string): Promise<Recipient[]> {
    switch (rung) {
      case 'case_officer':
        // the officer's own reminders reach them even before the directory has a row for them
        return officer ? standingIn(officer) : [{ staffId: alert.caseOfficerId, email: null }];
      case 'line_manager': {
        const manager = officer?.lineManagerId ? await directory.person(officer.lineManagerId) : undefined;
        return manager ? standingIn(manager) : [];
      }
      case 'da_lead': {
        const areaId = officer?.areaId ?? null;
        if (areaId === null) return organisationDaLeads();
        const inArea = await allStandingIn(await directory.holders('da_lead', areaId));
        if (inArea.length > 0) return inArea;
        notes.push(`no DA lead of area ${areaId} is present; the organisation's DA leads instead`);
        return organisationDaLeads();
      }
      case 'on_call': {
        const onCall = await allStandingIn(await directory.onCall(alert.raisedAt));
        if (onCall.length > 0) return onCall;
        notes.push(`nobody on call at ${alert.raisedAt}; the organisation's DA leads instead`);
        return organisationDaLeads();
      }
      default: {
        const role: StaffRole = (STAFF_ROLES as readonly string[]).includes(rung) ? (rung as StaffRole) : 'da_lead';
        return allStandingIn(await directory.holders(role));
      }
    }
  }

  // The deadline's own ladder after this rung, then the platform's order as a backstop; each rung once.
  const ladder = [alert.recipientRole, ...(alert.nextRungs ?? [])];
  const rungs = [...new Set([...ladder, ...platformRungsAfter(ladder.at(-1)!)])];
  for (const [index, rung] of rungs.entries()) {
    const found = await onRung(rung);
    if (found.length > 0) {
      const unique = [...new Map(found.map((person) => [person.staffId, person])).values()];
      return {
        recipients: unique.map(({ staffId, email }) => ({ staffId, email })),
        note: notes.length > 0 ? bounded(notes) : null,
      };
    }
    const next = rungs[index + 1];
    notes.push(
      next
        ? `nobody present on the ${label(rung)} rung; raised to the ${label(next)} instead`
        : `nobody present on the ${label(rung)} rung: this alert reached nobody`,
    );
  }
  return { recipients: [], note: bounded(notes) };
}

/** Every step said, within what an alert row and an e-mail line should hold. */
const bounded = (notes: string[]): string => notes.join('; ').slice(0, NOTE_MAX);
const NOTE_MAX = 2000;
