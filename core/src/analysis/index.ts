// Public API of the static analysis: plain data in, plain data out. Editors and the CLI import only this.
export { createAnalysisProject, type AnalysisProject, type AnalysisProjectOptions, type FileResult, type ProgramProject, type PartialProgram, type FirstProgram, type SyntaxProblem } from './project';
export { actsOnOtherFiles, includeGraph, type IncludeGraph, type IncludeNode } from './include-graph';
export { detectSemantics } from './semantics';
export { RULES, runRules, type RuleOptions } from './rules';
export { canProduce, patternsOverlap, patternRegExp } from './patterns';
export { innermostAt, stepAmong, type StepAlone } from './steps-at';
export type {
  AwaitlySemantics, ControlFrame, FileAnalysis, Finding, KeyForm, ProjectAnalysis, RestoreMode, StaticString, StepInfo, StepKind,
  WorkflowEntry, WorkflowInfo,
} from './types';
