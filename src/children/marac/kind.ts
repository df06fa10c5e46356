/** The MARAC referral a case starts when the risk calls for one. */
export const maracKind = { kind: 'marac', label: 'MARAC referral', workflowType: 'maracReferralWorkflow' } as const;
