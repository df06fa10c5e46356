import type { QueryDefinition, UpdateDefinition } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth';
import type { Actor } from '../domain/staff';
import * as commands from '../workflows/case/commands';
import * as messages from '../workflows/case/messages';
import * as maracCommands from '../workflows/marac/commands';
import * as maracMessages from '../workflows/marac/messages';
import * as rehousingCommands from '../workflows/rehousing/commands';
import * as rehousingMessages from '../workflows/rehousing/messages';
import * as repairsCommands from '../workflows/repairs/commands';
import * as repairsMessages from '../workflows/repairs/messages';
import { childWorkflowId, type ChildKind } from '../workflows/shared/child';
import type { ApiDependencies } from './app';
import { actsOnCases, readsCases, visibleCase } from './case-access';
import { HttpProblem, validationProblem } from './problem';
import { parseOrThrow } from './validate';
import { onCaseWorkflow } from './temporal-errors';

/**
 * Every staff action on a case is a workflow Update (DESIGN §5), reached by POST below
 * /cases/{caseId}. The body is the Update's command without `actor`; path parameters (`:requestId`)
 * fill the fields of the same name; the actor is always the signed-in principal. The command
 * schema is the workflow validator's own, so both refuse the same input with the same words.
 * Which roles may do what is the workflow's rule (NotPermitted → 403); this layer only keeps
 * out the roles that never act on cases and the cases the caller may not see.
 */
type Mount = (router: Router, deps: ApiDependencies) => void;

/** Which workflow of the case an action goes to: the case's own, or one of its children. */
type WorkflowOfCase = (caseWorkflowId: string, req: Request) => string;

/** Path parameters that address a workflow rather than fill a command field. */
const ADDRESSING_PARAMETERS = new Set(['sequence']);

function workflowAction<Command extends { actor: Actor }, Result>(
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
  workflowOf: WorkflowOfCase,
): Mount {
  const pathFields = [...path.matchAll(/:(\w+)/g)].map(([, name]) => name!).filter((name) => !ADDRESSING_PARAMETERS.has(name));
  return (router, deps) => {
    router.post(`/cases/:caseId${path}`, actsOnCases, async (req, res) => {
      const { workflowId } = await visibleCase(deps.pool, req);
      const args = commandFrom(req, command, pathFields);
      res.json(await onCaseWorkflow(deps, workflowOf(workflowId, req), (handle) => handle.executeUpdate(update, { args: [args] })));
    });
  };
}

const caseAction = <Command extends { actor: Actor }, Result>(
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
) => workflowAction(path, command, update, (caseWorkflowId) => caseWorkflowId);

/** An action on a child workflow, addressed as /cases/{caseId}/{kind}/{sequence}/… */
const childAction = <Command extends { actor: Actor }, Result>(
  kind: ChildKind,
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
) => workflowAction(`/${kind}/:sequence${path}`, command, update, (caseWorkflowId, req) => childWorkflowId(caseWorkflowId, kind, childSequence(req)));

export const CASE_ACTIONS: readonly Mount[] = [
  // Casework with the survivor (DESIGN §3.2–3.4, 3.6)
  caseAction('/contact-attempts', commands.contactAttemptCommand, messages.recordContactAttemptUpdate),
  caseAction('/dash', commands.dashCommand, messages.recordDashUpdate),
  caseAction('/safety-plan', commands.safetyPlanCommand, messages.recordSafetyPlanUpdate),
  caseAction('/safeguarding-referrals', commands.safeguardingReferralCommand, messages.recordSafeguardingReferralUpdate),
  caseAction('/incidents', commands.incidentCommand, messages.recordIncidentUpdate),
  // Consent-gated information sharing (DESIGN §3.5)
  caseAction('/sharing-requests', commands.sharingRequestCommand, messages.requestSharingUpdate),
  caseAction('/consents', commands.consentDecisionCommand, messages.recordConsentDecisionUpdate),
  caseAction('/consents/:consentId/withdrawal', commands.withdrawConsentCommand, messages.withdrawConsentUpdate),
  caseAction('/sharing-requests/:requestId/lawful-basis', commands.lawfulBasisCommand, messages.approveLawfulBasisUpdate),
  caseAction('/sharing-requests/:requestId/release', commands.releaseCommand, messages.releaseInformationUpdate),
  // Oversight and closure (DESIGN §3.8–3.9)
  caseAction('/reviews', commands.managerReviewCommand, messages.recordManagerReviewUpdate),
  caseAction('/closure', commands.closeCaseCommand, messages.closeCaseUpdate),
  // Child workflows (DESIGN §3.7): started from the case, then driven on their own
  caseAction('/marac-referrals', commands.maracReferralRequestCommand, messages.requestMaracReferralUpdate),
  caseAction('/repairs', commands.emergencyRepairsCommand, messages.requestEmergencyRepairsUpdate),
  caseAction('/rehousing', commands.rehousingRequestCommand, messages.requestRehousingUpdate),
  childAction('marac', '/submission', maracCommands.submitReferralCommand, maracMessages.submitMaracReferralUpdate),
  childAction('marac', '/actions/:actionId/completion', maracCommands.completeActionCommand, maracMessages.completeMaracActionUpdate),
  childAction('repairs', '/survivor-told-of-delay', repairsCommands.survivorToldOfDelayCommand, repairsMessages.survivorToldOfDelayUpdate),
  childAction('repairs', '/survivor-confirmation', repairsCommands.survivorConfirmationCommand, repairsMessages.survivorConfirmationUpdate),
  childAction('rehousing', '/temporary-accommodation', rehousingCommands.temporaryAccommodationCommand, rehousingMessages.recordTemporaryAccommodationUpdate),
  childAction('rehousing', '/options-appraisal', rehousingCommands.optionsAppraisalCommand, rehousingMessages.recordOptionsAppraisalUpdate),
  childAction('rehousing', '/offers', rehousingCommands.offerCommand, rehousingMessages.recordOfferUpdate),
  childAction('rehousing', '/offers/:offerReference/decision', rehousingCommands.offerDecisionCommand, rehousingMessages.recordOfferDecisionUpdate),
  childAction('rehousing', '/move-date', rehousingCommands.moveDateCommand, rehousingMessages.recordMoveDateUpdate),
  childAction('rehousing', '/move-completion', rehousingCommands.moveCompletedCommand, rehousingMessages.recordMoveCompletedUpdate),
];

