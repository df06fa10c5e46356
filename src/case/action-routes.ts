import type { UpdateDefinition } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { currentUser } from '../platform/auth';
import type { Actor } from '../staff/staff';
import * as commands from './commands';
import * as messages from './messages';
import { CHILD_KINDS } from '../children/kinds';
import type { CaseFact, ChildActionRow, ChildRegistration } from '../children/kind-registration';
import { CHILD_REGISTRATIONS, childStateQueryOf } from '../children/registry';
import { childWorkflowId } from './workflow-ids';
import type { ApiDependencies } from '../platform/http/dependencies';
import { actsOnCases, caseIdSchema, readsCases, visibleCase } from './access';
import { UPDATE_BODY_EXAMPLES } from './body-examples';
import { HttpProblem, validationProblem } from '../platform/http/problem';
import {
  CASE_CHANGE_PROBLEMS,
  mountRoute,
  pathParameterNames,
  WORKFLOW_PROBLEMS,
  type RouteSpec,
} from '../platform/http/route-spec';
import {
  closureChangeSchema,
  contactAttemptChangeSchema,
  immediateDangerChangeSchema,
  safeContactUpdatedSchema,
  incidentChangeSchema,
  managerReviewChangeSchema,
  perpetratorReferralChangeSchema,
  reassignmentChangeSchema,
  feedbackChangeSchema,
  perpetratorActionChangeSchema,
  notificationChangeSchema,
  seriousIncidentReportChangeSchema,
  reopeningChangeSchema,
  riskAssessmentRecordSchema,
  safeguardingReferralChangeSchema,
  safetyPlanChangeSchema,
  safetyPlanReviewedSchema,
  sharingRequestStateSchema,
} from './view-schemas';
import { childStatusSchema } from '../children/view-schema';
import { parseOrThrow, refuseUnstorableText } from '../platform/http/validate';
import { callWorkflow } from './temporal-errors';
import { currentSafeContact } from './rules/safe-contact';
import { maracResearchOf } from './rules/marac-research';
import type { CaseView } from './state';
import { actionOwnerInDirectory, newOfficerFromDirectory } from './reassignment';
import { reopenFinishedCase, retriedReopening } from './reopen-case';
import { actionIdempotencyHeaderSchema, actionIdempotencyKey, actionUpdateId, runCaseUpdate } from './idempotency';

/**
 * Every staff action on a case is a workflow Update (DESIGN §5), reached by POST below
 * /cases/{caseId}. The body is the Update's command without `actor`; path parameters (`:requestId`)
 * fill the fields of the same name; the actor is always the signed-in principal. The command
 * schema is the workflow validator's own, so both refuse the same input with the same words.
 * Which roles may do what is the workflow's rule (NotPermitted → 403); this layer only keeps
 * out the roles that never act on cases and the cases the caller may not see.
 */
type Mount = (router: Router, deps: ApiDependencies) => void;

/** One case action: what it is (mounted from, and documented by, `spec`) and how it is mounted. */
export interface CaseAction {
  readonly spec: RouteSpec;
  readonly mount: Mount;
  /** the Update's name, which the audit log records as `case.update.<name>` (src/audit/trail.ts) */
  readonly updateName: string;
}

/** Which workflow of the case an action goes to: the case's own, or one of its children. */
type WorkflowOfCase = (caseWorkflowId: string, req: Request) => string;

/** A child workflow's address below its case: /cases/{caseId}/{kind}/{sequence}. */
const childPathSchema = z
  .object({ kind: z.enum(CHILD_KINDS), sequence: z.coerce.number().int().min(1).max(1000) })
  .loose();

/** A schema of what an Update returns: tsc refuses one its result type is not a valid value of. */
type ResultSchema<Result, Schema extends z.ZodType = z.ZodType> = Schema &
  ([Result] extends [z.output<Schema>] ? unknown : never);

/**
 * Fields of a command the API fills from its own records, where the workflow's validator cannot look
 * (it does no I/O): refused in the body, added after the body is checked.
 */
interface FilledByApi<Command> {
  readonly fields: readonly string[];
  /** the fields' values; the workflow's validator checks them with the rest of the command */
  fill(deps: ApiDependencies, req: Request, command: Command, caseWorkflowId: string): Promise<Record<string, unknown>>;
}

