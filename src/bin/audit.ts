import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runAuditCli } from '../audit/cli';
import { loadDotEnv } from '../platform/runtime/dot-env';

/** `npm run audit -- <command>`: the audit tooling of src/audit/cli.ts, on this process's arguments and environment. */
loadDotEnv();
// The replayer's worker reports each start and stop at INFO on stderr; an operator needs warnings only.
Runtime.install({ logger: new DefaultLogger('WARN') });
void runAuditCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
