import { runAuditCli, type CliIo } from '../../src/audit/cli';

/** Runs `audit <argv>` in-process, capturing what it prints and its exit code. */
export async function runAudit(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { env, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
  const code = await runAuditCli(argv, io);
  return { code, out, err: err.join('\n') };
}
