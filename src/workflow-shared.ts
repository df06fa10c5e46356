/**
 * The root of what every workflow in a worker's reusable V8 context shares: the bundler preloads
 * this module (`PRELOADED_WORKFLOW_MODULES` in ./workflow-bundle) once, before any workflow exists,
 * so each module below, and all it reaches (zod among it), is instantiated once per context instead
 * of once per cached workflow, and then deep-frozen by the SDK. Only `src/workflows.ts`, the list
 * of exported workflow functions, is still instantiated per workflow.
 *
 * That is every module of the bundle, and sharing them cannot leak one workflow into another,
 * because none keeps state at module scope: contracts, schemas, pure rules and policy, Query,
 * Update and Signal definitions, activity proxies (`proxyActivities` keeps only its options), and
 * functions, workflow bodies and handlers among them, that call the workflow API when they run,
 * which acts on the workflow running them as it does for the SDK's own modules (already shared).
 * What a workflow holds lives in what its run creates (its state, its handlers' closures).
 * `test/unit/workflow-bundle.test.ts` holds this list to exactly the bundle's modules, checks that
 * none keeps module state or calls the workflow API at module scope, and that in the SDK's context
 * they are frozen and their schemas still parse.
 */
import * as alertsRaise from './alerts/raise';
import * as archiveWorkflow from './archive/workflow';
import * as caseCommands from './case/commands';
import * as caseHandlersAssignment from './case/handlers/assignment';
import * as caseHandlersCasework from './case/handlers/casework';
import * as caseHandlersChildren from './case/handlers/children';
import * as caseHandlersClosure from './case/handlers/closure';
import * as caseHandlersContext from './case/handlers/context';
import * as caseHandlersFeedback from './case/handlers/feedback';
import * as caseHandlersPerpetrator from './case/handlers/perpetrator';
import * as caseHandlersReporting from './case/handlers/reporting';
import * as caseHandlersSharing from './case/handlers/sharing';
import * as caseMessages from './case/messages';
import * as caseRisk from './case/risk';
import * as caseRulesAssignment from './case/rules/assignment';
import * as caseRulesCasework from './case/rules/casework';
import * as caseRulesChildren from './case/rules/children';
import * as caseRulesClosure from './case/rules/closure';
import * as caseRulesDeadlines from './case/rules/deadlines';
import * as caseRulesFeedback from './case/rules/feedback';
import * as caseRulesIncidents from './case/rules/incidents';
import * as caseRulesNotifications from './case/rules/notifications';
import * as caseRulesPerpetrator from './case/rules/perpetrator';
import * as caseRulesReopening from './case/rules/reopening';
import * as caseRulesRoles from './case/rules/roles';
import * as caseRulesSafeContact from './case/rules/safe-contact';
import * as caseRulesSafetyPlan from './case/rules/safety-plan';
import * as caseRulesSeriousIncidents from './case/rules/serious-incidents';
import * as caseRulesSharing from './case/rules/sharing';
import * as caseRulesUrgency from './case/rules/urgency';
import * as caseStateBounds from './case/state-bounds';
import * as caseState from './case/state';
import * as caseWorkflowIds from './case/workflow-ids';
import * as caseWorkflow from './case/workflow';
import * as childrenKindDeclaration from './children/kind-declaration';
import * as childrenKinds from './children/kinds';
import * as childrenKit from './children/kit';
import * as childrenMaracCommands from './children/marac/commands';
import * as childrenMaracKind from './children/marac/kind';
import * as childrenMaracMessages from './children/marac/messages';
import * as childrenMaracRules from './children/marac/rules';
import * as childrenMaracWorkflow from './children/marac/workflow';
import * as childrenMessages from './children/messages';
import * as childrenRehousingCommands from './children/rehousing/commands';
import * as childrenRehousingKind from './children/rehousing/kind';
import * as childrenRehousingMessages from './children/rehousing/messages';
import * as childrenRehousingRules from './children/rehousing/rules';
import * as childrenRehousingWorkflow from './children/rehousing/workflow';
import * as childrenRepairsCommands from './children/repairs/commands';
import * as childrenRepairsKind from './children/repairs/kind';
import * as childrenRepairsMessages from './children/repairs/messages';
import * as childrenRepairsRules from './children/repairs/rules';
import * as childrenRepairsWorkflow from './children/repairs/workflow';
import * as childrenSafeguardingCommands from './children/safeguarding/commands';
import * as childrenSafeguardingKind from './children/safeguarding/kind';
import * as childrenSafeguardingMessages from './children/safeguarding/messages';
import * as childrenSafeguardingRules from './children/safeguarding/rules';
import * as childrenSafeguardingWorkflow from './children/safeguarding/workflow';
import * as childrenStatus from './children/status';
import * as contactSafeContact from './contact/safe-contact';
import * as deadlinesDeadline from './deadlines/deadline';
import * as deadlinesTimescale from './deadlines/timescale';
import * as deadlinesTracker from './deadlines/tracker';
import * as platformAuthRoles from './platform/auth/roles';
import * as platformDates from './platform/dates';
import * as platformTemporalSearchAttributes from './platform/temporal/search-attributes';
import * as platformText from './platform/text';
import * as platformWorkflowActivityProxy from './platform/workflow/activity-proxy';
import * as platformWorkflowBounds from './platform/workflow/bounds';
import * as platformWorkflowInFlightActivities from './platform/workflow/in-flight-activities';
import * as platformWorkflowUpdateHandler from './platform/workflow/update-handler';
import * as platformWorkflowValidation from './platform/workflow/validation';
import * as policyDefaults from './policy/defaults';
import * as policy from './policy';
import * as policyMarac from './policy/marac';
import * as policyPerpetrator from './policy/perpetrator';
import * as policyProfile from './policy/profile';
import * as policyReopening from './policy/reopening';
import * as policyReportingPacks from './policy/reporting-packs';
import * as policyRetention from './policy/retention';
import * as policyRiskThresholds from './policy/risk-thresholds';
import * as policySafeguarding from './policy/safeguarding';
import * as policySafetyPlan from './policy/safety-plan';
import * as policyUrgent from './policy/urgent';
import * as privacyRetentionWorkflow from './privacy/retention-workflow';
import * as reportingFacts from './reporting/facts';
import * as reportingWorkflow from './reporting/workflow';
import * as sharingConsent from './sharing/consent';
import * as staffStaffActionValidator from './staff/staff-action-validator';
import * as staffStaff from './staff/staff';
import { settleLazyMembers } from './platform/workflow/settle';

