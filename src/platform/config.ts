import { z } from 'zod';
import { DEV_TOKEN_DEFAULTS, devKeyFilePath } from './auth/dev-key';
import { DEFAULT_ROLE_CLAIMS, parseRoleMap } from './auth/role-mapping';
import { payloadEncryptionKeysSchema } from './temporal/codec';

/**
 * All configuration comes from the environment and is checked once at start-up, so a typo
 * stops the process with a message naming the variable instead of failing later mid-case.
 */
const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z.string().trim().min(1).optional();

/** Where `npm start` keeps its data, relative to the working directory. */
export const DEFAULT_DATA_DIR = '.data';

export const configSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_BASE_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),

    /** Unset: `npm start` runs an embedded Temporal dev server; set: that cluster is used. */
    TEMPORAL_ADDRESS: optionalText,
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('da-cases'),
    TEMPORAL_CLI_PATH: optionalText,
    TEMPORAL_DEV_SERVER_PORT: port.default(7233),
    TEMPORAL_UI_PORT: port.default(8233),
    /** host:port where the worker's Temporal SDK serves Prometheus metrics (/metrics); unset: none */
    TEMPORAL_METRICS_BIND: z
      .string()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:9464')
      .optional(),
    /** browser origins of the Temporal UI allowed to call the codec endpoint (comma-separated) */
    TEMPORAL_UI_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url()))
      .optional(),

    /** Unset: `npm start` serves an embedded PGlite database over the PostgreSQL protocol. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    EMBEDDED_DATABASE_PORT: port.default(5433),

    /** `id:base64key,...`, current key first; unset under `npm start`: a development key in DATA_DIR. */
    PAYLOAD_ENCRYPTION_KEYS: payloadEncryptionKeysSchema.optional(),
    /** The largest document a case may hold, in bytes (20 MB); documents are kept sealed in PostgreSQL. */
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(20 * 1024 * 1024),

    /** Alert channels; alerts are always stored for the managers' inbox, delivered where configured. */
    SMTP_HOST: optionalText,
    SMTP_PORT: port.default(587),
    SMTP_SECURE: z.stringbool().default(false),
    SMTP_USER: optionalText,
    SMTP_PASSWORD: optionalText,
    SMTP_REQUIRE_TLS: z.stringbool().default(false),
    ALERT_EMAIL_FROM: z.email().default('da-case-alerts@localhost'),
    ALERT_WEBHOOK_URL: z.url().optional(),
    ALERT_WEBHOOK_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),

    /** Partners outside the organisation; unset URLs mean staff send the request through their own channel. */
    PARTNER_CONTRACTOR_URL: z.url().optional(),
    PARTNER_MARAC_COORDINATOR_URL: z.url().optional(),
    PARTNER_GATEWAY_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
    /** the partner ids (the `partner_id` claim of their tokens) whose callbacks may answer each kind of request */
    PARTNER_CONTRACTOR_ID: z.string().trim().min(1).default('contractor'),
    PARTNER_MARAC_COORDINATOR_ID: z.string().trim().min(1).default('marac-coordinator'),
    PARTNER_LOCAL_AUTHORITY_ID: z.string().trim().min(1).default('local-authority'),

    /** A folder of the deployment's own policy profiles (*.yaml, with their policy texts in documents/), beside the shipped ones. */
    POLICY_PROFILES_DIR: optionalText,

    /** Bearer tokens: who issues them and for whom; the defaults are the development tokens'. */
    AUTH_ISSUER: z.string().trim().min(1).default(DEV_TOKEN_DEFAULTS.issuer),
    AUTH_AUDIENCE: z.string().trim().min(1).default(DEV_TOKEN_DEFAULTS.audience),
    /** The identity provider's key set; required by the production API, where dev keys are never trusted. */
    AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The claims that carry a token's roles or groups (comma-separated; a dotted path reaches a nested claim). */
    AUTH_ROLE_CLAIMS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((claim) => claim.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, 'expected claim names, e.g. roles,groups'))
          .min(1, 'name at least one claim'),
      )
      .default([...DEFAULT_ROLE_CLAIMS]),
    /** The identity provider's group or role names → our roles: `name=role,…`; unset: our names only. */
    AUTH_ROLE_MAP: z
      .string()
      .transform((value, ctx) => {
        const parsed = parseRoleMap(value);
        if (parsed.ok) return parsed.names;
        for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      })
      .default(new Map()),
    /**
     * The web console's client id at the identity provider (a public client: authorization code
     * with PKCE, redirect URI `<PUBLIC_BASE_URL>/signed-in`); its issuer is AUTH_ISSUER, which must
     * then be the issuer's URL. Unset: the console offers no sign-in through the identity provider.
     */
    CONSOLE_OIDC_CLIENT_ID: optionalText,
    /** The scopes the console asks for; the access token must be for AUTH_AUDIENCE. */
    CONSOLE_OIDC_SCOPE: z.string().trim().min(1).default('openid'),
    /** The development signing key (`npm start` only); unset: DATA_DIR/dev-jwt-key.json. */
    AUTH_DEV_KEY_FILE: optionalText,
  })
  .refine((config) => !config.CONSOLE_OIDC_CLIENT_ID || URL.canParse(config.AUTH_ISSUER), {
    path: ['AUTH_ISSUER'],
    message: "must be the identity provider's issuer URL when CONSOLE_OIDC_CLIENT_ID is set",
  })
  .refine((config) => !config.ALERT_WEBHOOK_URL || config.ALERT_WEBHOOK_SECRET, {
    path: ['ALERT_WEBHOOK_SECRET'],
    message: 'required when ALERT_WEBHOOK_URL is set, to sign the alerts',
  })
  .transform((config) => ({
    ...config,
    AUTH_DEV_KEY_FILE: config.AUTH_DEV_KEY_FILE ?? devKeyFilePath(config.DATA_DIR),
  }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Values are described by variable name and expectation only: a bad value may be a secret. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}
