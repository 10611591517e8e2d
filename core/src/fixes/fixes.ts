// The fix of each analysis finding that has one, computed from the finding's data, the workflows of its file and
// the file's text. Used by the language server (quick fixes, fix-all) and by `check --fix`.
import { canProduce } from '../analysis/patterns';
import type { Finding, StepInfo, WorkflowInfo } from '../analysis/types';
import type { Range } from '../diagnostic';
import { ParsedText, quote, setKeyEdit } from './keyEdits';
import type { Fix, TextEdit } from './types';

export interface FixContext {
  file: string;
  /** The text the findings were computed on. */
  text: string;
  /** The workflows the analysis found in (or through) this file. */
  workflows: readonly WorkflowInfo[];
}

/** A FixContext with its parse, shared by the fixes of one file (parsed once, when a fix first needs it). */
export class FileFixer {
  private readonly parsed: ParsedText;

  constructor(private readonly ctx: FixContext) {
    this.parsed = new ParsedText(ctx.file, ctx.text);
  }

  /** The fix of one finding of this file, or undefined when it has none (or the text no longer matches it). */
  fixFor(f: Finding): Fix | undefined {
    if (f.file !== this.ctx.file || f.range.endOffset > this.ctx.text.length) return undefined;
    return computeFix(this.ctx, this.parsed, f);
  }

  /** Every fix of the file's findings, in finding order. */
  fixAll(findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
    return findings.flatMap((finding) => {
      const fix = this.fixFor(finding);
      return fix ? [{ finding, fix }] : [];
    });
  }
}

function fix(code: string, title: string, edit: TextEdit | undefined): Fix | undefined {
  return edit ? { code, title, edits: [edit], preferred: true } : undefined;
}

function replace(r: Range, newText: string): TextEdit {
  return { startOffset: r.startOffset, endOffset: r.endOffset, newText };
}

/** The innermost step of the finding's workflow that contains the finding. */
function stepOf(ctx: FixContext, f: Finding): StepInfo | undefined {
  const w = ctx.workflows.find((x) => x.id === f.workflow);
  const candidates = (w ? w.steps : ctx.workflows.flatMap((x) => x.steps)).filter(
    (s) => s.file === f.file && s.range.startOffset <= f.range.startOffset && f.range.endOffset <= s.range.endOffset,
  );
  return candidates.sort((a, b) => a.range.endOffset - a.range.startOffset - (b.range.endOffset - b.range.startOffset))[0];
}

/** `${invoice.id}` when a sibling step in the same loop already keys by a property of the loop variable, else `${invoice}`. */
function loopKeyPart(ctx: FixContext, step: StepInfo, variable: string): string {
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

/** The key text with each unstable part (`${Date.now()}`) and one separator next to it removed. */
function withoutUnstableParts(keyText: string, parts: readonly string[]): string {
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
  // A template left without holes reads better as a plain string.
  if (fixed !== keyText && fixed.startsWith('`') && !fixed.includes('${')) fixed = quote(JSON.parse(`"${fixed.slice(1, -1).replace(/"/g, '\\"')}"`) as string);
  return fixed;
}

export function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

function computeFix(ctx: FixContext, parsed: ParsedText, f: Finding): Fix | undefined {
  const data = { ...(f.data ?? {}) } as Record<string, unknown>;
  const text = (r: Range) => ctx.text.slice(r.startOffset, r.endOffset);
  /** Sets the step's key: the key option's value when it has one, else a `key` in its options. */
  const keyEdit = (step: StepInfo, expr: string): TextEdit | undefined =>
    step.keySource === 'key-option' && step.key ? replace(step.key.range, expr) : setKeyEdit(parsed, step, expr);
  switch (f.code) {
    case 'immediate-step-execution': {
      const r = data.range as Range | undefined;
      const replacement = data.replacement;
      if (!r || typeof replacement !== 'string') return undefined;
      return fix(f.code, `Wrap the operation in a function: ${short(replacement)}`, replace(r, replacement));
    }
    case 'step-id-missing': {
      // The literal key becomes the id: step('user:1', fn, { key: 'user:1' }) caches under the same key as intended.
      const { insert, offset } = data;
      if (typeof insert !== 'string' || typeof offset !== 'number') return undefined;
      return fix(f.code, `Pass ${insert.replace(/, $/, '')} as the step id`, { startOffset: offset, endOffset: offset, newText: insert });
    }
    case 'duplicate-step-id': {
      if (typeof data.suggestedId !== 'string') return undefined;
      return fix(f.code, `Rename the step id to '${data.suggestedId}'`, replace(f.range, quote(data.suggestedId, text(f.range))));
    }
    case 'unrestored-step': {
      const step = stepOf(ctx, f);
      if (!step || typeof data.suggestedKey !== 'string') return undefined;
      return fix(f.code, `Add an explicit key '${data.suggestedKey}' so the step is restored on resume`, setKeyEdit(parsed, step, quote(data.suggestedKey)));
    }
    case 'colliding-step-keys': {
      const step = stepOf(ctx, f);
      if (!step || typeof data.suggestedKey !== 'string') return undefined;
      // The step's own id reads better than core's `<key>:<id>` when no other step uses it as a key.
      const w = ctx.workflows.find((x) => x.id === step.workflow);
      const id = step.id?.value;
      const suggested = id && w && !w.steps.some((s) => s !== step && (s.key?.value === id || (s.key && s.key.value === undefined && canProduce(s.key, id)))) ? id : data.suggestedKey;
      const like = step.keySource === 'key-option' && step.key ? text(step.key.range) : undefined;
      return fix(f.code, `Use a distinct key '${suggested}'`, keyEdit(step, quote(suggested, like)));
    }
    case 'loop-invariant-step-key': {
      const step = stepOf(ctx, f);
      const variable = (data.loopVariables as string[] | undefined)?.[0];
      if (!step?.key || !variable) return undefined;
      const base = step.key.value ?? step.id?.value ?? step.method;
      const expr = `\`${base.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}:\${${loopKeyPart(ctx, step, variable)}}\``;
      return fix(f.code, `Make the key include the loop variable: ${expr}`, keyEdit(step, expr));
    }
    case 'unstable-step-key': {
      const step = stepOf(ctx, f);
      if (!step?.key) return undefined;
      const keyText = text(step.key.range);
      let fixed = withoutUnstableParts(keyText, (data.unstable as string[] | undefined) ?? []);
      if (fixed === keyText) {
        if (typeof data.suggestedKey !== 'string') return undefined;
        fixed = quote(data.suggestedKey);
      }
      return fix(f.code, `Use a stable key: ${short(fixed)}`, keyEdit(step, fixed));
    }
    default:
      return undefined;
  }
}
