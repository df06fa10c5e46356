/**
 * Every kind of refusal the API answers with, each a stable `type` that clients can branch on
 * (RFC 9457). The type URI is relative, `/problems/<code>`, and the API serves each one (GET
 * /problems/{code}); the OpenAPI document lists them all. Codes are a contract: never rename one.
 */
export const PROBLEM_TYPES = {
  'invalid-request': {
    status: 400,
    title: 'Invalid request',
    description: 'A field is wrong (`errors` names each one and why), or the workflow refused the command as invalid.',
  },
  'malformed-json': {
    status: 400,
    title: 'Invalid request',
    description: 'The body is not valid JSON, or not valid UTF-8.',
  },
  unauthenticated: { status: 401, title: 'Unauthenticated', description: 'No bearer token, or one that is not valid.' },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    description: 'The token’s role may not use this route, or its identity cannot act here.',
  },
  'not-permitted': {
    status: 403,
    title: 'Not permitted',
    description: 'The case workflow does not permit this action for the caller’s role.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: 'No such case, request, alert or route, or not the caller’s to see (the two answer alike).',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    description: 'The path exists but not with this method; `Allow` lists the methods it has.',
  },
  'not-possible': {
    status: 409,
    title: 'Not possible now',
    description: 'The action is not possible in the workflow’s current state, or was already done.',
  },
  'already-acknowledged': {
    status: 409,
    title: 'Already acknowledged',
    description: 'The alert was already acknowledged; `detail` says when and by whom.',
  },
  'workflow-finished': {
    status: 409,
    title: 'Workflow finished',
    description: 'The workflow the action is for has finished (`detail` names it) and accepts no more actions.',
  },
  'legal-hold': {
    status: 409,
    title: 'Legal hold in place',
    description:
      'A legal hold on the case (`detail` names it) blocks its erasure until a DA lead or head of service lifts it.',
  },
  'case-erased': {
    status: 410,
    title: 'Case erased',
    description:
      'The case was erased (`detail` says on which date): its data key is destroyed, so nothing of its content can be read any more; the audit trail remains.',
  },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    description: 'The request was not received in time: its headers within 10 s, all of it within 15 s.',
  },
  'body-too-large': {
    status: 413,
    title: 'Body too large',
    description: 'The body is larger than 64 kB (a CSV import: 1 MB).',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'A body was sent without `Content-Type: application/json` (or, to a CSV import, `text/csv`).',
  },
  'headers-too-large': {
    status: 431,
    title: 'Headers too large',
    description: 'The request line and headers together are larger than 16 kB.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused',
    description:
      'The Idempotency-Key was already used for a different disclosure, or by the caller for a different action on the case.',
  },
  'unknown-organisation': {
    status: 422,
    title: 'Unknown organisation',
    description: 'The organisation has no policy profile.',
  },
  'staff-not-available': {
    status: 422,
    title: 'Staff member not available',
    description:
      'The member of staff named is not in the organisation’s directory, has left, is absent, or holds a role that does not hold cases; `errors` names the field.',
  },
  'linked-case-unusable': {
    status: 422,
    title: 'Linked case unusable',
    description:
      'A new case is linked only to a closed case of the same organisation that the caller may see (`linkedToCaseId`).',
  },
  'internal-error': {
    status: 500,
    title: 'Internal error',
    description: 'Something unexpected went wrong; the request could not be completed.',
  },
  'workflow-service-error': {
    status: 502,
    title: 'Workflow service error',
    description: 'The workflow service answered with an error that is not about the request; `detail` names its kind.',
  },
  'no-answer-in-time': {
    status: 503,
    title: 'Case temporarily unavailable',
    description:
      'The case did not answer in time; `detail` says whether an action may have been applied. Try again after `Retry-After` seconds, with the same Idempotency-Key.',
  },
  'workflow-service-unavailable': {
    status: 503,
    title: 'Workflow service unavailable',
    description:
      'The workflow service could not be reached; `detail` says whether an action may have been applied. Try again after `Retry-After` seconds, with the same Idempotency-Key.',
  },
  'database-unavailable': {
    status: 503,
    title: 'Database unavailable',
    description:
      'The database could not be reached; `detail` says whether an action may have been applied. Try again after `Retry-After` seconds.',
  },
  'authentication-unavailable': {
    status: 503,
    title: 'Authentication unavailable',
    description: 'The identity provider’s keys could not be fetched; try again shortly.',
  },
  'log-unavailable': {
    status: 503,
    title: 'Log unavailable',
    description: 'The access or audit log could not be written, so the answer is withheld.',
  },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_CODES = Object.keys(PROBLEM_TYPES) as ProblemType[];

/** invalid-request → /problems/invalid-request */
export const problemTypeUri = (type: ProblemType): string => `/problems/${type}`;

export const isProblemType = (code: string): code is ProblemType => Object.hasOwn(PROBLEM_TYPES, code);

/** The types a status may answer with, for the documentation of each response. */
export const problemTypesWithStatus = (status: number): ProblemType[] =>
  PROBLEM_TYPE_CODES.filter((code) => PROBLEM_TYPES[code].status === status);
