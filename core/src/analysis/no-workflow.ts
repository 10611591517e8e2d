// A file with step calls that no analysed workflow reaches says why (never silent): its awaitly imports do not
// resolve, its entry is recognised but not analysed, or nothing the analysis knows starts a workflow there.
import type { Range } from '../diagnostic';
import type { Finding, WorkflowInfo } from './types';
import { LINE_MISMATCH, IMPORT_UNRESOLVED } from './awaitly-imports';
import { ENTRY_NOT_ANALYSED, NO_WORKFLOW_FOUND } from './entry-findings';
import { plainTs as T, type ts } from './ts-util';

/** A call of an awaitly entry by its usual name, for the reason given when nothing is imported from awaitly. */
const ENTRY_CALL = /(?<![\w$.])(createWorkflow|createSagaWorkflow|runSaga|durable\.run|run|createWorkflowHarness|testWorkflow|createWebhookHandler|createEventHandler|createHITLOrchestrator)\s*[(<]/;

/** The first entry name the file calls but neither imports nor declares (a doc fragment's `createWorkflow(…)`). */
function unimportedEntryCall(sf: ts.SourceFile): string | undefined {
  const known = new Set<string>();
  for (const st of sf.statements) {
    const c = T.isImportDeclaration(st) ? st.importClause : undefined;
    if (c?.name) known.add(c.name.text);
    const nb = c?.namedBindings;
    if (nb && T.isNamespaceImport(nb)) known.add(nb.name.text);
    else if (nb) for (const el of nb.elements) known.add(el.name.text);
    if (T.isFunctionDeclaration(st) && st.name) known.add(st.name.text);
    if (T.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (T.isIdentifier(d.name)) known.add(d.name.text);
  }
  for (const m of sf.text.matchAll(new RegExp(ENTRY_CALL.source, 'g'))) {
    const name = m[1]!.split('.')[0]!;
    if (!known.has(name)) return m[1];
  }
  return undefined;
}

export interface UnreachedCandidate {
  file: string;
  firstStepCall: number;
  /** The file's own findings (imports, entries). */
  findings: readonly Finding[];
  /** Workflows run from the file. */
  workflows: number;
}

function rangeAt(sf: ts.SourceFile, start: number, length: number): Range {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(start + length);
  return { start: { line: s.line + 1, column: s.character + 1 }, end: { line: e.line + 1, column: e.character + 1 }, startOffset: start, endOffset: start + length };
}

export function noWorkflowFindings(candidates: readonly UnreachedCandidate[], workflows: readonly WorkflowInfo[], source: (file: string) => ts.SourceFile | undefined): Finding[] {
  const reached = new Set(workflows.flatMap((w) => w.steps.map((s) => s.file)));
  const out: Finding[] = [];
  for (const c of candidates) {
    if (c.workflows > 0 || reached.has(c.file)) continue;
    const sf = source(c.file);
    if (!sf) continue;
    const imports = c.findings.find((f) => f.code === LINE_MISMATCH || f.code === IMPORT_UNRESOLVED);
    const entries = c.findings.filter((f) => f.code === ENTRY_NOT_ANALYSED);
    // The entry whose call holds the step call, else the first one.
    const entry = entries.find((f) => (f.data?.callStart as number) <= c.firstStepCall && c.firstStepCall < (f.data?.callEnd as number)) ?? entries[0];
    let why: string;
    if (imports) why = `its awaitly import at line ${imports.range.start.line} does not resolve with the installed awaitly (${imports.code}), so no entry here is recognised`;
    else if (entry) why = `the entry at line ${entry.range.start.line} is recognised but not analysed (${ENTRY_NOT_ANALYSED})`;
    else if (unimportedEntryCall(sf)) {
      const importsAwaitly = /from\s+['"]awaitly(\/[\w-]+)?['"]|require\(\s*['"]awaitly/.test(sf.text);
      why = `the file calls ${unimportedEntryCall(sf)}(…) without importing it${importsAwaitly ? '' : ' (it imports nothing from awaitly)'}, so the call is not recognised as awaitly's (entries are recognised by their import)`;
    } else if (!/from\s+['"]awaitly(\/[\w-]+)?['"]|require\(\s*['"]awaitly/.test(sf.text)) {
      why = 'the file imports nothing from awaitly, and no analysed workflow passes `step` to a function here';
    }
    else why = 'no call here starts a workflow the analysis recognises (createWorkflow(…).run, run, durable.run, runSaga, the testing harness, webhook handlers, the HITL orchestrator), and no analysed workflow passes `step` to a function here';
    out.push({
      code: NO_WORKFLOW_FOUND, severity: 'info', file: c.file, range: rangeAt(sf, c.firstStepCall, 4),
      message: `No workflow found for the step calls in this file: ${why}. Its steps are not analysed.`,
    });
  }
  return out;
}
