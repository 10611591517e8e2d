// Fixes that need the shape of the call (where the options object is) parse the file with the TypeScript parser:
// the analysis results are plain data (cached, sent across workers), so they carry offsets, not nodes.
import { ts } from '../analysis/ts-util';
import type { StepInfo } from '../analysis/types';
import type { TextEdit } from './types';

export class ParsedText {
  private sf?: ts.SourceFile;

  constructor(readonly file: string, readonly text: string) {}

  sourceFile(): ts.SourceFile {
    this.sf ??= ts.createSourceFile(this.file, this.text, ts.ScriptTarget.Latest, true);
    return this.sf;
  }

  /** The call expression of a step, found by its exact range (undefined when the text no longer has it there). */
  callAt(step: StepInfo): ts.CallExpression | undefined {
    const sf = this.sourceFile();
    const { startOffset, endOffset } = step.range;
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (found || node.end < startOffset || node.getStart(sf) > startOffset) return;
      if (ts.isCallExpression(node) && node.getStart(sf) === startOffset && node.end === endOffset) {
        found = node;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return found;
  }
}

/** A string literal in the quote style of the literal it replaces ('…' by default). */
export function quote(value: string, like?: string): string {
  const q = like && (like[0] === '"' || like[0] === '`') ? like[0] : "'";
  if (q === '`') return `\`${value.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

/** Position of the options argument for each step form (step.map takes items and a mapper first). */
function optionsIndex(step: StepInfo): number {
  return step.kind === 'map' ? 3 : 2;
}

/** The edit that sets `key: <expr>` on a step: replaces an existing key property, adds one to the options, or adds the options. */
export function setKeyEdit(parsed: ParsedText, step: StepInfo, keyExpr: string): TextEdit | undefined {
  const call = parsed.callAt(step);
  if (!call) return undefined;
  const sf = parsed.sourceFile();
  const i = optionsIndex(step);
  const args = call.arguments;
  const opts = args[i];
  const edit = (startOffset: number, endOffset: number, newText: string): TextEdit => ({ startOffset, endOffset, newText });
  if (opts && ts.isObjectLiteralExpression(opts)) {
    const existing = opts.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'key');
    if (existing && ts.isPropertyAssignment(existing)) return edit(existing.initializer.getStart(sf), existing.initializer.end, keyExpr);
    if (existing) return edit(existing.getStart(sf), existing.end, `key: ${keyExpr}`);
    if (opts.properties.length === 0) return edit(opts.getStart(sf), opts.end, `{ key: ${keyExpr} }`);
    const last = opts.properties[opts.properties.length - 1]!;
    return edit(last.end, last.end, `, key: ${keyExpr}`);
  }
  if (opts) return edit(opts.getStart(sf), opts.end, `{ ...${opts.getText(sf)}, key: ${keyExpr} }`);
  if (args.length < i) return undefined; // a form we do not know how to extend
  const lastArg = args[args.length - 1]!;
  return edit(lastArg.end, lastArg.end, `, { key: ${keyExpr} }`);
}
