/** Emergency repairs (target hardening) a case orders from the contractor. */
export const repairsKind = { kind: 'repairs', label: 'Emergency repairs', workflowType: 'repairsWorkflow' } as const;
