// The fleet channel planner (SPECTRUM.md, "Channel planning"; docs/operations.md, "Spectrum: the channel
// planner"). Pure functions over plain data: the spectrum module feeds it sites and grants and applies
// the plan through the command path in the order planApplyOrder gives.
export { planFleet, replanAfterWithdrawal, planGreedy, evaluateChannels } from './planner.js';
export { planApplyOrder, applyOrderFor } from './apply-order.js';
export type { ApplyOrder, ApplyOrderInput, ApplySite, ApplyStep, ApplyStepKind } from './apply-order.js';
export { DEFAULT_PLANNER_OPTIONS } from './interference-graph.js';
export { PlannerError, PLANNER_ERROR_CODES, type PlannerErrorCode } from './planner.errors.js';
export type {
  ChannelAllowance,
  FleetPlan,
  PlanStats,
  PlanTotals,
  PlannerCpe,
  PlannerInput,
  PlannerOptions,
  PlannerSite,
  SitePlan,
} from './planner.types.js';
