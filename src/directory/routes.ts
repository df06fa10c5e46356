import express, { Router, type Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { caseInstant } from '../platform/dates';
import { currentUser, type Principal } from '../platform/auth';
import type { ApiDependencies } from '../platform/http/dependencies';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import { requireRole } from '../platform/http/require-role';
import { mountRoute, withBodyProblems, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow, readOwnBody, utf8Verifier } from '../platform/http/validate';
import type { Page, PageRequest } from '../platform/db/paged-query';
import type { PolicyRegistry } from '../policy/registry';
import {
  areaBodySchema,
  directoryId,
  onCallShiftBodySchema,
  organisationBodySchema,
  staffBodySchema,
  staffReferenceProblems,
  teamBodySchema,
} from './directory';
import {
  directoryIds,
  getArea,
  getOrganisation,
  getShift,
  getStaff,
  getTeam,
  importStaff,
  listAreas,
  listOrganisations,
  listShifts,
  listStaff,
  listTeams,
  putArea,
  putOrganisation,
  putShift,
  putStaff,
  putTeam,
  type Put,
} from './repository';
import { parseStaffCsv, STAFF_CSV_COLUMNS, STAFF_CSV_EXAMPLE, STAFF_IMPORT_MAX_ROWS } from './staff-import';
import {
  areaSchema,
  importResultSchema,
  onCallShiftSchema,
  organisationSchema,
  staffMemberSchema,
  teamSchema,
} from './view-schema';

/** The directory is the admins' (DESIGN §6: an admin administers and reads no case). */
const administers = requireRole('admin');

const TAG = 'Directory';
const listQuery = z.strictObject(pageQuery);
const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });
const READ_PROBLEMS = [400, 401, 403, 404, 503] as const;
const PUT_PROBLEMS = withBodyProblems([400, 401, 403, 409, 503]);

/** A page, and for the rota the instants the shifts must overlap. */
type ListQuery = PageRequest & { from?: string; to?: string };

/**
 * One kind of directory row: listed (paged), read and PUT by id within the admin's organisation.
 * PUT is idempotent: the same body again leaves the same row (201 when it created it, else 200).
 */
interface Resource<Body, Item> {
  /** e.g. staff, team */
  noun: string;
  /** e.g. Staff, Team: the operations are listStaff, getStaff, putStaff */
  name: string;
  path: string;
  idParam: string;
  body: z.ZodType<Body>;
  bodyExample: unknown;
  item: z.ZodType<Item>;
  description: string;
  /** the id's schema; default: an id as tokens carry them */
  id?: z.ZodType<string>;
  /** the listing's query; default: a page */
  query?: z.ZodObject & z.ZodType<ListQuery>;
  listSummary?: string;
  list(pool: Pool, organisationId: string, query: ListQuery): Promise<Page<Item>>;
  get(pool: Pool, organisationId: string, id: string): Promise<Item | undefined>;
  put(pool: Pool, organisationId: string, id: string, body: Body): Promise<Put<Item>>;
  /** what the body names that the directory must already hold, as problems for the body's fields */
  check?(
    pool: Pool,
    principal: Principal,
    id: string,
    body: Body,
    profiles: PolicyRegistry,
  ): Promise<{ field: string; message: string }[]>;
  /** what follows a stored change beyond the directory (an organisation's reporting schedules) */
  afterPut?(hooks: DirectoryHooks, id: string, body: Body): Promise<void>;
}

/** What the directory tells the rest of the product of its changes. */
export interface DirectoryHooks {
  /** an organisation was stored under this profile: its reporting-pack schedules follow at once */
  organisationSaved?(organisationId: string, policyProfileId: string): Promise<void>;
}

