import { principalFromClaims } from '../../src/platform/auth/principal';
import { parseRoleMap, rolesOffered, type RoleMapping } from '../../src/platform/auth/role-mapping';
import { ConfigError, loadConfig } from '../../src/platform/config';

/** Fictional tenants' group names and ids, as each provider puts them in a token. */
const ENTRA_CASEWORKERS = '3f1c2a9e-0000-4000-8000-00000000c0de';
const ENTRA_MANAGERS = '7b5d1e42-0000-4000-8000-0000000000aa';
const mapping = (claims: string[], map: string): RoleMapping => {
  const parsed = parseRoleMap(map);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return { claims, names: parsed.names };
};
const token = (claims: Record<string, unknown>) => ({
  sub: 'example-officer-oz',
  organisation_id: 'example-ha',
  ...claims,
});

describe('identity provider role mapping', () => {
  it('reads an Entra ID token’s groups claim (group object ids) as our roles', () => {
    const entra = mapping(['groups', 'roles'], `${ENTRA_CASEWORKERS}=caseworker, ${ENTRA_MANAGERS}=manager`);
    const result = principalFromClaims(token({ groups: ['a-group-for-another-app', ENTRA_CASEWORKERS] }), entra);
    expect(result).toEqual({
      ok: true,
      principal: { staffId: 'example-officer-oz', role: 'caseworker', organisationId: 'example-ha' },
    });
  });

  it('reads Keycloak’s nested realm_access.roles and its group paths', () => {
    const keycloak = mapping(['realm_access.roles', 'groups'], '/DA Service/Leads=da_lead,da-admins=admin');
    expect(rolesOffered(token({ realm_access: { roles: ['offline_access', 'da-admins'] } }), keycloak)).toEqual([
      'admin',
    ]);
    expect(rolesOffered(token({ groups: ['/DA Service/Leads'] }), keycloak)).toEqual(['da_lead']);
    // a claim of another shape than text or a list of text names nothing
    expect(rolesOffered(token({ realm_access: 'da-admins' }), keycloak)).toEqual([]);
  });

  it('still takes our own role names, and refuses a token whose groups stand for two roles', () => {
    const entra = mapping(['groups'], `${ENTRA_CASEWORKERS}=caseworker,${ENTRA_MANAGERS}=manager`);
    expect(rolesOffered(token({ groups: ['auditor'] }), entra)).toEqual(['auditor']);
    expect(principalFromClaims(token({ groups: [ENTRA_CASEWORKERS, ENTRA_MANAGERS] }), entra)).toEqual({
      ok: false,
      status: 403,
      reason: 'the token carries more than one role (caseworker, manager); exactly one is needed',
    });
    // two groups for the same role are one role
    const twice = mapping(['groups'], 'da-north=caseworker,da-south=caseworker');
    expect(rolesOffered(token({ groups: ['da-north', 'da-south'] }), twice)).toEqual(['caseworker']);
  });

  it('is configured by AUTH_ROLE_CLAIMS and AUTH_ROLE_MAP, and a bad map stops start-up naming the entry', () => {
    const config = loadConfig({ AUTH_ROLE_CLAIMS: 'groups, realm_access.roles', AUTH_ROLE_MAP: 'DA-Leads=da_lead' });
    expect(config.AUTH_ROLE_CLAIMS).toEqual(['groups', 'realm_access.roles']);
    expect([...config.AUTH_ROLE_MAP]).toEqual([['DA-Leads', 'da_lead']]);
    expect(loadConfig({}).AUTH_ROLE_CLAIMS).toEqual(['role', 'roles']);
    expect(() => loadConfig({ AUTH_ROLE_MAP: 'DA-Leads=boss,justaname' })).toThrow(ConfigError);
    try {
      loadConfig({ AUTH_ROLE_MAP: 'DA-Leads=boss,justaname' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^AUTH_ROLE_MAP: entry 1 maps to boss; the roles are caseworker, /),
        'AUTH_ROLE_MAP: entry 2 must be name=role',
      ]);
    }
  });
});
