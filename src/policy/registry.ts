import path from 'node:path';
import type { Logger } from '../platform/logger';
import { projectRoot } from '../platform/paths';
import type { Queryable } from '../platform/db/queryable';
import { checkProfileFolder, type LoadedProfile, type ProfileFile, type RefusedProfile } from './load';
import type { PolicyProfile } from './profile';
import { pinProfileVersions } from './versions';

/** The profiles the product ships (the four source organisations). */
export const SHIPPED_PROFILES_DIR = path.join(projectRoot, 'policies', 'profiles');

const versionParts = (version: string): number[] => version.split('.').map(Number);

function isNewer(version: string, than: string): boolean {
  const [a, b] = [versionParts(version), versionParts(than)];
  const differing = a.findIndex((part, index) => part !== b[index]);
  return differing >= 0 && a[differing]! > b[differing]!;
}

/** The profiles new cases open under, by id; each case keeps the one it opened with (its workflow input). */
export class PolicyRegistry {
  private readonly byId: ReadonlyMap<string, LoadedProfile>;

  constructor(loaded: readonly LoadedProfile[]) {
    this.byId = new Map(loaded.map((entry) => [entry.profile.id, entry]));
  }

  get(id: string): PolicyProfile | undefined {
    return this.byId.get(id)?.profile;
  }

  list(): PolicyProfile[] {
    return [...this.byId.values()].map((entry) => entry.profile).sort((a, b) => a.id.localeCompare(b.id));
  }
}

/**
 * Loads the shipped folder, then the deployment's. An id may appear once per folder; a deployment
 * replaces a shipped profile only with a newer version of it (its organisation's policy changed),
 * never with the same or an older one. Refused files are returned for the caller to report, and
 * the others still load.
 */
export function loadPolicyProfiles(deploymentDir?: string): {
  registry: PolicyRegistry;
  loaded: LoadedProfile[];
  refused: RefusedProfile[];
} {
  const folders = [SHIPPED_PROFILES_DIR];
  if (deploymentDir && path.resolve(deploymentDir) !== SHIPPED_PROFILES_DIR) folders.push(path.resolve(deploymentDir));
  const accepted = new Map<string, LoadedProfile & { folder: string }>();
  const refused: RefusedProfile[] = [];
  const refuse = (file: ProfileFile, message: string) =>
    refused.push({ file: file.file, problems: [{ path: '$.id', message }] });

  for (const folder of folders) {
    for (const file of checkProfileFolder(folder)) {
      if ('problems' in file) {
        refused.push(file);
        continue;
      }
      const { profile } = file;
      const earlier = accepted.get(profile.id);
      if (!earlier) {
        accepted.set(profile.id, { file: file.file, profile, folder });
      } else if (earlier.folder === folder) {
        refuse(file, `"${profile.id}" is already the id of ${path.basename(earlier.file)}: one file per profile`);
      } else if (!isNewer(profile.version, earlier.profile.version)) {
        refuse(
          file,
          `"${profile.id}" ${earlier.profile.version} is shipped; a deployment's profile of that id must have a newer version`,
        );
      } else {
        accepted.set(profile.id, { file: file.file, profile, folder });
      }
    }
  }
  const loaded = [...accepted.values()].map(({ file, profile }) => ({ file, profile }));
  return { registry: new PolicyRegistry(loaded), loaded, refused };
}

/**
 * The registry the API serves, loaded once at start, each version pinned to its content
 * (versions.ts). A refused file is logged with its problems (paths and what is wrong, never a
 * value from the file) and left out; the good profiles serve.
 */
export async function policyRegistryAtStart(
  deploymentDir: string | undefined,
  db: Queryable,
  logger: Logger,
): Promise<PolicyRegistry> {
  const { loaded, refused } = loadPolicyProfiles(deploymentDir);
  const pinned = await pinProfileVersions(db, loaded);
  for (const { file, problems } of [...refused, ...pinned.refused])
    logger.error(
      { file, problems },
      'policy profile refused: not loaded; fix it (npm run profiles -- check) and restart',
    );
  logger.info(
    { profiles: pinned.kept.map(({ file, profile }) => ({ id: profile.id, version: profile.version, file })) },
    'policy profiles loaded',
  );
  return new PolicyRegistry(pinned.kept);
}
