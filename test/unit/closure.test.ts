import { childDispositionProblems } from '../../src/case/rules/closure';

const maracReferral = { workflowId: 'case-1/marac-1', kind: 'marac' } as const;
const repairs = { workflowId: 'case-1/repairs-1', kind: 'repairs' } as const;
const open = <Child extends object>(child: Child) => ({ ...child, open: true });
const finished = <Child extends object>(child: Child) => ({ ...child, open: false });

describe('what becomes of linked workflows still open at closure', () => {
  it('allows a closure that names each open child', () => {
    expect(childDispositionProblems([open(maracReferral), open(repairs)], [repairs, maracReferral])).toEqual([]);
    expect(childDispositionProblems([], [])).toEqual([]);
  });

  it('refuses one that leaves an open child unnamed, listing every open child', () => {
    expect(childDispositionProblems([open(maracReferral), open(repairs)], [maracReferral])).toEqual([
      '2 linked workflow(s) still open: name what becomes of each and why (openChildren): MARAC referral case-1/marac-1, Emergency repairs case-1/repairs-1',
    ]);
  });

  it('accepts naming a child that finished meanwhile, and needs nothing for finished ones', () => {
    expect(childDispositionProblems([open(maracReferral), finished(repairs)], [maracReferral, repairs])).toEqual([]);
    expect(childDispositionProblems([finished(repairs)], [])).toEqual([]);
  });

  it('refuses a disposition for a workflow the case never started, or of another kind', () => {
    expect(childDispositionProblems([open(maracReferral)], [maracReferral, repairs])).toEqual([
      'not a linked workflow of this case: Emergency repairs case-1/repairs-1',
    ]);
    expect(
      childDispositionProblems([open(maracReferral)], [{ workflowId: 'case-1/marac-1', kind: 'rehousing' }]),
    ).toHaveLength(2);
  });
});
