import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../../src/platform/runtime/dot-env';

describe('.env', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-dotenv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    delete process.env.DACASE_TEST_FROM_FILE;
    delete process.env.DACASE_TEST_SET_BOTH;
  });

  it('sets the variables it names, leaving those already in the environment as they are', () => {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'DACASE_TEST_FROM_FILE=file\nDACASE_TEST_SET_BOTH=file\n');
    process.env.DACASE_TEST_SET_BOTH = 'environment';
    loadDotEnv(file);
    expect(process.env.DACASE_TEST_FROM_FILE).toBe('file');
    expect(process.env.DACASE_TEST_SET_BOTH).toBe('environment');
  });

  it('is optional: without the file nothing changes', () => {
    expect(() => loadDotEnv(path.join(dir, 'missing.env'))).not.toThrow();
    expect(process.env.DACASE_TEST_FROM_FILE).toBeUndefined();
  });
});
