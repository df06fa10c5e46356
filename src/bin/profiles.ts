import { runProfilesCli } from '../policy/cli';

/** `npm run profiles -- check <folder>`: see src/policy/cli.ts. */
process.exitCode = runProfilesCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
