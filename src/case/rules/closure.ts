import { CHILD_KIND_LABELS, type ChildKind } from '../../children/kinds';
import type { PolicyProfile } from '../../policy/profile';
import { approverRoleForRung, isAtLeast, type Actor } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import { roleTitle } from './roles';

/** What becomes of a linked workflow (MARAC, repairs, rehousing) still open when its case closes. */
export const CHILD_DISPOSITIONS = ['withdrawn', 'completed_elsewhere', 'transferred'] as const;
export type ChildDisposition = (typeof CHILD_DISPOSITIONS)[number];

export interface LinkedWorkflow {
  workflowId: string;
  kind: ChildKind;
}

const describe = (child: LinkedWorkflow): string => `${CHILD_KIND_LABELS[child.kind]} ${child.workflowId}`;

/**
 * Closing must not settle an open child silently: each open one is named with what becomes of it.
 * Naming one that has meanwhile finished is harmless; naming one the case never started is refused.
 * Returns the problems, empty when the closure may go ahead.
 */
export function childDispositionProblems(
  children: readonly (LinkedWorkflow & { open: boolean })[],
  named: readonly LinkedWorkflow[],
): string[] {
  const problems: string[] = [];
  const isNamed = (child: LinkedWorkflow) =>
    named.some((entry) => entry.workflowId === child.workflowId && entry.kind === child.kind);
  const open = children.filter((child) => child.open);
  if (open.some((child) => !isNamed(child))) {
    problems.push(
      `${open.length} linked workflow(s) still open: name what becomes of each and why (openChildren): ${open.map(describe).join(', ')}`,
    );
  }
  const unknown = named.filter(
    (entry) => !children.some((child) => child.workflowId === entry.workflowId && child.kind === entry.kind),
  );
  if (unknown.length > 0) problems.push(`not a linked workflow of this case: ${unknown.map(describe).join(', ')}`);
  return problems;
}

/** What closing needs to know of a case; narrow, because the commands (and so the state) name this file's kinds. */
export interface ClosingCase {
  risk: { level: string };
  contactAttempts: readonly { outcome: string }[];
  children: readonly (LinkedWorkflow & { open: boolean })[];
}

export interface ClosureRequest {
  actor: Actor;
  reason: 'resolved' | 'uncontactable' | 'survivor_declined_support';
  survivorAgrees: boolean;
  openChildren: readonly LinkedWorkflow[];
}

/**
 * The closure policy: resolved only with the survivor's agreement where the profile asks for it,
 * uncontactable only after its number of unanswered attempts, a high-risk case or one with linked
 * workflows still open only by the profile's approver, and each open linked workflow named.
 * Returns the refusals in the order they are checked, empty when the case may close.
 */
export function closureRefusals(
  state: ClosingCase,
  profile: Pick<PolicyProfile, 'closure' | 'escalationLadder'>,
  request: ClosureRequest,
): Refusal[] {
  const refusals: Refusal[] = [];
  const { actor, reason, survivorAgrees } = request;
  if (reason === 'resolved' && profile.closure.requiresSurvivorAgreement && !survivorAgrees) {
    refusals.push({
      type: 'NotPossible',
      message: 'a case is closed as resolved only when the survivor agrees it is resolved',
    });
  }
  const unanswered = state.contactAttempts.filter((attempt) => attempt.outcome === 'not_reached').length;
  if (reason === 'uncontactable' && unanswered < profile.closure.uncontactableAttempts) {
    refusals.push({
      type: 'NotPossible',
      message: `${unanswered} unanswered contact attempts are recorded; the policy needs ${profile.closure.uncontactableAttempts} before closing as uncontactable`,
    });
  }
  const approver = approverRoleForRung(profile.closure.highRiskClosureApprover);
  const approverTitle = roleTitle(profile, profile.closure.highRiskClosureApprover, 'DA lead');
  if (state.risk.level === 'high' && !isAtLeast(actor.role, approver)) {
    refusals.push({
      type: 'NotPermitted',
      message: `a high-risk case can only be closed with ${approverTitle} approval`,
    });
  }
  const stillOpen = state.children.filter((child) => child.open);
  if (stillOpen.length > 0 && !isAtLeast(actor.role, approver)) {
    refusals.push({
      type: 'NotPermitted',
      message: `${stillOpen.length} linked workflow(s) still open (${stillOpen.map((c) => c.kind).join(', ')}): closing needs ${approverTitle} approval`,
    });
  }
  const problems = childDispositionProblems(state.children, request.openChildren);
  if (problems.length > 0) refusals.push({ type: 'NotPossible', message: problems.join('; ') });
  return refusals;
}
