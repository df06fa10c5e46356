/**
 * Audit tooling for the append-only audit and access logs (src/audit), e.g.
 *   DATABASE_URL=postgres://… node dist/scripts/audit.js verify
 *   DATABASE_URL=postgres://… node dist/scripts/audit.js verify --table access_log
 * Exit codes: 0 every chain checked is intact, 1 a chain is broken (tampering or loss),
 * 2 usage or configuration error, or the database could not be read.
 *
 * Each subcommand is one entry in SUBCOMMANDS with its own options; `replay`, `export` and
 * `report` are meant to join `verify` there.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Pool } from 'pg';
import { z } from 'zod';
import { AUDIT_TABLES, verifyChain, type ChainVerification } from '../src/audit';

export const EXIT_OK = 0;
export const EXIT_BROKEN = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout(line: string): void;
  stderr(line: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Subcommand {
  summary: string;
  usage: string;
  options: Options;
  run(values: Values, io: CliIo): Promise<number>;
}

/** Raised for anything the operator must fix before the command can run: exit code 2. */
class UsageError extends Error {}

/** The rule DATABASE_URL follows in src/config.ts; required here, as there is no embedded database to fall back on. */
const databaseUrlSchema = z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL');

function databaseUrl(env: NodeJS.ProcessEnv): string {
  const value = env.DATABASE_URL || undefined; // empty counts as unset, as in src/config.ts
  if (value === undefined) throw new UsageError('DATABASE_URL is not set: point it at the case database (postgres://…)');
  const parsed = databaseUrlSchema.safeParse(value);
  // The value may carry a password: name the variable and the expectation, never the value.
  if (!parsed.success) throw new UsageError(`DATABASE_URL: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** A short-lived pool for one command; errors while connecting or reading are reported, not thrown away. */
async function withDatabase<T>(env: NodeJS.ProcessEnv, use: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: databaseUrl(env), max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    return await use(pool);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export function formatVerification(result: ChainVerification): string {
  const rows = `${result.rows} ${result.rows === 1 ? 'row' : 'rows'}`;
  return result.ok
    ? `${result.table}: ${rows}, OK (head ${result.headHash})`
    : `${result.table}: ${rows}, BROKEN at seq ${result.firstBrokenSeq}: ${result.reason}`;
}

const verifyArgsSchema = z.strictObject({
  table: z.enum(AUDIT_TABLES, { error: `must be one of: ${AUDIT_TABLES.join(', ')}` }).optional(),
});

const SUBCOMMANDS: Record<string, Subcommand> = {
  verify: {
    summary: 'recompute every hash of the audit and access logs and check the chains',
    usage: `usage: audit verify [--table ${AUDIT_TABLES.join('|')}]
  Reads DATABASE_URL. Prints one line per log: its row count and OK with the head hash (keep a
  copy elsewhere), or BROKEN with the first broken seq and the reason.
  Exit code 0 when every log checked is intact, 1 when one is broken, 2 on a usage,
  configuration or database error.`,
    options: { table: { type: 'string' } },
    async run(values, io) {
      const parsed = verifyArgsSchema.safeParse(values);
      if (!parsed.success) {
        throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
      }
      const tables = parsed.data.table ? [parsed.data.table] : [...AUDIT_TABLES];
      return withDatabase(io.env, async (pool) => {
        let intact = true;
        for (const table of tables) {
          const result = await verifyChain(pool, table);
          io.stdout(formatVerification(result));
          intact &&= result.ok;
        }
        return intact ? EXIT_OK : EXIT_BROKEN;
      });
    },
  },
};

const USAGE = `usage: audit <command> [options]
commands:
${Object.entries(SUBCOMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
  .join('\n')}
Run \`audit <command> --help\` for a command's options.`;

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runAuditCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '') {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`audit: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    let values: Values;
    try {
      ({ values } = parseArgs({
        args: [...rest],
        options: { ...command.options, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout(command.usage);
      return EXIT_OK;
    }
    delete values.help;
    return await command.run(values, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`audit ${name}: ${error.message}\n\n${command.usage}`);
    } else {
      io.stderr(`audit ${name}: could not complete: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  void runAuditCli(process.argv.slice(2), {
    env: process.env,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
