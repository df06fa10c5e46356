import { isRole, ROLES, type Role } from './roles';

/**
 * How a token's roles are read, so an identity provider's own group and role names work without
 * renaming them (AUTH_ROLE_CLAIMS, AUTH_ROLE_MAP): which claims hold the names (a dotted path
 * reaches a nested one, e.g. Keycloak's realm_access.roles), and which of our roles each of the
 * provider's names stands for (e.g. an Entra ID group's object id, a Keycloak group path). Our own
 * role names count as themselves; names neither mapped nor ours are ignored (a provider lists
 * groups meant for other apps).
 */
export interface RoleMapping {
  claims: readonly string[];
  names: ReadonlyMap<string, Role>;
}

export const DEFAULT_ROLE_CLAIMS = ['role', 'roles'] as const;
export const DEFAULT_ROLE_MAPPING: RoleMapping = { claims: DEFAULT_ROLE_CLAIMS, names: new Map() };

/** `name=role,name=role`: what AUTH_ROLE_MAP holds. Problems name the entry, never a secret. */
export function parseRoleMap(text: string): { ok: true; names: Map<string, Role> } | { ok: false; problems: string[] } {
  const names = new Map<string, Role>();
  const problems: string[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const at = entry.lastIndexOf('=');
    const name = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || name === '') problems.push(`entry ${index + 1} must be name=role`);
    else if (!isRole(role)) problems.push(`entry ${index + 1} maps to ${role}; the roles are ${ROLES.join(', ')}`);
    else if (names.has(name) && names.get(name) !== role)
      problems.push(`entry ${index + 1} maps ${name} a second time, to another role`);
    else names.set(name, role);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, names };
}

/** The value at a dotted path of the claims: `realm_access.roles`. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key))
      return undefined;
    return (value as Record<string, unknown>)[key];
  }, payload);
}

/** Every one of our roles the token's claims name, directly or through the mapping, each once. */
export function rolesOffered(payload: Record<string, unknown>, mapping: RoleMapping): Role[] {
  const offered = mapping.claims.flatMap((claim) => {
    const value = claimAt(payload, claim);
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
  });
  const roles = offered.flatMap((name) => {
    const mapped = mapping.names.get(name);
    if (mapped) return [mapped];
    return isRole(name) ? [name] : [];
  });
  return [...new Set(roles)];
}
