// The rule codes the snapshot core emits, with the one-line summaries the SARIF reporter publishes.
// docs/rules.md holds the full write-up of each code under a heading named after it (so its anchor is
// the code itself); core/test/cli/rules.test.ts keeps this table, the doc and the core's codes in step.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../diagnostic';

export interface RuleInfo {
  code: string;
  /** The severity the core gives it. */
  severity: Severity;
  /** One sentence, shown as the SARIF rule's short description. */
  summary: string;
}

export const RULES: readonly RuleInfo[] = [
  // Errors: the same verdict as awaitly@1.35.0's validateSnapshot / deserializeResumeState.
  { code: 'invalid-json', severity: 'error', summary: 'The file is not valid JSON (truncated, BOM, comments, trailing comma, ...).' },
  { code: 'not-a-snapshot', severity: 'error', summary: 'A file named explicitly is JSON but neither a workflow snapshot nor a serialized resume state.' },
  { code: 'not-an-object', severity: 'error', summary: 'The snapshot is not a JSON object.' },
  { code: 'missing-required-field', severity: 'error', summary: 'A field validateSnapshot requires (formatVersion, steps, execution, ok, error, cause, status, lastUpdated) is missing.' },
  { code: 'invalid-format-version', severity: 'error', summary: 'formatVersion is not the number 1.' },
  { code: 'invalid-steps', severity: 'error', summary: 'steps is not an object.' },
  { code: 'invalid-step-entry', severity: 'error', summary: 'A step entry is not an object.' },
  { code: 'invalid-step-ok', severity: 'error', summary: 'A step entry\'s "ok" is not a boolean (an error in snapshots, a warning in resume states).' },
  { code: 'invalid-execution', severity: 'error', summary: 'execution is not an object.' },
  { code: 'invalid-status', severity: 'error', summary: 'execution.status is not one of running, completed, failed.' },
  { code: 'invalid-last-updated', severity: 'error', summary: 'execution.lastUpdated is not a string.' },
  { code: 'invalid-resume-state-entry', severity: 'error', summary: 'A resume-state entry cannot be read by deserializeResumeState.' },
  { code: 'internal-error', severity: 'error', summary: 'awaitly-lens failed while analysing the file (a bug in awaitly-lens, not in the file).' },
  // Warnings: beyond awaitly's own checks; they never change the verdict.
  { code: 'invalid-cause-shape', severity: 'warning', summary: 'A failed step\'s cause is not a SerializedCause awaitly can restore faithfully.' },
  { code: 'non-iso-timestamp', severity: 'warning', summary: 'A timestamp is not an ISO 8601 date-time.' },
  { code: 'warning-unknown-step', severity: 'warning', summary: 'A warnings[] entry references a step that is not in steps.' },
  { code: 'prototype-key', severity: 'warning', summary: '__proto__, constructor or prototype is used as a key.' },
  { code: 'duplicate-key', severity: 'warning', summary: 'A JSON object key is repeated; JSON.parse keeps only the last value.' },
  { code: 'unknown-current-step', severity: 'warning', summary: 'execution.currentStepId is not among the steps.' },
  { code: 'completed-with-failed-step', severity: 'warning', summary: 'execution.status is "completed" but a step failed.' },
  { code: 'large-value', severity: 'warning', summary: 'A step value or error is larger than the size threshold.' },
  { code: 'steps-is-array', severity: 'warning', summary: 'steps is an array; awaitly accepts it but restores index keys.' },
  { code: 'invalid-step-meta', severity: 'warning', summary: 'A step\'s meta.origin is not "result" or "throw".' },
  { code: 'invalid-optional-field', severity: 'warning', summary: 'An optional field has the wrong type (workflowName, metadata, warnings, completedAt, currentStepId).' },
  { code: 'duplicate-resume-step', severity: 'warning', summary: 'A resume state lists the same step key twice; the Map keeps the last.' },
  { code: 'invalid-resume-state-key', severity: 'warning', summary: 'A resume-state entry\'s key is not a string, so no step ever reads it.' },
  // Info.
  { code: 'missing-step-value', severity: 'info', summary: 'A successful step has no value; resuming restores undefined.' },
];

/**
 * The codes of workflow analysis (`check`, the language server): documented under the "Workflow
 * code, definitions and snapshots against code" part of docs/rules.md. The severity given is the
 * usual one; some vary with the case (the doc says when).
 */
