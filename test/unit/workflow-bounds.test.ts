import { entryLimitRefusal } from '../../src/platform/workflow/bounds';

describe('entryLimitRefusal', () => {
  it('lets a workflow take entries up to its limit, then refuses the next with the reason', () => {
    expect(entryLimitRefusal(19, 20, 'contractor delays', 'works order')).toBeUndefined();
    expect(entryLimitRefusal(20, 20, 'contractor delays', 'works order')).toBe(
      'this works order already holds 20 contractor delays, as many as one works order can keep; nothing was recorded',
    );
  });
});
