export { caseWorkflow } from './case/workflow';
export { maracReferralWorkflow } from './children/marac/workflow';
export { rehousingWorkflow } from './children/rehousing/workflow';
export { repairsWorkflow } from './children/repairs/workflow';