export const ANALYSIS_RULES: readonly RuleInfo[] = [
  { code: 'duplicate-step-id', severity: 'warning', summary: 'Two steps of one workflow share an id, and so a cache entry: on resume both return the last one saved.' },
  { code: 'colliding-step-keys', severity: 'warning', summary: 'A step\'s cache key equals (or can equal) another step\'s id or key, so they share one saved result.' },
  { code: 'unstable-step-key', severity: 'warning', summary: 'A cache key changes on every run (Date.now(), Math.random(), a uuid): resuming never finds the saved result.' },
  { code: 'loop-invariant-step-key', severity: 'warning', summary: 'A step in a loop has the same key in every iteration: resumed runs return the first saved result for all.' },
  { code: 'immediate-step-execution', severity: 'warning', summary: 'The operation is an already-started call, not a function: it runs even when the step is restored from the snapshot.' },
  { code: 'unrestored-step', severity: 'warning', summary: 'awaitly records this step in saved state but never restores it, so it runs again after every restart.' },
  { code: 'dynamic-step-key', severity: 'info', summary: 'The cache key is only known at run time; resume behaviour cannot be predicted statically.' },
  { code: 'definition-changed', severity: 'error', summary: 'A workflow\'s steps changed since the lock file (or the compared revision); breaking changes mis-resume in-flight snapshots.' },
  { code: 'snapshot-definition-mismatch', severity: 'warning', summary: 'A snapshot\'s metadata.definitionHash differs from its workflow\'s current definition hash.' },
  { code: 'unknown-snapshot-step', severity: 'warning', summary: 'A snapshot holds a step key that no step of its workflow can produce; awaitly ignores it silently.' },
  { code: 'replays-stored-failure', severity: 'info', summary: 'Resuming from this snapshot replays a saved failure without running the step again.' },
  { code: 'unmatched-snapshot', severity: 'info', summary: 'No workflow in the analysed code could be matched to this snapshot.' },
  // How workflows are started, and what the analysis could not see (core/src/analysis/entry-findings.ts, awaitly-imports.ts, no-workflow.ts; cli/outsideProject.ts).
  { code: 'step-id-missing', severity: 'error', summary: 'A step call whose first argument is not a string id (the pre-4 step(fn, { key }) form): awaitly fails the run at that call.' },
  { code: 'positional-workflow-callback', severity: 'error', summary: 'A workflow callback written (step, deps) or core run(name, fn): the callback gets one context object, so the run fails with "step is not a function".' },
  { code: 'callable-workflow', severity: 'error', summary: 'The workflow object is called (workflow(async …)): it is a plain { run, runWithState, withDeps }, so the call throws a TypeError.' },
  { code: 'createworkflow-without-name', severity: 'error', summary: 'createWorkflow(deps) without a name throws a TypeError in awaitly 1.35 (4.x allows it).' },
  { code: 'missing-step-method', severity: 'error', summary: 'step.parallel (in no awaitly line) or step.fromNullable inside a createWorkflow-based run: the call throws a TypeError.' },
  { code: 'entry-not-analysed', severity: 'info', summary: 'A workflow entry is recognised, but its steps are not analysed (the callback cannot be seen, or the entry is not followed yet).' },
  { code: 'no-workflow-found', severity: 'info', summary: 'A file has step calls that no analysed workflow reaches; the message says why.' },
  { code: 'awaitly-line-mismatch', severity: 'warning', summary: 'An awaitly import written for another awaitly line than the installed one: it does not resolve, so its workflows are not analysed.' },
  { code: 'awaitly-import-unresolved', severity: 'warning', summary: 'An awaitly import does not resolve (awaitly not installed, or no such export): its workflows are not analysed.' },
  { code: 'file-not-in-project', severity: 'warning', summary: 'A file or folder named on the command line is not part of the TypeScript project, so it was not analysed.' },
];

const byCode = new Map([...RULES, ...ANALYSIS_RULES].map((r) => [r.code, r]));

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}

/** The package root (the folder holding awaitly-lens's package.json) and that manifest, from the bundle or the sources. */
function packageManifest(): { root: string; repository?: unknown } | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown; repository?: unknown };
      if (pkg.name === 'awaitly-lens') return { root: dir, repository: pkg.repository };
    } catch {
      // not here; keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The web address of a repository from package.json's `repository` ("owner/name", "github:owner/name",
 * "https://github.com/owner/name.git", "git+https://…", { url }), or undefined when it names none we can link to.
 */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw = typeof repository === 'string' ? repository : typeof repository === 'object' && repository !== null ? (repository as { url?: unknown }).url : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const short = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw.trim());
  if (short) return `https://github.com/${short[1]}/${short[2]!.replace(/\.git$/, '')}`;
  const url = /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?([^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(raw.trim());
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

let docUri: string | undefined;

/**
 * Absolute URI of docs/rules.md, the one place every rule link (the editor's codeDescription, SARIF helpUri)
 * comes from: the file in the repository's web view when package.json names a repository, else the file URI of
 * the doc that ships with the package (dist/../docs/rules.md). The anchor of each rule is its code.
 */
export function rulesDocUri(): string {
  if (docUri === undefined) {
    const pkg = packageManifest();
    const web = repositoryWebUrl(pkg?.repository);
    docUri = web ? `${web}/blob/HEAD/docs/rules.md` : pathToFileURL(path.join(pkg?.root ?? path.resolve(__dirname, '..'), 'docs', 'rules.md')).href;
  }
  return docUri;
}

/** The link to a rule's section of docs/rules.md (its anchor is the code). */
export function ruleHelpUri(code: string): string {
  return `${rulesDocUri()}#${code}`;
}

/** The link to a documented rule's section; undefined for codes with no section (the editor shows no link then). */
export function documentedRuleUri(code: string): string | undefined {
  return byCode.has(code) ? ruleHelpUri(code) : undefined;
}