/** What this module shares, for the check that it is settled and frozen (test/unit/workflow-bundle.test.ts). */
export const SHARED_MODULES: readonly object[] = [
  alertsRaise,
  archiveWorkflow,
  caseCommands,
  caseHandlersAssignment,
  caseHandlersCasework,
  caseHandlersChildren,
  caseHandlersClosure,
  caseHandlersContext,
  caseHandlersFeedback,
  caseHandlersPerpetrator,
  caseHandlersReporting,
  caseHandlersSharing,
  caseMessages,
  caseRisk,
  caseRulesAssignment,
  caseRulesCasework,
  caseRulesChildren,
  caseRulesClosure,
  caseRulesDeadlines,
  caseRulesFeedback,
  caseRulesIncidents,
  caseRulesNotifications,
  caseRulesPerpetrator,
  caseRulesReopening,
  caseRulesRoles,
  caseRulesSafeContact,
  caseRulesSafetyPlan,
  caseRulesSeriousIncidents,
  caseRulesSharing,
  caseRulesUrgency,
  caseStateBounds,
  caseState,
  caseWorkflowIds,
  caseWorkflow,
  childrenKindDeclaration,
  childrenKinds,
  childrenKit,
  childrenMaracCommands,
  childrenMaracKind,
  childrenMaracMessages,
  childrenMaracRules,
  childrenMaracWorkflow,
  childrenMessages,
  childrenRehousingCommands,
  childrenRehousingKind,
  childrenRehousingMessages,
  childrenRehousingRules,
  childrenRehousingWorkflow,
  childrenRepairsCommands,
  childrenRepairsKind,
  childrenRepairsMessages,
  childrenRepairsRules,
  childrenRepairsWorkflow,
  childrenSafeguardingCommands,
  childrenSafeguardingKind,
  childrenSafeguardingMessages,
  childrenSafeguardingRules,
  childrenSafeguardingWorkflow,
  childrenStatus,
  contactSafeContact,
  deadlinesDeadline,
  deadlinesTimescale,
  deadlinesTracker,
  platformAuthRoles,
  platformDates,
  platformTemporalSearchAttributes,
  platformText,
  platformWorkflowActivityProxy,
  platformWorkflowBounds,
  platformWorkflowInFlightActivities,
  platformWorkflowUpdateHandler,
  platformWorkflowValidation,
  policyDefaults,
  policy,
  policyMarac,
  policyPerpetrator,
  policyProfile,
  policyReopening,
  policyReportingPacks,
  policyRetention,
  policyRiskThresholds,
  policySafeguarding,
  policySafetyPlan,
  policyUrgent,
  privacyRetentionWorkflow,
  reportingFacts,
  reportingWorkflow,
  sharingConsent,
  staffStaffActionValidator,
  staffStaff,
];

settleLazyMembers(SHARED_MODULES);
