import type { Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import { currentUser } from '../platform/auth';
import { recordAccess, recordAudit, type AuditDetail } from '.';
import type { Logger } from '../platform/logger';
import { sendProblem } from '../platform/http/problem';
import type { RouteLogging, RouteSpec } from '../platform/http/route-spec';

/**
 * The access log (who read which case) and the audit log (who did what), DESIGN §6, wired here
 * once for every route instead of in each handler: src/api.ts mounts `auditTrail` behind the token
 * check, and it acts on the answer each route is about to send, as the route's spec declares
 * (`logs`, src/platform/http/route-spec.ts):
 *
 *   - A case read (`accessLog`) that is answered (200) is first appended to the access log.
 *   - An action (`auditLog`: a case action, POST /cases, an alert acknowledgement, a partner's
 *     callback) is appended to the audit log, accepted (2xx) or refused (anything else, with a
 *     reason code), whether the refusal came from the role check, need-to-know, input validation
 *     or the workflow's own validators.
 *
 * Nothing is answered before its entry is stored: if the log cannot be written, the caller gets
 * 503 instead of the answer. Entries hold ids, roles, codes and statuses only; never a message
 * or a request body, which might carry personal data.
 */

/** Each route's logging, by method and route template, as its spec declares it. */
function loggingByRoute(routes: readonly RouteSpec[]): ReadonlyMap<string, RouteLogging> {
  return new Map(routes.map((spec) => [routeKey(spec.method, spec.path), spec.logs]));
}

/** HEAD is answered by the GET route. */
const routeKey = (method: string, template: string): string =>
  `${method === 'HEAD' ? 'GET' : method.toUpperCase()} ${template}`;

/** Path parameters worth recording (ids): not offerReference, which may name a property. */
const DETAIL_PARAMETERS = [
  'requestId',
  'consentId',
  'actionId',
  'sequence',
  'alertId',
  'organisationId',
  'areaId',
  'teamId',
  'staffId',
  'shiftId',
  'flagId',
  'holdId',
  'requestNumber',
] as const;
const ID_TEXT = /^[A-Za-z0-9._:-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The reason a refusal is recorded with when the problem named none. */
const REASON_OF_STATUS: Record<number, string> = {
  400: 'InvalidRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'CaseErased',
  413: 'TooLarge',
  422: 'Unprocessable',
  503: 'Unavailable',
};

interface TrailEntry {
  log: 'access' | 'audit';
  write(pool: Pool): Promise<unknown>;
}

/** The trail of `routes` (every route mounted behind the token from a route table). */
export function auditTrail(deps: { pool: Pool; logger: Logger }, routes: readonly RouteSpec[]): RequestHandler {
  const logging = loggingByRoute(routes);
  return (req, res, next) => {
    /** Writes the answer's entry, then gives the answer; or 503 if the entry cannot be written. */
    const answerOnceLogged = (body: unknown, answer: () => void): Response => {
      const entry = trailEntry(logging, req, res, body);
      if (!entry) {
        answer();
        return res;
      }
      entry
        .write(deps.pool)
        .then(answer, (error: unknown) => {
          // ids and codes only: the error is the database's, the route a template
          deps.logger.error(
            { err: error, log: entry.log, method: req.method, route: req.route?.path },
            `the ${entry.log} log could not be written; the request is refused`,
          );
          unavailable(res);
        })
        .catch((error: unknown) => {
          deps.logger.error(
            { err: error, method: req.method, route: req.route?.path },
            'could not send an answer after logging it',
          );
          if (!res.headersSent) unavailable(res);
          else res.end();
        });
      return res;
    };
    const json = res.json.bind(res);
    res.json = ((body: unknown) => {
      res.json = json;
      return answerOnceLogged(body, () => json(body));
    }) as Response['json'];
    // Binary answers (a document's bytes) are logged as reads too; JSON answers reach send as text.
    const send = res.send.bind(res);
    res.send = ((body: unknown) => {
      if (!Buffer.isBuffer(body)) return send(body);
      res.send = send;
      return answerOnceLogged({}, () => send(body));
    }) as Response['send'];
    next();
  };
}

function unavailable(res: Response): Response {
  sendProblem(res, {
    type: 'log-unavailable',
    detail:
      'the access or audit log could not be written, so the answer is withheld; if this was an action it may have been carried out, so read the case before trying again',
  });
  return res;
}

/** What, if anything, this answer must leave in the logs before it is sent. */
function trailEntry(
  logging: ReadonlyMap<string, RouteLogging>,
  req: Request,
  res: Response,
  body: unknown,
): TrailEntry | undefined {
  const template: unknown = req.route?.path;
  if (typeof template !== 'string' || req.user === undefined) return undefined;
  const logs = logging.get(routeKey(req.method, template)) ?? 'none';
  if (logs === 'none') return undefined;
  const principal = currentUser(req);
  const params = routeParameters(req, template);
  const caseIdInPath =
    params.caseId !== undefined && UUID.test(params.caseId) ? params.caseId.toLowerCase() : undefined;

  if ('accessLog' in logs) {
    if (res.statusCode !== 200 || !caseIdInPath) return undefined; // nothing of the case was read
    const { resource: read } = logs.accessLog;
    const resource = typeof read === 'string' ? read : read(req);
    return {
      log: 'access',
      write: (pool) =>
        recordAccess(pool, {
          actorStaffId: principal.staffId,
          actorRole: principal.role,
          organisationId: principal.organisationId,
          caseId: caseIdInPath,
          resource,
        }),
    };
  }

  const { action } = logs.auditLog;
  const accepted = res.statusCode < 400;
  const answered = accepted && isObject(body) ? body : {};
  const caseId =
    caseIdInPath ?? (typeof answered.caseId === 'string' && UUID.test(answered.caseId) ? answered.caseId : undefined);
  // A handler may add ids of what it made (e.g. a document's id and SHA-256), checked like the rest.
  const detail: AuditDetail = {
    ...(accepted && isObject(res.locals.auditDetail) ? (res.locals.auditDetail as AuditDetail) : {}),
    status: res.statusCode,
  };
  for (const name of DETAIL_PARAMETERS) {
    const value = params[name];
    if (value !== undefined && ID_TEXT.test(value)) detail[name] = value;
  }
  if (!accepted) {
    const named: unknown = res.locals.problemReason;
    detail.reason =
      typeof named === 'string' && ID_TEXT.test(named)
        ? named
        : (REASON_OF_STATUS[res.statusCode] ?? (res.statusCode >= 500 ? 'Error' : 'Refused'));
    // A call on a workflow that did not answer in time may still have been carried out, unless it is known not to have been.
    if (res.statusCode >= 500 && res.locals.changedNothing !== true) detail.mayHaveTakenEffect = true;
  }
  return {
    log: 'audit',
    write: (pool) =>
      recordAudit(pool, {
        actorStaffId: principal.staffId,
        actorRole: principal.role,
        organisationId: principal.organisationId,
        caseId: caseId ?? null,
        action,
        outcome: accepted ? 'accepted' : 'refused',
        detail,
      }),
  };
}

/**
 * The route's path parameters. A handler's own answer still has them in req.params, but an error
 * reaches the last-resort handler after express has left the router and restored req.params, so
 * they are read again from the path by the route's template.
 */
function routeParameters(req: Request, template: string): Record<string, string | undefined> {
  const current = Object.entries(req.params ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  if (current.length > 0) return Object.fromEntries(current);
  const names = template.split('/');
  const parts = req.path.split('/');
  if (names.length !== parts.length) return {};
  const found: Record<string, string | undefined> = {};
  names.forEach((name, index) => {
    if (!name.startsWith(':')) return;
    try {
      found[name.slice(1)] = decodeURIComponent(parts[index]!);
    } catch {
      // not a valid percent-encoding: leave the parameter out
    }
  });
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
