export { caseWorkflow } from './case/workflow';
export { maracReferralWorkflow } from './marac/workflow';
export { rehousingWorkflow } from './rehousing/workflow';
export { repairsWorkflow } from './repairs/workflow';
