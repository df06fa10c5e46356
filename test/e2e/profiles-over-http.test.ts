import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Principal } from '../../src/platform/auth';
import { projectRoot } from '../../src/platform/paths';
import { policyRegistryAtStart } from '../../src/policy/registry';
import { fictionalDisclosure, fictionalSafeWord, fictionalSurvivorReference } from '../fixtures/disclosures';
import { startApi, type RunningApi } from '../support/api-server';
import { SHIPPED_AND_EXAMPLE_VERSIONS } from '../support/profiles';
import { eventually, seedStaff, startCaseHarness, type CaseHarness } from '../support/case-harness';

const GLENBRAE = 'example-glenbrae-scotland';
const officer: Principal = {
  staffId: 'officer-ada',
  role: 'caseworker',
  organisationId: GLENBRAE,
  teamId: 'team-north',
};
const repairsManager: Principal = { staffId: 'repairs-gus', role: 'repairs_manager', organisationId: 'stonewater' };
const partner: Principal = {
  staffId: 'contractor-1',
  role: 'partner',
  organisationId: GLENBRAE,
  partnerId: 'contractor',
};

/** Thu 31 Dec 2026, 10:00 in London; Scotland's next working days are Tue 5 and Wed 6 Jan 2027. */
const DISCLOSED_AT = '2026-12-31T10:00:00.000Z';

/**
 * The API must believe it is 31 Dec 2026 to accept a disclosure of that day (it refuses one dated
 * after now); only Date is faked, so timers, Temporal and the database run as ever.
 */
async function onNewYearsEve<T>(action: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date('2026-12-31T12:00:00.000Z'),
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  try {
    return await action();
  } finally {
    jest.useRealTimers();
  }
}

/**
 * A deployment's own policy folder, as a provider would set it up: the fictional Scottish and
 * Northern Irish example profiles and a broken file, loaded at start beside the shipped profiles,
 * served over HTTP on the time-skipping server.
 */