/** What the API adds to a child's command from the case as it stands now: the field, and its value from the case's view. */
const CASE_FACTS: Record<CaseFact, { field: string; of: (view: CaseView) => unknown }> = {
  // the survivor's safe-contact profile, for a child's step that reaches them
  safeContact: { field: 'safeContact', of: currentSafeContact },
  // the SafeLives research a MARAC coordinator asks for
  maracResearch: { field: 'research', of: maracResearchOf },
};

/** The case's facts a child's action takes, all read from one query of the case. */
const caseFactsFilled = (facts: readonly CaseFact[]): FilledByApi<{ actor: Actor }> => ({
  fields: facts.map((fact) => CASE_FACTS[fact].field),
  fill: async (deps, _req, _command, caseWorkflowId) => {
    const view = await callWorkflow(deps, caseWorkflowId, (handle) => handle.query(messages.getCaseQuery));
    return Object.fromEntries(facts.map((fact) => [CASE_FACTS[fact].field, CASE_FACTS[fact].of(view)]));
  },
});

/** Path parameters that address a workflow rather than fill a command field. */
const ADDRESSING_PARAMETERS = new Set(['sequence']);

function workflowAction<Command extends { actor: Actor }, Result>(
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
  result: z.ZodType,
  workflowOf: WorkflowOfCase,
  target: { tag: string; workflow: string },
  filledByApi?: FilledByApi<Command>,
): CaseAction {
  const pathFields = pathParameterNames(path).filter((name) => !ADDRESSING_PARAMETERS.has(name));
  const apiFields = filledByApi?.fields ?? [];
  const spec: RouteSpec = {
    method: 'post',
    path: `/cases/:caseId${path}`,
    operationId: update.name,
    tag: target.tag,
    summary: sentence(update.name),
    description: `The workflow Update \`${update.name}\` on ${target.workflow}. The body is its command without \`actor\` (the signed-in principal)${
      pathFields.length > 0
        ? ` and without ${pathFields.map((name) => `\`${name}\``).join(', ')} (given in the path)`
        : ''
    }; the workflow's validators decide what is allowed.`,
    access: actsOnCases,
    params: pathParametersOf(`/cases/:caseId${path}`, command),
    headers: actionIdempotencyHeaderSchema,
    body: commandBody(command, ['actor', ...pathFields, ...apiFields]),
    bodyExample: UPDATE_BODY_EXAMPLES[update.name],
    responses: [{ status: 200, description: `the result of \`${update.name}\``, schema: result }],
    problems: CASE_CHANGE_PROBLEMS,
    logs: { auditLog: { action: `case.update.${update.name}` } },
  };
  const mount: Mount = (router, deps) =>
    mountRoute(router, spec, async (req, res) => {
      const idempotencyKey = actionIdempotencyKey(req);
      const { workflowId } = await visibleCase(deps, req);
      const checked = commandFrom(req, command, pathFields, apiFields);
      const args = filledByApi ? { ...checked, ...(await filledByApi.fill(deps, req, checked, workflowId)) } : checked;
      res.json(await runCaseUpdate(deps, req, workflowOf(workflowId, req), update, args, idempotencyKey));
    });
  return { spec, mount, updateName: update.name };
}

const caseAction = <Command extends { actor: Actor }, Result, Schema extends z.ZodType>(
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
  result: ResultSchema<Result, Schema>,
  filledByApi?: FilledByApi<Command>,
) =>
  workflowAction(
    path,
    command,
    update,
    result,
    (caseWorkflowId) => caseWorkflowId,
    { tag: 'Case actions', workflow: "the case's workflow" },
    filledByApi,
  );

/** An action on a child workflow, addressed as /cases/{caseId}/{kind}/{sequence}/…; its Update answers with the child's whole state. */
const childAction = (child: ChildRegistration, row: ChildActionRow) =>
  workflowAction(
    `/${child.kind}/:sequence${row.path}`,
    row.command,
    row.update,
    child.stateSchema,
    (caseWorkflowId, req) => childWorkflowId(caseWorkflowId, child.kind, childSequence(req)),
    {
      tag: child.label,
      workflow: `the case's ${child.kind} workflow number {sequence} (counting from 1)`,
    },
    row.caseFacts ? caseFactsFilled(row.caseFacts) : undefined,
  );

