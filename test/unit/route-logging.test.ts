import { documentedRoutes } from '../../src/api';
import { pathParameterNames, type RouteSpec } from '../../src/platform/http/route-spec';

/**
 * The access and audit logs (src/audit/trail.ts) are written from what each route spec declares,
 * so a route on a case that declares nothing would leave no trace: every one must say.
 */
describe('the logging the routes declare', () => {
  const caseRoutes = documentedRoutes().filter((spec) => pathParameterNames(spec.path).includes('caseId'));
  const named = (spec: RouteSpec): [string, RouteSpec] => [`${spec.method.toUpperCase()} ${spec.path}`, spec];

  it('finds the case routes', () => {
    expect(caseRoutes.map((spec) => spec.path)).toEqual(
      expect.arrayContaining(['/cases/:caseId', '/cases/:caseId/state', '/cases/:caseId/closure']),
    );
  });

  it.each(caseRoutes.map(named))('%s: a read goes to the access log, an action to the audit log', (_route, spec) => {
    expect(typeof spec.logs).toBe('object'); // neither missing nor 'none'
    expect(Object.keys(spec.logs)).toEqual([spec.method === 'get' ? 'accessLog' : 'auditLog']);
  });
});
