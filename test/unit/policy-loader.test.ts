import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProfilesCli } from '../../src/policy/cli';
import { ProfileFolderError } from '../../src/policy/load';
import { loadPolicyProfiles, SHIPPED_PROFILES_DIR } from '../../src/policy/registry';
import { profileDigest } from '../../src/policy/versions';
import { projectRoot } from '../../src/platform/paths';
import { SHIPPED_AND_EXAMPLE_VERSIONS } from '../support/profiles';

const EXAMPLES_DIR = path.join(projectRoot, 'policies', 'examples');
const GLENBRAE = 'example-glenbrae-scotland.yaml';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-profiles-'));
  fs.cpSync(EXAMPLES_DIR, folder, { recursive: true });
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const file = (name: string) => path.join(folder, name);
const edit = (name: string, change: (text: string) => string) => {
  const before = fs.readFileSync(file(name), 'utf8');
  const after = change(before);
  expect(after).not.toBe(before); // the edit below really broke something
  fs.writeFileSync(file(name), after);
};
const refusalOf = (name: string) => loadPolicyProfiles(folder).refused.find((refused) => refused.file === file(name));

describe('loading a deployment folder beside the shipped profiles', () => {
  it('loads good files: the shipped four and the deployment’s, each under its id and version', () => {
    const { registry, refused } = loadPolicyProfiles(folder);
    expect(refused).toEqual([]);
    expect(registry.list().map((profile) => `${profile.id} ${profile.version}`)).toEqual(SHIPPED_AND_EXAMPLE_VERSIONS);
    const glenbrae = registry.get('example-glenbrae-scotland')!;
    expect(glenbrae.region).toBe('scotland');
    expect(glenbrae.timescales.initialContact).toEqual({ unit: 'working_days', amount: 1 });
    expect(glenbrae.provenance['timescales.initialContact']).toEqual({
      source: 'policy',
      document: 'example-glenbrae-da-policy.txt',
      reference: 'our Housing Officer will make contact within one working day',
    });
    expect(registry.get('example-loughside-northern-ireland')!.region).toBe('northern-ireland');
  });

  it('refuses a broken file whole, listing every problem with its path, and still loads the others', () => {
    edit(GLENBRAE, (text) =>
      text
        .replace(
          'initialContact: { unit: working_days, amount: 1 }',
          'initialContact: { unit: working_days, amount: -1 }',
        )
        .replace('region: scotland', 'region: wales')
        .replace('safetyPlan: { unit: working_days, amount: 5 }', 'safetyPlan: { unit: working_days, amount: 6 }'),
    );
    const { registry, refused } = loadPolicyProfiles(folder);
    expect(refused).toEqual([
      {
        file: file(GLENBRAE),
        problems: [
          { path: '$.region', message: expect.stringMatching(/^Invalid option/) },
          { path: '$.timescales.initialContact.amount', message: 'Too small: expected number to be >=0' },
          {
            path: '$.timescales.safetyPlan',
            message: expect.stringContaining('labelled platform_default, but the platform default is 5 working days'),
          },
        ],
      },
    ]);
    expect(registry.get('example-glenbrae-scotland')).toBeUndefined();
    expect(registry.get('example-loughside-northern-ireland')).toBeDefined();
    expect(registry.get('stonewater')).toBeDefined();
  });

  it('checks the urgent ladder’s defaults by rung in clock hours, and the on-call default', () => {
    const loughside = 'example-loughside-northern-ireland.yaml';
    edit(loughside, (text) =>
      text
        // the DA lead's urgent step: the platform's is one hour after the deadline
        .replace(
          /(rung: da_lead\n {6}roleTitle: Safeguarding Lead\n {6}afterDeadline: )\{ unit: calendar_hours, amount: 1 \}/,
          '$1{ unit: calendar_hours, amount: 3 }',
        )
        .replace('roleTitle: On-call manager', 'roleTitle: Night porter'),
    );
    expect(refusalOf(loughside)?.problems).toEqual([
      {
        path: '$.urgent.escalationLadder[1].afterDeadline',
        message: expect.stringContaining('the platform default is 1 calendar hour'),
      },
      {
        path: '$.urgent.onCall.roleTitle',
        message: expect.stringContaining('the platform default is "On-call manager"'),
      },
    ]);
  });

  it('refuses a quote that does not occur in its policy document, and a document that is not there', () => {
    edit(GLENBRAE, (text) =>
      text.replace(
        'reference: our Housing Officer will make contact within one working day',
        'reference: our Housing Officer will make contact within one hour',
      ),
    );
    expect(refusalOf(GLENBRAE)?.problems).toEqual([
      {
        path: '$.provenance["timescales.initialContact"].reference',
        message: 'this quote does not occur in example-glenbrae-da-policy.txt: quote the document word for word',
      },
    ]);

    fs.rmSync(file('documents/example-glenbrae-da-policy.txt'));
    expect(refusalOf(GLENBRAE)?.problems).toContainEqual({
      path: '$.policyDocuments[0]',
      message: 'no such document in documents/ beside the profile',
    });
  });

  it('finds a quote across the document’s line breaks', () => {
    // "make contact" ends one line of the document and "within one working day" starts the next.
    const documentText = fs.readFileSync(file('documents/example-glenbrae-da-policy.txt'), 'utf8');
    expect(documentText).toContain('make contact\nwithin one working day');
    expect(refusalOf(GLENBRAE)).toBeUndefined();
  });

  it('refuses a second file with the same id in one folder, keeping the first', () => {
    fs.copyFileSync(file(GLENBRAE), file('z-copy.yaml'));
    const { registry, refused } = loadPolicyProfiles(folder);
    expect(refused).toEqual([
      {
        file: file('z-copy.yaml'),
        problems: [
          {
            path: '$.id',
            message: `"example-glenbrae-scotland" is already the id of ${GLENBRAE}: one file per profile`,
          },
        ],
      },
    ]);
    expect(registry.get('example-glenbrae-scotland')).toBeDefined();
  });

  it('lets a deployment replace a shipped profile only with a newer version', () => {
    fs.cpSync(path.join(SHIPPED_PROFILES_DIR, 'stonewater.yaml'), file('stonewater.yaml'));
    fs.cpSync(path.join(SHIPPED_PROFILES_DIR, 'documents'), file('documents'), { recursive: true });
    expect(refusalOf('stonewater.yaml')?.problems).toEqual([
      {
        path: '$.id',
        message: '"stonewater" 1.4.0 is shipped; a deployment\'s profile of that id must have a newer version',
      },
    ]);

    edit('stonewater.yaml', (text) =>
      text
        .replace("version: '1.4.0'", "version: '1.5.0'")
        .replace('safetyPlan: { unit: working_days, amount: 5 }', 'safetyPlan: { unit: working_days, amount: 3 }')
        .replace(
          'timescales.safetyPlan: { source: platform_default }',
          'timescales.safetyPlan: { source: policy, document: 002_416270b1980a41b9.txt, reference: respond within one working day }',
        ),
    );
    const { registry, refused } = loadPolicyProfiles(folder);
    expect(refused).toEqual([]);
    expect(registry.get('stonewater')).toMatchObject({
      version: '1.5.0',
      timescales: { safetyPlan: { unit: 'working_days', amount: 3 } },
    });
  });

  it('reports a YAML syntax error or a key given twice with its line, rather than guessing', () => {
    fs.writeFileSync(file('twice.yaml'), 'id: one\nid: two\n');
    expect(refusalOf('twice.yaml')?.problems).toEqual([
      { path: '$', message: 'Map keys must be unique at line 2, column 1' },
    ]);
  });

  it('refuses to start from a folder that cannot be read, rather than serving without it', () => {
    expect(() => loadPolicyProfiles(path.join(folder, 'missing'))).toThrow(ProfileFolderError);
  });
});

