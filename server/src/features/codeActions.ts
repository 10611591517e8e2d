// Quick fixes for the analysis findings and the lock: each returns a WorkspaceEdit computed on the document's
// current text. Fixes that need the shape of the call (where the options object is) parse the file with the
// TypeScript parser; everything else comes from the finding's data and ranges.
import * as fs from 'node:fs';
import { ts } from 'ts-morph';
import {
  CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range as LspRange, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { canProduce, type Finding, type StepInfo, type WorkflowInfo } from '../../../core/src/analysis';
import type { Range } from '../../../core/src/diagnostic';
import { LineIndex } from '../../../core/src/text';
import { CommandIds } from '../protocol/requests';
import { offsetsToLspRange, overlaps, pathToUri, toLspDiagnostic } from '../convert';
import type { FolderProject, Overlay } from '../project';
import { lockFindings, workflowAnchor } from './diagnostics';
import { lockStatus, updatedLockText } from './lock';

export interface EditCapabilities {
  /** The client applies documentChanges with a 'create' resource operation (needed to create the lock file). */
  createFiles: boolean;
}

interface Ctx {
  folder: FolderProject;
  file: string;
  uri: string;
  text: string;
  index: LineIndex;
  workflows: WorkflowInfo[];
  sf?: ts.SourceFile;
}

function edit(ctx: Ctx, start: number, end: number, newText: string): WorkspaceEdit {
  return { changes: { [ctx.uri]: [{ range: offsetsToLspRange(ctx.index, start, end), newText }] } };
}

function action(title: string, diagnostic: LspDiagnostic | undefined, workspaceEdit: WorkspaceEdit, preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), edit: workspaceEdit, ...(preferred ? { isPreferred: true } : {}) };
}

