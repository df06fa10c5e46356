import type { ChildWorkflowType } from './children/kinds';
import type * as bundle from './workflows';

export { caseWorkflow } from './case/workflow';
export { maracReferralWorkflow } from './children/marac/workflow';
export { rehousingWorkflow } from './children/rehousing/workflow';
export { safeguardingReferralWorkflow } from './children/safeguarding/workflow';
export { repairsWorkflow } from './children/repairs/workflow';
export { archiveClosedRunsWorkflow } from './archive/workflow';
export { retentionSweepWorkflow } from './privacy/retention-workflow';
export { reportingPackWorkflow } from './reporting/workflow';

/** The worker finds a workflow by its exported name: tsc refuses a child kind whose workflow is not exported above. */
export type ChildWorkflowsExported = Pick<typeof bundle, ChildWorkflowType>;
