/** Rehousing the survivor: temporary accommodation, offers, the move. */
export const rehousingKind = { kind: 'rehousing', label: 'Rehousing', workflowType: 'rehousingWorkflow' } as const;