/** A string literal in the quote style of the literal it replaces ('…' by default). */
function quote(value: string, like?: string): string {
  const q = like && (like[0] === '"' || like[0] === '`') ? like[0] : "'";
  if (q === '`') return `\`${value.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

function sourceFile(ctx: Ctx): ts.SourceFile {
  ctx.sf ??= ts.createSourceFile(ctx.file, ctx.text, ts.ScriptTarget.Latest, true);
  return ctx.sf;
}

/** The call expression of a step, found by its range. */
function callOf(ctx: Ctx, step: StepInfo): ts.CallExpression | undefined {
  const sf = sourceFile(ctx);
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < step.range.startOffset || node.getStart(sf) > step.range.startOffset) return;
    if (ts.isCallExpression(node) && node.getStart(sf) === step.range.startOffset && node.end === step.range.endOffset) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Position of the options argument for each step form (step.map takes items and a mapper first). */
function optionsIndex(step: StepInfo): number {
  return step.kind === 'map' ? 3 : 2;
}

/** An edit that sets `key: <expr>` on a step: replaces an existing key property, adds one to the options, or adds the options. */
function setKeyEdit(ctx: Ctx, step: StepInfo, keyExpr: string): WorkspaceEdit | undefined {
  const call = callOf(ctx, step);
  if (!call) return undefined;
  const sf = sourceFile(ctx);
  const i = optionsIndex(step);
  const args = call.arguments;
  const opts = args[i];
  if (opts && ts.isObjectLiteralExpression(opts)) {
    const existing = opts.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'key');
    if (existing && ts.isPropertyAssignment(existing)) return edit(ctx, existing.initializer.getStart(sf), existing.initializer.end, keyExpr);
    if (existing) return edit(ctx, existing.getStart(sf), existing.end, `key: ${keyExpr}`);
    if (opts.properties.length === 0) return edit(ctx, opts.getStart(sf), opts.end, `{ key: ${keyExpr} }`);
    const last = opts.properties[opts.properties.length - 1]!;
    return edit(ctx, last.end, last.end, `, key: ${keyExpr}`);
  }
  if (opts) return edit(ctx, opts.getStart(sf), opts.end, `{ ...${opts.getText(sf)}, key: ${keyExpr} }`);
  if (args.length < i) return undefined; // a form we do not know how to extend
  const lastArg = args[args.length - 1]!;
  return edit(ctx, lastArg.end, lastArg.end, `, { key: ${keyExpr} }`);
}

function stepOf(ctx: Ctx, f: Finding): StepInfo | undefined {
  const w = ctx.workflows.find((x) => x.id === f.workflow);
  const candidates = (w ? w.steps : ctx.workflows.flatMap((x) => x.steps)).filter(
    (s) => s.file === f.file && s.range.startOffset <= f.range.startOffset && f.range.endOffset <= s.range.endOffset,
  );
  return candidates.sort((a, b) => a.range.endOffset - a.range.startOffset - (b.range.endOffset - b.range.startOffset))[0];
}

/** `${invoice.id}` when a sibling step in the same loop already keys by a property of the loop variable, else `${invoice}`. */
function loopKeyPart(ctx: Ctx, step: StepInfo, variable: string): string {
  const loop = [...step.context].reverse().find((c) => c.kind === 'loop');
  const w = ctx.workflows.find((x) => x.id === step.workflow);
  const escaped = variable.replace(/[$]/g, '\\$');
  const re = new RegExp(`\\$\\{\\s*(${escaped}(?:\\??\\.[A-Za-z_$][\\w$]*)+)\\s*\\}`);
  for (const s of w?.steps ?? []) {
    if (s === step || !loop || !s.context.some((c) => c.nodeId === loop.nodeId)) continue;
    const m = s.key?.text.match(re);
    if (m) return m[1]!;
  }
  return variable;
}

function fixesFor(ctx: Ctx, f: Finding, diagnostic: LspDiagnostic): CodeAction[] {
  const data = { ...(f.data ?? {}) } as Record<string, unknown>;
  const text = (r: Range) => ctx.text.slice(r.startOffset, r.endOffset);
  switch (f.code) {
    case 'immediate-step-execution': {
      const r = data.range as Range | undefined;
      const replacement = data.replacement;
      if (!r || typeof replacement !== 'string') return [];
      return [action(`Wrap the operation in a function: ${short(replacement)}`, diagnostic, edit(ctx, r.startOffset, r.endOffset, replacement), true)];
    }
    case 'step-id-missing': {
      // The literal key becomes the id: step('user:1', fn, { key: 'user:1' }) caches under the same key as intended.
      const { insert, offset } = data;
      if (typeof insert !== 'string' || typeof offset !== 'number') return [];
      return [action(`Pass ${insert.replace(/, $/, '')} as the step id`, diagnostic, edit(ctx, offset, offset, insert), true)];
    }
    case 'duplicate-step-id': {
      if (typeof data.suggestedId !== 'string') return [];
      return [action(`Rename the step id to '${data.suggestedId}'`, diagnostic, edit(ctx, f.range.startOffset, f.range.endOffset, quote(data.suggestedId, text(f.range))), true)];
    }
    case 'unrestored-step': {
      const step = stepOf(ctx, f);
      if (!step || typeof data.suggestedKey !== 'string') return [];
      const e = setKeyEdit(ctx, step, quote(data.suggestedKey));
      return e ? [action(`Add an explicit key '${data.suggestedKey}' so the step is restored on resume`, diagnostic, e, true)] : [];
    }
    case 'colliding-step-keys': {
      const step = stepOf(ctx, f);
      if (!step || typeof data.suggestedKey !== 'string') return [];
      // The step's own id reads better than core's `<key>:<id>` when no other step uses it as a key.
      const w = ctx.workflows.find((x) => x.id === step.workflow);
      const id = step.id?.value;
      const suggested = id && w && !w.steps.some((s) => s !== step && (s.key?.value === id || (s.key && s.key.value === undefined && canProduce(s.key, id)))) ? id : data.suggestedKey;
      const e = step.keySource === 'key-option' && step.key
        ? edit(ctx, step.key.range.startOffset, step.key.range.endOffset, quote(suggested, text(step.key.range)))
        : setKeyEdit(ctx, step, quote(suggested));
      return e ? [action(`Use a distinct key '${suggested}'`, diagnostic, e, true)] : [];
    }
    case 'loop-invariant-step-key': {
      const step = stepOf(ctx, f);
      const variable = (data.loopVariables as string[] | undefined)?.[0];
      if (!step?.key || !variable) return [];
      const base = step.key.value ?? step.id?.value ?? step.method;
      const expr = `\`${base.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}:\${${loopKeyPart(ctx, step, variable)}}\``;
      const e = step.keySource === 'key-option'
        ? edit(ctx, step.key.range.startOffset, step.key.range.endOffset, expr)
        : setKeyEdit(ctx, step, expr);
      return e ? [action(`Make the key include the loop variable: ${expr}`, diagnostic, e, true)] : [];
    }
    case 'unstable-step-key': {
      const step = stepOf(ctx, f);
      if (!step?.key) return [];
      const keyText = text(step.key.range);
      const parts = (data.unstable as string[] | undefined) ?? [];
      let fixed = keyText;
      for (const p of parts) {
        const hole = `\${${p}}`;
        const at = fixed.indexOf(hole);
        if (at < 0) continue;
        const before = fixed[at - 1];
        const after = fixed[at + hole.length];
        const sep = /[:\-_/.#]/;
        if (before && sep.test(before)) fixed = fixed.slice(0, at - 1) + fixed.slice(at + hole.length);
        else if (after && sep.test(after)) fixed = fixed.slice(0, at) + fixed.slice(at + hole.length + 1);
        else fixed = fixed.slice(0, at) + fixed.slice(at + hole.length);
      }
      if (fixed !== keyText && fixed.startsWith('`') && !fixed.includes('${')) fixed = quote(JSON.parse(`"${fixed.slice(1, -1).replace(/"/g, '\\"')}"`) as string);
      if (fixed === keyText) {
        if (typeof data.suggestedKey !== 'string') return [];
        fixed = quote(data.suggestedKey);
      }
      const e = step.keySource === 'key-option'
        ? edit(ctx, step.key.range.startOffset, step.key.range.endOffset, fixed)
        : setKeyEdit(ctx, step, fixed);
      return e ? [action(`Use a stable key: ${short(fixed)}`, diagnostic, e, true)] : [];
    }
    default:
      return [];
  }
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