const CHILD_QUERIES: Record<ChildKind, QueryDefinition<unknown>> = {
  marac: maracMessages.getMaracReferralQuery,
  repairs: repairsMessages.getRepairsQuery,
  rehousing: rehousingMessages.getRehousingQuery,
};
const childPathSchema = z.object({ kind: z.enum(['marac', 'repairs', 'rehousing']), sequence: z.coerce.number().int().min(1).max(1000) }).loose();

function childSequence(req: Request): number {
  return parseOrThrow(childPathSchema.pick({ sequence: true }).loose(), req.params, 'path').sequence;
}

/** GET /cases/{caseId}/{kind}/{sequence}: a child workflow's own state. */
function childReader(router: Router, deps: ApiDependencies): void {
  router.get('/cases/:caseId/:kind/:sequence', readsCases, async (req, res) => {
    const { workflowId } = await visibleCase(deps.pool, req);
    const { kind, sequence } = parseOrThrow(childPathSchema, req.params, 'path');
    res.json(await onCaseWorkflow(deps, childWorkflowId(workflowId, kind, sequence), (handle) => handle.query(CHILD_QUERIES[kind])));
  });
}

export function caseActionsRouter(deps: ApiDependencies): Router {
  const router = Router();
  for (const mount of CASE_ACTIONS) mount(router, deps);
  childReader(router, deps);
  return router;
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** body + path fields + actor → the Update's argument, or a 400 that names the body or path field. */
function commandFrom<Command>(req: Request, schema: z.ZodType<Command>, pathFields: string[]): Command {
  const body: unknown = req.body ?? {};
  if (!isJsonObject(body)) {
    throw new HttpProblem({ status: 400, title: 'Invalid request', detail: 'the body must be a JSON object' });
  }
  const suppliedElsewhere = [
    ...(Object.hasOwn(body, 'actor') ? [{ field: 'body.actor', message: 'the actor is whoever the bearer token names; leave it out of the body' }] : []),
    ...pathFields.filter((name) => Object.hasOwn(body, name)).map((name) => ({ field: `body.${name}`, message: `${name} is given in the path; leave it out of the body` })),
  ];
  if (suppliedElsewhere.length > 0) {
    throw new HttpProblem({ status: 400, title: 'Invalid request', detail: 'the request body is not valid', errors: suppliedElsewhere });
  }
  const principal = currentUser(req);
  const fromPath = Object.fromEntries(pathFields.map((name) => [name, req.params[name]]));
  const actor: Actor = { staffId: principal.staffId, role: principal.role };
  const parsed = schema.safeParse({ ...body, ...fromPath, actor });
  if (parsed.success) return parsed.data;

  // Issues on `actor` are about the token, not the request: they are not the caller's fields.
  const problem = validationProblem(parsed.error, 'body', (path) =>
    path[0] === 'actor' ? undefined : [pathFields.includes(String(path[0])) ? 'path' : 'body', ...path],
  );
  if (problem.problem.errors!.length === 0) {
    throw new HttpProblem({
      status: 403,
      title: 'Forbidden',
      detail: `the signed-in identity cannot be recorded on a case: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    });
  }
  throw problem;
}
