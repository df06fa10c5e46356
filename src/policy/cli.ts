/**
 * `npm run profiles -- check <folder>`: checks a folder of policy profiles as the product would
 * load it beside the shipped ones, and prints every problem with its file and path, e.g.
 *   refused  my-org.yaml  $.timescales.initialContact.amount: Too small: expected number to be >=0
 * Exit codes: 0 every profile loads, 1 a profile is refused, 2 usage, or the folder cannot be read.
 */
import path from 'node:path';
import { ProfileFolderError } from './load';
import { loadPolicyProfiles } from './registry';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export interface ProfilesCliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

const USAGE = 'usage: npm run profiles -- check <folder>';

export function runProfilesCli(args: readonly string[], io: ProfilesCliIo): number {
  const [command, folder, ...rest] = args;
  if (command !== 'check' || !folder || rest.length > 0) {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  let result;
  try {
    result = loadPolicyProfiles(folder);
  } catch (error) {
    if (!(error instanceof ProfileFolderError)) throw error;
    io.stderr(error.message);
    return EXIT_USAGE;
  }
  const shown = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') ? file : relative;
  };
  for (const { file, profile } of result.loaded) io.stdout(`ok       ${shown(file)}  ${profile.id} ${profile.version}`);
  for (const { file, problems } of result.refused) {
    for (const problem of problems) io.stdout(`refused  ${shown(file)}  ${problem.path}: ${problem.message}`);
  }
  io.stdout(
    `${result.loaded.length} profile(s) load, ${result.refused.length} file(s) refused` +
      (result.refused.length ? ': a refused file is not loaded at all, and its organisation cannot open cases' : ''),
  );
  return result.refused.length ? EXIT_REFUSED : EXIT_OK;
}
