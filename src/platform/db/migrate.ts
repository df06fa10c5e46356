import { runner } from 'node-pg-migrate';
import type { Logger } from '../logger';
import { migrationsDir } from '../paths';

/** Applies pending migrations; safe to call on every start (already-applied ones are skipped). */
export async function migrateToLatest(databaseUrl: string, logger?: Logger): Promise<void> {
  await runner({
    databaseUrl,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'schema_migrations',
    singleTransaction: true,
    log: (message) => logger?.debug({ migration: message }, 'migration'),
    verbose: false,
  });
}