export const CASE_ACTIONS: readonly CaseAction[] = [
  // Casework with the survivor (DESIGN §3.2–3.4, 3.6)
  caseAction(
    '/contact-attempts',
    commands.contactAttemptCommand,
    messages.recordContactAttemptUpdate,
    contactAttemptChangeSchema,
  ),
  caseAction(
    '/safe-contact',
    commands.safeContactUpdateCommand,
    messages.updateSafeContactUpdate,
    safeContactUpdatedSchema,
  ),
  caseAction('/dash', commands.dashCommand, messages.recordDashUpdate, riskAssessmentRecordSchema),
  caseAction('/safety-plan', commands.safetyPlanCommand, messages.recordSafetyPlanUpdate, safetyPlanChangeSchema),
  caseAction(
    '/safety-plan/review',
    commands.safetyPlanReviewCommand,
    messages.reviewSafetyPlanUpdate,
    safetyPlanReviewedSchema,
  ),
  caseAction(
    '/safeguarding-referrals',
    commands.safeguardingReferralCommand,
    messages.recordSafeguardingReferralUpdate,
    safeguardingReferralChangeSchema,
  ),
  caseAction(
    '/perpetrator-referrals',
    commands.perpetratorReferralCommand,
    messages.recordPerpetratorReferralUpdate,
    perpetratorReferralChangeSchema,
  ),
  caseAction(
    '/perpetrator-actions',
    commands.perpetratorActionCommand,
    messages.recordPerpetratorActionUpdate,
    perpetratorActionChangeSchema,
    { fields: [], fill: actionOwnerInDirectory },
  ),
  caseAction(
    '/perpetrator-actions/:actionId/outcome',
    commands.perpetratorActionOutcomeCommand,
    messages.recordPerpetratorActionOutcomeUpdate,
    perpetratorActionChangeSchema,
  ),
  caseAction('/incidents', commands.incidentCommand, messages.recordIncidentUpdate, incidentChangeSchema),
  caseAction(
    '/notifications',
    commands.notificationCommand,
    messages.recordNotificationUpdate,
    notificationChangeSchema,
  ),
  caseAction(
    '/serious-incident-reports',
    commands.seriousIncidentReportCommand,
    messages.raiseSeriousIncidentReportUpdate,
    seriousIncidentReportChangeSchema,
  ),
  caseAction(
    '/serious-incident-reports/:reportId/approval',
    commands.seriousIncidentApprovalCommand,
    messages.approveSeriousIncidentReportUpdate,
    seriousIncidentReportChangeSchema,
  ),
  caseAction(
    '/immediate-danger',
    commands.immediateDangerCommand,
    messages.recordImmediateDangerUpdate,
    immediateDangerChangeSchema,
  ),
  // Consent-gated information sharing (DESIGN §3.5)
  caseAction(
    '/sharing-requests',
    commands.sharingRequestCommand,
    messages.requestSharingUpdate,
    sharingRequestStateSchema,
  ),
  caseAction(
    '/consents',
    commands.consentDecisionCommand,
    messages.recordConsentDecisionUpdate,
    z.array(sharingRequestStateSchema),
  ),
  caseAction(
    '/consents/:consentId/withdrawal',
    commands.withdrawConsentCommand,
    messages.withdrawConsentUpdate,
    z.array(sharingRequestStateSchema),
  ),
  caseAction(
    '/sharing-requests/:requestId/lawful-basis',
    commands.lawfulBasisCommand,
    messages.approveLawfulBasisUpdate,
    sharingRequestStateSchema,
  ),
  caseAction(
    '/sharing-requests/:requestId/release',
    commands.releaseCommand,
    messages.releaseInformationUpdate,
    sharingRequestStateSchema,
  ),
  caseAction(
    '/sharing-requests/:requestId/survivor-told',
    commands.survivorToldOfSharingCommand,
    messages.recordSurvivorToldOfSharingUpdate,
    sharingRequestStateSchema,
  ),
  // Oversight and closure (DESIGN §3.8–3.9)
  caseAction('/reviews', commands.managerReviewCommand, messages.recordManagerReviewUpdate, managerReviewChangeSchema),
  caseAction('/closure', commands.closeCaseCommand, messages.closeCaseUpdate, closureChangeSchema),
  caseAction('/feedback', commands.feedbackCommand, messages.recordFeedbackUpdate, feedbackChangeSchema),
  caseAction('/reassignment', commands.reassignCaseCommand, messages.reassignCaseUpdate, reassignmentChangeSchema, {
    fields: ['toOfficer'],
    fill: newOfficerFromDirectory,
  }),
  reopenAction(),
  // Child workflows (DESIGN §3.7): started from the case, then driven on their own
  ...CHILD_REGISTRATIONS.map((child: ChildRegistration) =>
    caseAction(child.startPath, child.request.command, child.request.update, childStatusSchema),
  ),
  ...CHILD_REGISTRATIONS.flatMap((child: ChildRegistration) => child.actions.map((row) => childAction(child, row))),
];

