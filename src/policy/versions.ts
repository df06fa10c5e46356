import { createHash } from 'node:crypto';
import type { Queryable } from '../platform/db/queryable';
import type { PolicyProfile } from './profile';
import type { LoadedProfile, RefusedProfile } from './load';

/** JSON with every object's keys sorted, so the digest follows the profile's content, not its file's layout. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${sortedJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const profileDigest = (profile: PolicyProfile): string =>
  createHash('sha256').update(sortedJson(profile)).digest('hex');

/**
 * Pins each loaded profile's version to its content, the first time that version is loaded; a
 * later file with the same id and version but other content is refused, since running cases
 * opened under that version ran under the first content.
 */
export async function pinProfileVersions(
  db: Queryable,
  loaded: readonly LoadedProfile[],
): Promise<{ kept: LoadedProfile[]; refused: RefusedProfile[] }> {
  const kept: LoadedProfile[] = [];
  const refused: RefusedProfile[] = [];
  for (const entry of loaded) {
    const { id, version } = entry.profile;
    const digest = profileDigest(entry.profile);
    const pinned = await db.query<{ content_sha256: string }>(
      `INSERT INTO policy_profile_versions (profile_id, version, content_sha256) VALUES ($1, $2, $3)
       ON CONFLICT (profile_id, version) DO UPDATE SET profile_id = EXCLUDED.profile_id
       RETURNING content_sha256`,
      [id, version, digest],
    );
    if (pinned.rows[0]!.content_sha256 === digest) {
      kept.push(entry);
      continue;
    }
    refused.push({
      file: entry.file,
      problems: [
        {
          path: '$.version',
          message: `"${id}" ${version} was loaded before with other content, which running cases keep: give this content a new version`,
        },
      ],
    });
  }
  return { kept, refused };
}
