/**
 * Prints a development bearer token signed with the local key (made on first use), e.g.
 *   node dist/src/bin/issue-dev-token.js --role manager --staff officer-ada --org stonewater
 * Only the token goes to stdout, so `TOKEN=$(…)` works; everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEV_TOKEN_DEFAULTS, devKeyFilePath, issueDevToken, roleSchema } from '../platform/auth';
import { loadDotEnv } from '../platform/runtime/dot-env';

const USAGE = `usage: issue-dev-token --role <role> --staff <staff id> --org <organisation id>
                       [--team <team id>] [--partner <partner id>] [--expires-in 8h]
                       [--issuer <iss>] [--audience <aud>] [--key-file <path>]
roles: ${roleSchema.options.join(', ')}
defaults follow AUTH_ISSUER, AUTH_AUDIENCE, AUTH_DEV_KEY_FILE and DATA_DIR when set`;

const text = z.string({ error: 'is required' }).trim().min(1, 'must not be empty');
const argsSchema = z
  .object({
    role: roleSchema,
    staff: text,
    org: text,
    team: text.optional(),
    partner: text.optional(),
    'expires-in': text.optional(),
    issuer: text.optional(),
    audience: text.optional(),
    'key-file': text.optional(),
  })
  .refine((args) => args.role !== 'partner' || args.partner !== undefined, {
    message: 'is required for the partner role',
    path: ['partner'],
  });

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        staff: { type: 'string' },
        org: { type: 'string' },
        team: { type: 'string' },
        partner: { type: 'string' },
        'expires-in': { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        'key-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    fail(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const args = parsed.data;
  // Empty variables count as unset, as in src/platform/config.ts.
  const env = (name: string): string | undefined => process.env[name] || undefined;
  const token = await issueDevToken({
    keyFile: args['key-file'] ?? env('AUTH_DEV_KEY_FILE') ?? devKeyFilePath(env('DATA_DIR') ?? '.data'),
    issuer: args.issuer ?? env('AUTH_ISSUER') ?? DEV_TOKEN_DEFAULTS.issuer,
    audience: args.audience ?? env('AUTH_AUDIENCE') ?? DEV_TOKEN_DEFAULTS.audience,
    staffId: args.staff,
    role: args.role,
    organisationId: args.org,
    teamId: args.team,
    partnerId: args.partner,
    expiresIn: args['expires-in'],
  }).catch((error: unknown) =>
    fail(error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join('\n') : String(error)),
  );
  process.stdout.write(`${token}\n`);
}

loadDotEnv();
void main();