/**
 * Reopening: the reopenCase Update while the closed case's run still waits for its feedback
 * request; once that run has finished, a new run of the case is started from its record
 * (src/case/reopen-case.ts), by the same rules.
 */
function reopenAction(): CaseAction {
  const action = caseAction('/reopen', commands.reopenCaseCommand, messages.reopenCaseUpdate, reopeningChangeSchema);
  const spec: RouteSpec = {
    ...action.spec,
    description: `${action.spec.description} Within the profile’s period after the closure (\`reopening.within\`) a manager or above reopens the same case: a new run, its deadlines started afresh from the reopening, its earlier record kept. After the period it is refused (409): open a new case with \`linkedToCaseId\`.`,
  };
  const mount: Mount = (router, deps) =>
    mountRoute(router, spec, async (req, res) => {
      const idempotencyKey = actionIdempotencyKey(req);
      const { workflowId } = await visibleCase(deps, req);
      const args = commandFrom(req, commands.reopenCaseCommand, [], []);
      const requestId = idempotencyKey && actionUpdateId(args.actor.staffId, idempotencyKey);
      try {
        res.json(await runCaseUpdate(deps, req, workflowId, messages.reopenCaseUpdate, args, idempotencyKey));
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        if (error.reason === 'WorkflowFinished') {
          const at = deps.workflowClock ? await deps.workflowClock() : new Date();
          res.json(await reopenFinishedCase(deps, workflowId, args, at, requestId));
          return;
        }
        const retried =
          requestId && error.reason === 'NotPossible' && (await retriedReopening(deps, workflowId, requestId));
        if (!retried) throw error;
        res.json(retried);
      }
    });
  return { spec, mount, updateName: action.updateName };
}

const childSequenceSchema = childPathSchema.pick({ sequence: true }).loose();

function childSequence(req: Request): number {
  return parseOrThrow(childSequenceSchema, req.params, 'path').sequence;
}

/** GET /cases/{caseId}/{kind}/{sequence}: a child workflow's own state. */
export const CHILD_STATE_ROUTE: RouteSpec = {
  method: 'get',
  path: '/cases/:caseId/:kind/:sequence',
  operationId: 'readChildWorkflowState',
  tag: 'Cases',
  summary: 'Read a child workflow’s state',
  description:
    'The live state of the case’s MARAC referral, emergency repairs, rehousing or safeguarding referral workflow number {sequence} (counting from 1).',
  access: readsCases,
  params: z.object({ caseId: caseIdSchema.shape.caseId, ...childPathSchema.shape }),
  responses: [
    {
      status: 200,
      description: 'the child workflow’s state',
      schema: z.union(CHILD_REGISTRATIONS.map((registered) => registered.stateSchema)),
    },
  ],
  problems: WORKFLOW_PROBLEMS,
  // answered 200 only once `kind` is one of marac, repairs, rehousing
  logs: { accessLog: { resource: (req) => `case.${String(req.params.kind)}` } },
};

function childReader(router: Router, deps: ApiDependencies): void {
  mountRoute(router, CHILD_STATE_ROUTE, async (req, res) => {
    const { workflowId } = await visibleCase(deps, req);
    const { kind, sequence } = parseOrThrow(childPathSchema, req.params, 'path');
    res.json(
      await callWorkflow(deps, childWorkflowId(workflowId, kind, sequence), (handle) =>
        handle.query(childStateQueryOf(kind)),
      ),
    );
  });
}

