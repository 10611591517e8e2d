// Definition hash of a workflow: step order, kinds, ids, keys/patterns, the control-flow shape around each
// step and each step's result type. Source positions, formatting, comments, local names and code outside
// steps are left out. docs/definition-hash.md lists exactly what goes in.
import { createHash } from 'node:crypto';
import type { StaticString, StepInfo, WorkflowInfo } from '../analysis/types';

export const HASH_VERSION = 1;

/** The hashed description of one step. */
export interface StepSignature {
  kind: StepInfo['kind'];
  /** Exact id, `${…}` pattern, or '<dynamic>'. */
  id: string;
  /** Cache key (exact or pattern), '<dynamic>', or '' when not cached. */
  key: string;
  keySource: StepInfo['keySource'];
  restore: StepInfo['restore'];
  /** Enclosing constructs, outermost first: `loop:for-of#0`, `branch:if:then#1`, `helper:audit`. */
  shape: string[];
  /** Structural result type (properties expanded), independent of type names and paths. */
  result: string;
}

function text(s: StaticString | undefined): string {
  if (!s) return '';
  if (s.value !== undefined) return s.value;
  return s.form === 'dynamic' ? '<dynamic>' : s.pattern ?? '<dynamic>';
}

export function stepSignatures(workflow: WorkflowInfo): StepSignature[] {
  // Constructs are numbered by first appearance so that "the same if" and "another if" stay distinct
  // without using source offsets.
  const ordinals = new Map<string, number>();
  return workflow.steps.map((s) => ({
    kind: s.kind,
    id: s.kind === 'bound' ? s.method : text(s.id),
    key: text(s.key),
    keySource: s.keySource,
    restore: s.restore,
    shape: s.context.map((f) => {
      if (f.kind === 'helper') return `helper:${f.detail}`;
      if (!ordinals.has(f.nodeId)) ordinals.set(f.nodeId, ordinals.size);
      return `${f.kind}:${f.detail}${f.arm !== undefined ? `:${f.arm}` : ''}#${ordinals.get(f.nodeId)}`;
    }),
    result: s.resultShape,
  }));
}

/** sha256 over canonical JSON of { v, entry, steps }; prefixed with the format version. */
export function definitionHash(workflow: WorkflowInfo): string {
  const payload = JSON.stringify({ v: HASH_VERSION, restores: workflow.restores, steps: stepSignatures(workflow) });
  return `v${HASH_VERSION}:${createHash('sha256').update(payload).digest('hex')}`;
}
