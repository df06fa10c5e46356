import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from '../../src/api';
import { projectRoot } from '../../src/platform/paths';

/** Runs a linter's CLI from node_modules/.bin on the document; its exit status says whether it found an error. */
function lint(bin: string, args: (file: string, dir: string) => string[]): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
  try {
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
    const run = spawnSync(path.join(projectRoot, 'node_modules', '.bin', bin), args(file, dir), {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document, linted', () => {
  it('passes Redocly’s recommended rules with no error', () => {
    const result = lint('redocly', (file) => ['lint', '--extends=recommended', '--format=stylish', file]);
    expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({
      status: 0,
      output: '',
    });
  });

  it('passes Spectral’s spectral:oas rules with no error', () => {
    const result = lint('spectral', (file, dir) => {
      fs.writeFileSync(path.join(dir, '.spectral.yaml'), 'extends: ["spectral:oas"]\n');
      return ['lint', '--ruleset', path.join(dir, '.spectral.yaml'), '--fail-severity=error', file];
    });
    expect({ status: result.status, output: result.status === 0 ? '' : result.output }).toEqual({
      status: 0,
      output: '',
    });
  });
});
