// The analysis rules, in reporting order. Codes are stable; docs/rules-analysis.md documents each one.
import type { Severity } from '../../diagnostic';
import type { Finding, WorkflowInfo } from '../types';
import type { Rule } from './shared';
import { duplicateStepId } from './duplicate-step-id';
import { collidingStepKeys } from './colliding-step-keys';
import { unstableStepKey } from './unstable-step-key';
import { loopInvariantStepKey } from './loop-invariant-step-key';
import { immediateStepExecution } from './immediate-step-execution';
import { unrestoredStep } from './unrestored-step';
import { dynamicStepKey } from './dynamic-step-key';

export const RULES: readonly Rule[] = [
  duplicateStepId, collidingStepKeys, unstableStepKey, loopInvariantStepKey, immediateStepExecution, unrestoredStep, dynamicStepKey,
];

export type RuleCode = (typeof RULES)[number]['code'];

export interface RuleOptions {
  /** Per-code severity override, or 'off'. */
  severity?: Record<string, Severity | 'off'>;
}

export function runRules(workflow: WorkflowInfo, options: RuleOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.severity?.[rule.code];
    if (setting === 'off') continue;
    for (const f of rule.check(workflow)) out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}

export type { Rule };
