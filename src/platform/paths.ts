import fs from 'node:fs';
import path from 'node:path';

/** The project root, found the same way from src/ (ts) and dist/src/ (compiled js). */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);
export const migrationsDir = path.join(projectRoot, 'migrations');
export const scriptsDir = path.join(projectRoot, 'scripts');

/** Where the running embedded database of `npm start` leaves its URL, so the audit CLI finds it without DATABASE_URL. */
export function embeddedDatabaseUrlFile(dataDir: string): string {
  return path.join(dataDir, 'embedded-database.url');
}