export function caseActionsRouter(deps: ApiDependencies): Router {
  const router = Router();
  for (const action of CASE_ACTIONS) action.mount(router, deps);
  childReader(router, deps);
  return router;
}

/** recordContactAttempt → "Record contact attempt" */
function sentence(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The schemas of a path's parameters: the case id, the child's sequence, else the command field of the same name. */
function pathParametersOf(path: string, command: z.ZodType): z.ZodObject {
  const shape = command instanceof z.ZodObject ? (command.shape as Record<string, z.ZodType>) : {};
  const known: Record<string, z.ZodType> = {
    caseId: caseIdSchema.shape.caseId,
    sequence: childPathSchema.shape.sequence,
  };
  return z.object(
    Object.fromEntries(pathParameterNames(path).map((name) => [name, known[name] ?? shape[name] ?? z.string()])),
  );
}

/**
 * The request body a command takes: its own fields less those the API fills in (the actor, the
 * path's ids), each field with the command's own schema. zod will not `.omit()` from an object
 * with refinements, so the body is rebuilt from the shape, and the cross-field rules (which
 * JSON Schema cannot say) are named in its description; the workflow's validators apply them.
 */
function commandBody(command: z.ZodType, filledIn: readonly string[]): z.ZodType {
  if (!(command instanceof z.ZodObject)) throw new Error('a case action’s command must be an object schema');
  const shape = Object.fromEntries(
    Object.entries(command.shape as Record<string, z.ZodType>).filter(([name]) => !filledIn.includes(name)),
  );
  const body = command.def.catchall ? z.object(shape).catchall(command.def.catchall) : z.object(shape);
  const rules = crossFieldRules(command);
  return rules.length > 0 ? body.describe(`Also checked: ${rules.join('; ')}.`) : body;
}

/** The messages of an object schema's refinements, e.g. "record why the survivor will not be told". */
function crossFieldRules(schema: z.ZodObject): string[] {
  return (schema.def.checks ?? []).flatMap((check) => {
    const { error } = check._zod.def;
    try {
      const message: unknown = error?.(undefined as never);
      return typeof message === 'string' ? [message] : [];
    } catch {
      return [];
    }
  });
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** body + path fields + actor → the Update's argument, or a 400 that names the body or path field. */
function commandFrom<Command>(
  req: Request,
  schema: z.ZodType<Command>,
  pathFields: string[],
  apiFields: readonly string[],
): Command {
  const body: unknown = req.body ?? {};
  if (!isJsonObject(body)) {
    throw new HttpProblem({ type: 'invalid-request', detail: 'the body must be a JSON object' });
  }
  const suppliedElsewhere = [
    ...(Object.hasOwn(body, 'actor')
      ? [{ field: 'body.actor', message: 'the actor is whoever the bearer token names; leave it out of the body' }]
      : []),
    ...pathFields
      .filter((name) => Object.hasOwn(body, name))
      .map((name) => ({ field: `body.${name}`, message: `${name} is given in the path; leave it out of the body` })),
    ...apiFields
      .filter((name) => Object.hasOwn(body, name))
      .map((name) => ({
        field: `body.${name}`,
        message: `${name} is filled in by the product from its own records; leave it out of the body`,
      })),
  ];
  if (suppliedElsewhere.length > 0) {
    throw new HttpProblem({
      type: 'invalid-request',
      detail: 'the request body is not valid',
      errors: suppliedElsewhere,
    });
  }
  const principal = currentUser(req);
  const fromPath = Object.fromEntries(pathFields.map((name) => [name, req.params[name]]));
  refuseUnstorableText(body, 'body');
  refuseUnstorableText(fromPath, 'path');
  const actor: Actor = { staffId: principal.staffId, role: principal.role };
  const parsed = schema.safeParse({ ...body, ...fromPath, actor });
  if (parsed.success) return parsed.data;

  // Issues on `actor` are about the token, not the request: they are not the caller's fields.
  const problem = validationProblem(parsed.error, 'body', (path) =>
    path[0] === 'actor' ? undefined : [pathFields.includes(String(path[0])) ? 'path' : 'body', ...path],
  );
  if (problem.problem.errors!.length === 0) {
    throw new HttpProblem({
      type: 'forbidden',
      detail: `the signed-in identity cannot be recorded on a case: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    });
  }
  throw problem;
}