function resourceRoutes<Body, Item>(resource: Resource<Body, Item>) {
  const { noun, name, path, idParam } = resource;
  const params = z.strictObject({ [idParam]: resource.id ?? directoryId(idParam) });
  const one = `${path}/:${idParam}`;
  const routes: Record<'list' | 'get' | 'put', RouteSpec> = {
    list: {
      method: 'get',
      path,
      tag: TAG,
      operationId: `list${name === 'Staff' ? 'Staff' : `${name}s`}`,
      summary: resource.listSummary ?? `The organisation’s ${noun === 'staff' ? 'staff' : `${noun}s`}, in id order`,
      description: resource.description,
      access: administers,
      query: resource.query ?? listQuery,
      responses: [{ status: 200, description: 'one page', schema: pageOf(resource.item) }],
      problems: [400, 401, 403, 503],
      logs: 'none', // the directory holds no case
    },
    get: {
      method: 'get',
      path: one,
      tag: TAG,
      operationId: `get${name}`,
      summary: `One ${noun === 'staff' ? 'member of staff' : noun}`,
      access: administers,
      params,
      responses: [{ status: 200, description: `the ${noun}`, schema: resource.item }],
      problems: READ_PROBLEMS,
      logs: 'none',
    },
    put: {
      method: 'put',
      path: one,
      tag: TAG,
      operationId: `put${name}`,
      summary: `Create or replace ${noun === 'staff' ? 'a member of staff' : `a ${noun}`}`,
      description: `${resource.description}\n\nIdempotent: sending the same body again changes nothing. Answers 201 when it created the ${noun}, 200 when it replaced it.`,
      access: administers,
      params,
      body: resource.body,
      bodyExample: resource.bodyExample,
      responses: [
        { status: 201, description: `the ${noun}, created`, schema: resource.item },
        { status: 200, description: `the ${noun}, replaced`, schema: resource.item },
      ],
      problems: PUT_PROBLEMS,
      logs: { auditLog: { action: `directory.${noun}.put` } },
    },
  };
  return routes;
}

/** Mounts the resource's routes (as `resourceRoutes` made them) on the router. */
const mounted =
  <Body, Item>(resource: Resource<Body, Item>, routes: ReturnType<typeof resourceRoutes>) =>
  (router: Router, pool: Pool, profiles: PolicyRegistry, hooks: DirectoryHooks): void => {
    const params = routes.get.params!;
    const query = resource.query ?? listQuery;
    const idOf = (req: Request): string => String(parseOrThrow(params, req.params, 'path')[resource.idParam]);
    mountRoute(router, routes.list, async (req, res) => {
      const page = parseOrThrow(query, req.query, 'query');
      res.json(await resource.list(pool, currentUser(req).organisationId, page));
    });
    mountRoute(router, routes.get, async (req, res) => {
      const id = idOf(req);
      const found = await resource.get(pool, currentUser(req).organisationId, id);
      if (!found) throw notFound(resource.noun, id);
      res.json(found);
    });
    mountRoute(router, routes.put, async (req, res) => {
      const id = idOf(req);
      const body = parseOrThrow(resource.body, req.body, 'body');
      const principal = currentUser(req);
      const problems = (await resource.check?.(pool, principal, id, body, profiles)) ?? [];
      if (problems.length > 0)
        throw new HttpProblem(
          { type: 'invalid-request', detail: 'the request names what your directory does not hold', errors: problems },
          'UnknownReference',
        );
      const result = await resource.put(pool, principal.organisationId, id, body);
      if (result.outcome === 'taken') throw taken(resource.noun, id);
      await resource.afterPut?.(hooks, id, body);
      res.status(result.created ? 201 : 200).json(result.item);
    });
  };

const notFound = (noun: string, id: string) =>
  new HttpProblem({ type: 'not-found', detail: `no ${noun} ${id} in your organisation’s directory` });
const taken = (noun: string, id: string) =>
  new HttpProblem(
    { type: 'not-possible', detail: `the ${noun} id ${id} is taken: ids are unique across organisations` },
    'IdTaken',
  );

const bodyField = (field: string) => `body.${field}`;

const ORGANISATIONS: Resource<z.infer<typeof organisationBodySchema>, z.infer<typeof organisationSchema>> = {
  noun: 'organisation',
  name: 'Organisation',
  path: '/organisations',
  idParam: 'organisationId',
  body: organisationBodySchema,
  bodyExample: { name: 'Example Housing Association (fictional)', policyProfileId: 'stonewater' },
  item: organisationSchema,
  description:
    'The admin’s own organisation (its id is the organisation_id of the staff’s tokens): its name and the policy profile its cases follow. An admin keeps only their own organisation’s directory.',
  list: listOrganisations,
  get: getOrganisation,
  put: (pool, _organisationId, id, body) => putOrganisation(pool, id, body),
  async check(_pool, principal, id, body, profiles) {
    const problems: { field: string; message: string }[] = [];
    if (id !== principal.organisationId)
      problems.push({ field: 'path.organisationId', message: `your token is for ${principal.organisationId}` });
    if (!profiles.get(body.policyProfileId))
      problems.push({
        field: bodyField('policyProfileId'),
        message: `no policy profile ${body.policyProfileId}; the profiles are ${profiles
          .list()
          .map((profile) => profile.id)
          .join(', ')}`,
      });
    return problems;
  },
  afterPut: (hooks, id, body) => hooks.organisationSaved?.(id, body.policyProfileId) ?? Promise.resolve(),
};