describe('a deployment’s policy profiles over HTTP', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  let folder: string;
  const logLines: Record<string, any>[] = [];

  const startApiOnFolder = async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
    api = await startApi({
      pool: harness.db.pool,
      client: harness.env.client,
      taskQueue: harness.taskQueue,
      profiles: await policyRegistryAtStart(folder, harness.db.pool, logger),
    });
  };
  const get = async (who: Principal, url: string) => api.call('GET', url, { token: await api.tokenFor(who) });

  /** Opens a Glenbrae case for a disclosure on 31 Dec 2026 and answers it once its deadlines are scheduled. */
  async function openGlenbraeCase(idempotencyKey: string) {
    const opened = await onNewYearsEve(async () =>
      api.call('POST', '/cases', {
        token: await api.tokenFor(officer),
        headers: { 'Idempotency-Key': idempotencyKey },
        body: fictionalDisclosure({ organisationId: GLENBRAE, disclosedAt: DISCLOSED_AT }),
      }),
    );
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.caseId;
    const state = await eventually(
      async () => (await get(officer, `/cases/${caseId}/state`)).body,
      (view) => view?.deadlines?.some((d: any) => d.task === 'initialContact' && d.schedule),
    );
    const initialContact = state.deadlines.find((d: any) => d.task === 'initialContact');
    return { caseId, projection: opened.body, initialContact };
  }

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-profiles-'));
    fs.cpSync(path.join(projectRoot, 'policies', 'examples'), folder, { recursive: true });
    // A provider's file with a mistake: a timescale in words, where the schema wants a number.
    const loughside = fs.readFileSync(path.join(folder, 'example-loughside-northern-ireland.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(folder, 'broken-provider.yaml'),
      loughside
        .replace('id: example-loughside-northern-ireland', 'id: broken-provider')
        .replace(
          'initialContact: { unit: working_days, amount: 2 }',
          'initialContact: { unit: working_days, amount: two }',
        ),
    );
    harness = await startCaseHarness();
    await seedStaff(harness.db, GLENBRAE);
    await startApiOnFolder();
  });

  afterAll(async () => {
    await api?.close();
    await harness?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('refuses the broken file with its problems, logged without personal data, and serves the others', async () => {
    const refusal = logLines.find((line) => line.msg?.startsWith('policy profile refused'));
    expect(refusal).toMatchObject({
      file: path.join(folder, 'broken-provider.yaml'),
      problems: [
        { path: '$.timescales.initialContact.amount', message: 'Invalid input: expected number, received string' },
      ],
    });
    const text = JSON.stringify(logLines);
    for (const personal of [fictionalSurvivorReference, fictionalSafeWord]) expect(text).not.toContain(personal);

    const listed = await get(officer, '/profiles');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((profile: any) => `${profile.id} ${profile.version}`)).toEqual(
      SHIPPED_AND_EXAMPLE_VERSIONS,
    );
    expect((await get(officer, '/profiles/broken-provider')).status).toBe(404);

    // Never half-loaded: the broken file's organisation cannot open a case at all.
    const refused = await api.call('POST', '/cases', {
      token: await api.tokenFor({ ...officer, organisationId: 'broken-provider' }),
      headers: { 'Idempotency-Key': 'broken-provider-1' },
      body: fictionalDisclosure({ organisationId: 'broken-provider' }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/unknown-organisation');
  });

  it('shows a profile with its provenance and version to any member of staff, and to no partner', async () => {
    const shown = await get(repairsManager, `/profiles/${GLENBRAE}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: GLENBRAE,
      version: '1.3.0',
      region: 'scotland',
      timescales: { initialContact: { unit: 'working_days', amount: 1 } },
      provenance: {
        'timescales.initialContact': {
          source: 'policy',
          document: 'example-glenbrae-da-policy.txt',
          reference: 'our Housing Officer will make contact within one working day',
        },
        'timescales.safetyPlan': { source: 'platform_default' },
      },
    });
    expect((await get(partner, `/profiles/${GLENBRAE}`)).status).toBe(403);
    expect((await get(officer, '/profiles/Not_An_Id')).status).toBe(400);
  });

  it('times a disclosure on Thu 31 Dec 2026 by Scotland’s calendar: initial contact due Tue 5 Jan 2027 17:00', async () => {
    const { caseId, projection, initialContact } = await openGlenbraeCase('glenbrae-new-year-1');
    expect(projection).toMatchObject({ policyProfile: GLENBRAE, policyVersion: '1.3.0' });
    // 1 and 4 Jan are Scottish bank holidays (4 Jan stands in for Sat 2 Jan); England's would be Mon 4 Jan.
    expect(initialContact.schedule.dueAt).toBe('2027-01-05T17:00:00.000Z');
    expect(initialContact.schedule.rule).toContain('Scotland bank holidays');

    const timeline = await get(officer, `/cases/${caseId}/timeline`);
    const set = timeline.body.entries.find(
      (entry: any) => entry.code === 'deadline.set' && entry.what === 'Deadline set: Initial contact',
    );
    expect(set.detail).toContain('due Tue 5 Jan 2027 17:00 Europe/London');
    expect(set.detail).toContain(`under policy profile ${GLENBRAE} 1.3.0`);
  });

  it('opens new cases under a new version of the file after a restart; a running case keeps its own', async () => {
    const running = await openGlenbraeCase('glenbrae-before-change');

    // Glenbrae's policy now allows two working days; its profile says so, at a new version.
    const documentFile = path.join(folder, 'documents', 'example-glenbrae-da-policy.txt');
    fs.writeFileSync(
      documentFile,
      fs.readFileSync(documentFile, 'utf8').replace('within one working day', 'within two working days'),
    );
    const profileFile = path.join(folder, `${GLENBRAE}.yaml`);
    fs.writeFileSync(
      profileFile,
      fs
        .readFileSync(profileFile, 'utf8')
        .replace("version: '1.3.0'", "version: '1.4.0'")
        .replace(
          'initialContact: { unit: working_days, amount: 1 }',
          'initialContact: { unit: working_days, amount: 2 }',
        )
        .replace(
          'reference: our Housing Officer will make contact within one working day',
          'reference: our Housing Officer will make contact within two working days',
        ),
    );
    await api.close();
    await startApiOnFolder();
    expect((await get(officer, `/profiles/${GLENBRAE}`)).body).toMatchObject({
      version: '1.4.0',
      timescales: { initialContact: { unit: 'working_days', amount: 2 } },
    });

    const fresh = await openGlenbraeCase('glenbrae-after-change');
    expect(fresh.projection.policyVersion).toBe('1.4.0');
    expect(fresh.initialContact.schedule.dueAt).toBe('2027-01-06T17:00:00.000Z');

    const kept = await get(officer, `/cases/${running.caseId}/state`);
    expect(kept.body.profile).toMatchObject({ version: '1.3.0', timescales: { initialContact: { amount: 1 } } });
    expect((await get(officer, `/cases/${running.caseId}`)).body.policyVersion).toBe('1.3.0');
    const timeline = await get(officer, `/cases/${running.caseId}/timeline`);
    const set = timeline.body.entries.find(
      (entry: any) => entry.code === 'deadline.set' && entry.what === 'Deadline set: Initial contact',
    );
    expect(set.detail).toContain(`due Tue 5 Jan 2027 17:00 Europe/London`);
    expect(set.detail).toContain(`under policy profile ${GLENBRAE} 1.3.0`);
  });

  it('refuses a file changed without a new version, since running cases keep what that version said', async () => {
    const profileFile = path.join(folder, `${GLENBRAE}.yaml`);
    fs.writeFileSync(
      profileFile,
      fs
        .readFileSync(profileFile, 'utf8')
        .replace(
          'initialContact: { unit: working_days, amount: 2 }',
          'initialContact: { unit: working_days, amount: 1 }',
        )
        .replace(
          'reference: our Housing Officer will make contact within two working days',
          'reference: We follow the Scottish bank holidays when we count working days',
        ),
    );
    logLines.length = 0;
    await api.close();
    await startApiOnFolder();
    expect(logLines.find((line) => line.file === profileFile)).toMatchObject({
      msg: expect.stringMatching(/^policy profile refused/),
      file: profileFile,
      problems: [{ path: '$.version', message: expect.stringContaining(`"${GLENBRAE}" 1.4.0 was loaded before`) }],
    });
    expect((await get(officer, `/profiles/${GLENBRAE}`)).status).toBe(404);
    expect((await get(officer, '/profiles/example-loughside-northern-ireland')).status).toBe(200);
  });
});
