import { actionUpdateId } from '../../src/case/idempotency';

describe('actionUpdateId', () => {
  it('scopes the key to the caller, so two callers never share an Update id however their ids and keys are spelled', () => {
    expect(actionUpdateId('a:b', 'cdefghij')).not.toBe(actionUpdateId('a', 'b:cdefghij'));
    expect(actionUpdateId('officer-ada', 'retry-0001')).toBe(actionUpdateId('officer-ada', 'retry-0001'));
    expect(actionUpdateId('officer-ada', 'retry-0001')).not.toBe(actionUpdateId('officer-eve', 'retry-0001'));
  });
});