const AREAS: Resource<z.infer<typeof areaBodySchema>, z.infer<typeof areaSchema>> = {
  noun: 'area',
  name: 'Area',
  path: '/areas',
  idParam: 'areaId',
  body: areaBodySchema,
  bodyExample: { name: 'North (example)' },
  item: areaSchema,
  description:
    'An area the organisation works in. A case whose officer works in an area escalates to that area’s DA lead.',
  list: listAreas,
  get: getArea,
  put: putArea,
};

const TEAMS: Resource<z.infer<typeof teamBodySchema>, z.infer<typeof teamSchema>> = {
  noun: 'team',
  name: 'Team',
  path: '/teams',
  idParam: 'teamId',
  body: teamBodySchema,
  bodyExample: { name: 'North tenancy team (example)', areaId: 'area-north' },
  item: teamSchema,
  description: 'A team (its id is the team_id of its members’ tokens), and the area it works in.',
  list: listTeams,
  get: getTeam,
  put: putTeam,
  async check(pool, principal, _id, body) {
    if (body.areaId === null || (await getArea(pool, principal.organisationId, body.areaId))) return [];
    return [{ field: bodyField('areaId'), message: `no area ${body.areaId} in your organisation (PUT /areas first)` }];
  },
};

const STAFF: Resource<z.infer<typeof staffBodySchema>, z.infer<typeof staffMemberSchema>> = {
  noun: 'staff',
  name: 'Staff',
  path: '/staff',
  idParam: 'staffId',
  body: staffBodySchema,
  bodyExample: {
    role: 'caseworker',
    teamId: 'team-north',
    areaId: 'area-north',
    lineManagerId: 'example-mgr-mo',
    email: 'oz.officer@example.org',
    active: true,
    absent: true,
    coverStaffId: 'example-officer-pip',
    gender: 'man',
  },
  item: staffMemberSchema,
  description:
    'A member of staff (the staffId is the `sub` of their token): role, team, area, line manager, e-mail, whether they are active (false: has left) or absent (away for now; their alerts go to their cover, or the next rung), and their gender, for a survivor who asks for an officer of a given gender.',
  list: listStaff,
  get: getStaff,
  put: putStaff,
  async check(pool, principal, id, body) {
    const named = (...values: (string | null)[]) => values.filter((value): value is string => value !== null);
    const directory = await directoryIds(pool, principal.organisationId, {
      staff: named(body.lineManagerId, body.coverStaffId),
      teams: named(body.teamId),
      areas: named(body.areaId),
    });
    return staffReferenceProblems(id, body, {
      staff: (other) => directory.staff.has(other),
      team: (team) => directory.teams.has(team),
      area: (area) => directory.areas.has(area),
    }).map(({ field, message }) => ({ field: bodyField(field), message }));
  },
};

const SHIFTS: Resource<z.infer<typeof onCallShiftBodySchema>, z.infer<typeof onCallShiftSchema>> = {
  noun: 'shift',
  name: 'OnCallShift',
  path: '/on-call-shifts',
  idParam: 'shiftId',
  body: onCallShiftBodySchema,
  bodyExample: { staffId: 'example-lead-north', startsAt: '2031-03-14T17:00:00Z', endsAt: '2031-03-15T09:00:00Z' },
  item: onCallShiftSchema,
  description:
    'The on-call rota: who is on call for the organisation between two instants. An urgent alert raised to the `on_call` rung reaches whoever is on a shift then, or else the organisation’s DA leads (and says so). The shift id is the caller’s (a UUID), so a retried PUT stores the shift once.',
  id: z.uuid('the shift id must be a UUID'),
  query: z
    .strictObject({
      ...pageQuery,
      from: caseInstant.optional(),
      to: caseInstant.optional(),
    })
    .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
      path: ['to'],
      message: 'must be after from',
    }),
  listSummary: 'The on-call rota: the shifts overlapping [from, to), earliest first',
  list: listShifts,
  get: getShift,
  put: putShift,
  async check(pool, principal, _id, body) {
    const staff = await getStaff(pool, principal.organisationId, body.staffId);
    if (staff?.active) return [];
    return [{ field: bodyField('staffId'), message: `no active staff member ${body.staffId} in your organisation` }];
  },
};

const organisationRoutes = resourceRoutes(ORGANISATIONS);
const areaRoutes = resourceRoutes(AREAS);
const teamRoutes = resourceRoutes(TEAMS);
const staffRoutes = resourceRoutes(STAFF);
const shiftRoutes = resourceRoutes(SHIFTS);

