import { loggablePath } from '../../src/platform/http/request-log';

describe('the request log', () => {
  it('keeps the path and drops the query, where search terms could be personal data', () => {
    expect(loggablePath('/cases?search=Fictional%20Name&page=2')).toBe('/cases');
    expect(loggablePath('/cases/3f1c/state')).toBe('/cases/3f1c/state');
    expect(loggablePath(undefined)).toBe('');
  });
});