/** The edit that writes this workflow's lock entry (creating the lock file when needed). */
export function lockEdit(folder: FolderProject, w: WorkflowInfo, overlay: Overlay, caps: EditCapabilities): WorkspaceEdit | undefined {
  const state = folder.lock();
  const uri = pathToUri(state.path);
  const newText = updatedLockText(folder, w);
  if (state.exists) {
    let current = overlay(state.path);
    if (current === undefined) {
      try {
        current = fs.readFileSync(state.path, 'utf8');
      } catch {
        current = '';
      }
    }
    const index = new LineIndex(current);
    return { changes: { [uri]: [{ range: offsetsToLspRange(index, 0, current.length), newText }] } };
  }
  if (!caps.createFiles) return undefined;
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText } satisfies TextEdit] },
    ],
  };
}

export async function codeActions(folder: FolderProject, file: string, text: string, range: LspRange, overlay: Overlay, caps: EditCapabilities): Promise<CodeAction[]> {
  const analysis = folder.analyzeFile(file);
  const ctx: Ctx = { folder, file, uri: pathToUri(file), text, index: new LineIndex(text), workflows: analysis.workflows };
  const rules = folder.settings.rules;
  const out: CodeAction[] = [];
  for (const f of analysis.findings) {
    if (f.file !== file || !overlaps(f.range, range)) continue;
    const diagnostic = toLspDiagnostic(f, file, rules);
    if (!diagnostic) continue;
    out.push(...fixesFor(ctx, f, diagnostic));
  }
  // "Update the lock for this workflow": on a definition-changed / not-locked diagnostic, or anywhere on the workflow's name.
  // Only when the range is on a workflow (its name, where the lock diagnostic sits, or its definition) is the
  // definition hash (the typed analysis) computed: code actions are asked for on every cursor move.
  const touched = analysis.workflows.some((w) => w.file === file
    && (overlaps(workflowAnchor(w, file), range) || overlaps(w.definition.file === file ? w.definition.range : w.range, range)));
  const lockDiagnostics = touched ? await lockFindings(folder, file) : [];
  for (const w of touched ? (await folder.typedFile(file)).workflows : []) {
    if (w.file !== file) continue;
    const d = lockDiagnostics.find((x) => x.workflow === w.id);
    const onWorkflow = (d && overlaps(d.range, range)) || overlaps(w.definition.file === file ? w.definition.range : w.range, range);
    if (!onWorkflow) continue;
    const status = lockStatus(folder, w);
    if (status.status === 'unchanged' || status.status === 'unreadable') continue;
    const e = lockEdit(folder, w, overlay, caps);
    const lspDiag = d ? toLspDiagnostic(d, file, rules) : undefined;
    const title = `Update ${folder.settings.lockFile} for workflow '${w.label}'`;
    if (e) out.push({ title, kind: CodeActionKind.QuickFix, ...(lspDiag ? { diagnostics: [lspDiag] } : {}), edit: e });
    else out.push({ title, kind: CodeActionKind.QuickFix, ...(lspDiag ? { diagnostics: [lspDiag] } : {}), command: { title, command: CommandIds.updateLock, arguments: [pathToUri(file), w.id] } });
  }
  return out;
}