const IMPORT_DESCRIPTION = `A CSV file (\`Content-Type: text/csv\`, up to 1 MB and ${STAFF_IMPORT_MAX_ROWS} rows) of staff, one a row, each stored as PUT /staff/{staffId} would store it. The header names the columns: ${STAFF_CSV_COLUMNS.map((column) => `\`${column}\``).join(', ')} (\`staffId\` and \`role\` required; an empty cell is the field's default; \`active\` and \`absent\` are true/false or yes/no). A line manager or cover may be on a later row. All or nothing: if any row is wrong the whole file is refused (400), each problem naming its row (as a spreadsheet numbers them: the header is row 1) and column, and nothing is stored.`;

export const DIRECTORY_ROUTES = {
  ...prefixed('organisation', organisationRoutes),
  ...prefixed('area', areaRoutes),
  ...prefixed('team', teamRoutes),
  ...prefixed('staff', staffRoutes),
  importStaff: {
    method: 'post',
    path: '/staff/import',
    tag: TAG,
    operationId: 'importStaff',
    summary: 'Import staff from a CSV file, all or nothing',
    description: IMPORT_DESCRIPTION,
    access: administers,
    body: z.string().describe('the CSV file'),
    bodyMediaTypes: ['text/csv'],
    bodyExample: STAFF_CSV_EXAMPLE,
    responses: [{ status: 200, description: 'every row stored', schema: importResultSchema }],
    problems: [400, 401, 403, 409, 413, 415, 503],
    logs: { auditLog: { action: 'directory.staff.imported' } },
  },
  ...prefixed('shift', shiftRoutes),
} as const satisfies Record<string, RouteSpec>;

function prefixed<Prefix extends string, Routes extends Record<string, RouteSpec>>(
  prefix: Prefix,
  routes: Routes,
): { [Key in keyof Routes & string as `${Prefix}${Capitalize<Key>}`]: Routes[Key] } {
  return Object.fromEntries(
    Object.entries(routes).map(([key, spec]) => [`${prefix}${key[0]!.toUpperCase()}${key.slice(1)}`, spec]),
  ) as never;
}

const MOUNTS = [
  mounted(ORGANISATIONS, organisationRoutes),
  mounted(AREAS, areaRoutes),
  mounted(TEAMS, teamRoutes),
  mounted(STAFF, staffRoutes),
  mounted(SHIFTS, shiftRoutes),
];

/** The directory (issue 13): organisations, areas, teams, staff and the on-call rota, for admins. */
export function directoryRouter(
  deps: Pick<ApiDependencies, 'pool'> & { profiles: PolicyRegistry; directoryHooks?: DirectoryHooks },
): Router {
  const router = Router();
  for (const mount of MOUNTS) mount(router, deps.pool, deps.profiles, deps.directoryHooks ?? {});
  return router;
}

/** A staff file of up to STAFF_IMPORT_MAX_ROWS rows. */
const STAFF_FILE_LIMIT = '1mb';

/** POST /staff/import: its body is a CSV file, so it is mounted before JSON is required (ownBodyRouters). */
export function staffImportRouter(deps: Pick<ApiDependencies, 'pool'>): Router {
  const router = Router();
  mountRoute(router, DIRECTORY_ROUTES.importStaff, async (req, res) => {
    if (!req.is('text/csv'))
      throw new HttpProblem({
        type: 'unsupported-media-type',
        detail: 'send the staff file as Content-Type: text/csv',
        errors: [{ field: 'header.Content-Type', message: 'must be text/csv' }],
      });
    await readOwnBody(
      req,
      res,
      express.text({ type: 'text/csv', limit: STAFF_FILE_LIMIT, verify: utf8Verifier('invalid-request') }),
    );
    const text = String(req.body ?? '');
    const { organisationId } = currentUser(req);
    const parsed = parseStaffCsv(text, await directoryIds(deps.pool, organisationId));
    if (!parsed.ok)
      throw new HttpProblem(
        {
          type: 'invalid-request',
          detail: `the file was refused and nothing was imported: ${parsed.problems.length} problem(s)`,
          errors: parsed.problems.map(({ row, column, reason }) => ({
            field: column === null ? `body.row[${row}]` : `body.row[${row}].${column}`,
            message: reason,
          })),
        },
        'InvalidFile',
      );
    const stored = await importStaff(deps.pool, organisationId, parsed.rows);
    if (stored.outcome === 'taken') throw taken('staff', stored.staffId);
    res.json({ imported: parsed.rows.length, created: stored.created, updated: stored.updated });
  });
  return router;
}