describe('npm run profiles -- check <folder>', () => {
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runProfilesCli(args, { stdout: (line) => out.push(line), stderr: (line) => err.push(line) });
    return { code, out, err };
  };

  it('exits 0 and names each profile when every file loads', () => {
    const { code, out } = run(['check', folder]);
    expect(code).toBe(0);
    expect(out).toContainEqual(
      expect.stringMatching(/^ok +.*example-glenbrae-scotland\.yaml +example-glenbrae-scotland 1\.3\.0$/),
    );
    expect(out.at(-1)).toBe('6 profile(s) load, 0 file(s) refused');
  });

  it('prints every problem with its file and path and exits 1', () => {
    edit(GLENBRAE, (text) =>
      text
        .replace(
          'initialContact: { unit: working_days, amount: 1 }',
          'initialContact: { unit: working_days, amount: -1 }',
        )
        // the first of the three quotes of this sentence
        .replace('reference: Our Domestic Abuse Coordinator leads our response', 'reference: Our DA Coordinator'),
    );
    const { code, out } = run(['check', folder]);
    expect(code).toBe(1);
    const refusedLines = out.filter((line) => line.startsWith('refused'));
    expect(refusedLines).toEqual([
      `refused  ${file(GLENBRAE)}  $.timescales.initialContact.amount: Too small: expected number to be >=0`,
      `refused  ${file(GLENBRAE)}  $.provenance["escalationLadder.1.rung"].reference: this quote does not occur in example-glenbrae-da-policy.txt: quote the document word for word`,
    ]);
  });

  it('exits 2 with its usage for anything else, and for a folder it cannot read', () => {
    expect(run([]).code).toBe(2);
    expect(run(['lint', folder]).err).toEqual(['usage: npm run profiles -- check <folder>']);
    expect(run(['check', path.join(folder, 'missing')]).code).toBe(2);
  });
});

describe('a profile version’s digest', () => {
  it('follows the content, not the order the file lists it in', () => {
    const profile = loadPolicyProfiles(folder).registry.get('example-glenbrae-scotland')!;
    const reordered = Object.fromEntries(Object.entries(profile).reverse()) as typeof profile;
    expect(profileDigest(reordered)).toBe(profileDigest(profile));
    expect(profileDigest({ ...profile, reminderBeforeDue: { unit: 'calendar_hours', amount: 5 } })).not.toBe(
      profileDigest(profile),
    );
  });
});
