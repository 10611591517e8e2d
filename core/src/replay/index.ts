// Public API of the replay plan.
export { readReplayInput } from './input';
export { planReplay } from './plan';
export { selectWorkflow, type WorkflowMatch } from './select-workflow';
export { durableResumeDrift, predictShapeDrift } from './shape-drift';
export type { IterationPlan, ReplayInput, ReplayPlan, ReplayState, ShapeDrift, SnapshotEntry, StepPlan, UnknownEntry } from './types';
export { checkSnapshotAgainstCode, matchSnapshotWorkflow, SnapshotLocator, type SnapshotCheck, type SnapshotCheckOptions, type SnapshotMatch } from './check-snapshot';
