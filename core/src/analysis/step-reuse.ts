// Reusing a workflow's step analyses across edits of its file. The language server analyses the edited file again at
// every keystroke, and most of that time is walking the workflow callback and building each step (its id, key,
// operation). A statement of the callback body that the edit left alone, and whose steps cannot have changed, is not
// walked again: its steps keep their StepInfos, moved to where the statement is now. Conservative: whatever is not
// shown unchanged is walked and built again. `npm run fuzz:workflows -- --rules-only` (in CI) compares the edited
// project's analysis with a fresh project's on the same texts.
//
// A step's analysis reads its call and the syntax around it up to its statement (unchanged with the statement's
// text), the bindings of step and its aliases (a statement whose walk makes one is always walked), the declarations
// its identifiers resolve to, the types TypeScript gives them (which follow those declarations, the context of the
// functions holding them, and control flow), and the project's other files. So, between the text its record was made
// on and now:
// - no other file changed (project.ts keeps records only while one file is edited, and only without result types);
// - each changed part of the text (a hunk) is comments between top-level statements, or lies inside the body of the
//   workflow's callback (never its parameters or the code around it);
// - no hunk holds a declaration, a control-flow construct or an assignment (if, loops, return, ?, &&, =, ++, …), or
//   touches a call statement (an assertion function narrows by a call): the flow, hence narrowing, is the same;
// - no hunk touches the statement, or a declaration inside the body that its steps read (transitively; for a
//   parameter, the expression holding its function), or spells the name of one (a new declaration would shadow it);
// - its steps are not bound (counted per run), not reached through a helper or awaitly's core step, and in a
//   TypeScript file (JSDoc types a JavaScript one).
import type { Range } from '../diagnostic';
import type { StepInfo, StaticString } from './types';
import type { RawStep, StatementHook } from './walker';
import type { RawWorkflow } from './workflows';
import { localSymbol, offsetPosition, offsetRange, ts, plainTs } from './ts-util';
import { changedSpans, sameEnds } from '../text';

const T = plainTs;

/** Steps taken from the analysis before and steps built, since the process started (fuzz-workflows prints them). */
export const reuseCounts = { reused: 0, built: 0 };

/** What one analysis leaves of a statement of a workflow body whose steps can be taken as they are. */
interface StatementRecord {
  workflow: string;
  /** The statement's [getStart, end) in the text of that analysis, and its start's 1-based line and column. */
  start: number;
  end: number;
  line: number;
  column: number;
  steps: StepInfo[];
  /** Spans of the declarations inside the body that its steps' builds read (transitively), and their names. */
  deps: Array<[number, number]>;
  words: Set<string>;
  /** Files the builds read (added to the file's dependencies again when the steps are taken). */
  files: readonly string[];
  /** The last offset of this file that the steps name (a range's end, a node id): no edit past it moves them. */
  reach: number;
}

/** What the next analysis of a file starts from. */
export interface FileSteps {
  text: string;
  statements: Map<number, StatementRecord>;
  /** Spans of the call statements of the workflow bodies (a call statement may narrow, as an assertion). */
  callStatements: Array<[number, number]>;
}

/** One changed part: the old text's [start, oldEnd) is the new text's [newStart, newEnd). */
interface Hunk {
  start: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
  /** Comments and blank lines between top-level statements, before and after: changes nothing but places. */
  trivia: boolean;
  words: Set<string>;
  /** Holds a declaration, a control-flow construct or an assignment (see the header). */
  flow: boolean;
}

const WORD = /[A-Za-z_$][\w$]*/g;
const FLOW_WORD = /\b(if|else|while|for|do|switch|case|default|return|throw|break|continue|try|catch|finally|yield|var|let|const|function|class|enum|namespace|module|declare|import|export|delete|using|interface|type)\b/;
// ?, &&, ||, an assignment (=, +=, …; not ==, ===, !=, <=, >=, =>), ++, --.
const FLOW_OP = /[?]|&&|\|\||(^|[^=!<>])=(?![=>])|\+\+|--/;
const JS_FILE = /\.(js|jsx|mjs|cjs)$/i;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** The changes between two texts, in order (text.ts changedSpans), classified. */
function hunksBetween(oldText: string, newText: string, sf: ts.SourceFile): Hunk[] {
  return changedSpans(oldText, newText).map((c) => hunk(oldText, newText, c.start, c.oldEnd, c.newStart, c.newEnd, sf));
}

/** A changed part, trimmed to the characters that differ, and classified (trivia, words, flow). */
function hunk(oldText: string, newText: string, start: number, oldEnd: number, newStart: number, newEnd: number, sf: ts.SourceFile): Hunk {
  const same = sameEnds(oldText, newText, start, oldEnd, newStart, newEnd);
  const s = start + same.prefix;
  const ns = newStart + same.prefix;
  const oe = oldEnd - same.suffix;
  const ne = newEnd - same.suffix;
  // Whole words: an edit that changes an identifier (inside it, or joined to it on either side) names the identifier.
  // An identifier that only borders the edit, with a separator on both sides of the edit (old and new), is untouched.
  let ws = 0;
  if (isWordChar(oldText.charCodeAt(s - 1)) && (isWordChar(oldText.charCodeAt(s)) || isWordChar(newText.charCodeAt(ns)))) {
    while (s - ws > 0 && isWordChar(oldText.charCodeAt(s - ws - 1))) ws++;
  }
  let we = 0;
  if (isWordChar(oldText.charCodeAt(oe)) && (isWordChar(oldText.charCodeAt(oe - 1)) || isWordChar(newText.charCodeAt(ne - 1)))) {
    while (oe + we < oldText.length && isWordChar(oldText.charCodeAt(oe + we))) we++;
  }
  const before = oldText.slice(s - ws, oe + we);
  const after = newText.slice(ns - ws, ne + we);
  const words = new Set<string>();
  for (const text of [before, after]) for (const w of text.match(WORD) ?? []) words.add(w);
  const flow = FLOW_WORD.test(before) || FLOW_WORD.test(after) || FLOW_OP.test(before) || FLOW_OP.test(after);
  const trivia = isTrivia(oldText.slice(start, oldEnd)) && isTrivia(newText.slice(newStart, newEnd)) && betweenTopLevel(sf, newStart, newEnd);
  return { start: s, oldEnd: oe, newStart: ns, newEnd: ne, trivia, words, flow };
}

/** Only comments and white space (no directive: `///`, `@ts-…`, `@jsx…`), scanned alone. */
function isTrivia(text: string): boolean {
  if (text.includes('@') || text.includes('///') || text.includes('#!')) return false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  for (let k = scanner.scan(); k !== T.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k !== T.SyntaxKind.WhitespaceTrivia && k !== T.SyntaxKind.NewLineTrivia && k !== T.SyntaxKind.SingleLineCommentTrivia && k !== T.SyntaxKind.MultiLineCommentTrivia) return false;
    if (k === T.SyntaxKind.MultiLineCommentTrivia && !scanner.getTokenText().endsWith('*/')) return false;
  }
  return true;
}

/** The new text's [start, end) lies in the leading trivia of a top-level statement (or of the end of the file). */
function betweenTopLevel(sf: ts.SourceFile, start: number, end: number): boolean {
  for (const node of [...sf.statements, sf.endOfFileToken]) {
    if (node.getFullStart() > start) return false;
    if (end <= node.getStart(sf)) return true;
  }
  return false;
}

class Edit {
  readonly hunks: Hunk[];

  constructor(oldText: string, newText: string, sf: ts.SourceFile) {
    this.hunks = hunksBetween(oldText, newText, sf);
  }

  /** Does the old span [s, e] touch a hunk? (Its edges count: an insertion there joins it.) */
  touchesOld(s: number, e: number): boolean {
    return this.hunks.some((h) => s <= h.oldEnd && e >= h.start);
  }

  /** Does the new span [s, e] touch a hunk? (Edges count, as in touchesOld.) */
  touchesNew(s: number, e: number): boolean {
    return this.hunks.some((h) => s <= h.newEnd && e >= h.newStart);
  }

  /**
   * Does a hunk reach into the new span [s, e)? An edit that only borders a statement leaves it as it was: a
   * statement found at the same place with the same text parses the same (the enclosing function is unchanged).
   */
  reachesNew(s: number, e: number): boolean {
    return this.hunks.some((h) => s < h.newEnd && e > h.newStart);
  }

  /** An old offset outside the hunks, in the new text. */
  moved(offset: number): number {
    let delta = 0;
    for (const h of this.hunks) if (offset >= h.oldEnd) delta = h.newEnd - h.oldEnd;
    return offset + delta;
  }

  /** The old offset of a new one outside the hunks. */
  original(offset: number): number {
    let delta = 0;
    for (const h of this.hunks) if (offset >= h.newEnd) delta = h.newEnd - h.oldEnd;
    return offset - delta;
  }
}

/** One analysis of a file: what it may take from the one before (`previous`), and the records it leaves for the next. */
export class StepReuse {
  private readonly edit: Edit | undefined;
  private readonly next: FileSteps;
  private readonly enabled: boolean;

  constructor(private readonly previous: FileSteps | undefined, private readonly sf: ts.SourceFile, private readonly checker: ts.TypeChecker) {
    this.enabled = !JS_FILE.test(sf.fileName);
    this.edit = this.enabled && previous && previous.text !== sf.text ? new Edit(previous.text, sf.text, sf) : undefined;
    this.next = { text: sf.text, statements: new Map(), callStatements: [] };
  }

  /** The records the next analysis of the file starts from. */
  result(): FileSteps {
    return this.next;
  }

  /** The reuse of one workflow's steps; undefined when its callback body is not a block of this file. */
  workflow(raw: RawWorkflow, id: string): WorkflowReuse | undefined {
    const body = raw.callback.body;
    if (!this.enabled || !body || !T.isBlock(body) || body.getSourceFile() !== this.sf) return undefined;
    const calls = callStatementsOf(body, this.sf);
    this.next.callStatements.push(...calls);
    return new WorkflowReuse(this, this.sf, id, body, this.mayTake(body, calls));
  }

  /** May the workflow's unchanged statements be taken (see the header)? */
  private mayTake(body: ts.Block, calls: ReadonlyArray<[number, number]>): boolean {
    const previous = this.previous;
    const edit = this.edit;
    if (!previous) return false;
    if (!edit) return true;
    const bodyStart = body.getStart(this.sf);
    // Strictly inside the braces: the parameters and the code around the callback are as they were.
    if (edit.hunks.some((h) => !h.trivia && (h.flow || h.newStart <= bodyStart || h.newEnd >= body.end - 1))) return false;
    // (A comment between top-level statements touches no call statement of a body.)
    return !calls.some(([s, e]) => edit.touchesNew(s, e)) && !previous.callStatements.some(([s, e]) => edit.touchesOld(s, e));
  }

  /** The record of the unchanged statement now at [start, end), if its steps may be taken. */
  taken(workflow: string, start: number, end: number): StatementRecord | undefined {
    const edit = this.edit;
    const previous = this.previous!;
    const old = previous.statements.get(edit ? edit.original(start) : start);
    if (!old || old.workflow !== workflow || old.end - old.start !== end - start) return undefined;
    if (edit) {
      if (edit.reachesNew(start, end)) return undefined;
      for (const h of edit.hunks) for (const w of h.words) if (old.words.has(w)) return undefined;
      for (const [s, e] of old.deps) if (edit.touchesOld(s, e)) return undefined;
    }
    // The offsets say the text is the same; checked all the same (a cost of one comparison of the file's length).
    return previous.text.startsWith(this.sf.text.slice(start, end), old.start) ? old : undefined;
  }

  /** Keeps a record for the next analysis. */
  keep(record: StatementRecord): void {
    this.next.statements.set(record.start, record);
  }

  /** The record of a statement just walked and built; undefined when its steps cannot be taken later. */
  record(workflow: string, statement: ts.Statement, body: ts.Block, raws: readonly RawStep[], steps: StepInfo[], files: readonly string[]): StatementRecord | undefined {
    if (!raws.every((r) => r.spec.kind !== 'bound' && r.via.length === 0 && !r.core && r.call.getSourceFile() === this.sf)) return undefined;
    const deps: Array<[number, number]> = [];
    const words = new Set<string>();
    dependenciesOf(raws.map((r) => r.call), body, this.sf, this.checker, deps, words);
    const start = statement.getStart(this.sf);
    const reach = steps.reduce((r, info) => Math.max(r, reachOf(info, this.sf.fileName)), statement.end);
    return { workflow, start, end: statement.end, ...offsetPosition(this.sf, start), steps, deps, words, files, reach };
  }

  /** A record's steps where its statement now starts (`start`), numbered from `index`; the record moved with them. */
  moved(old: StatementRecord, start: number, index: number): StatementRecord {
    const { line, column } = offsetPosition(this.sf, start);
    const edit = this.edit;
    const shift = new Shift(this.sf, edit, old, start - old.start, line - old.line, column - old.column);
    // Every place the steps name lies before every hunk: the steps are as they were, but for their index.
    const unmoved = !edit || edit.hunks.every((h) => h.start > old.reach);
    const steps: StepInfo[] = [];
    for (let k = 0; k < old.steps.length; k++) {
      const info = old.steps[k]!;
      steps.push(unmoved ? (info.index === index + k ? info : { ...info, index: index + k }) : moveStep(info, index + k, shift));
    }
    return {
      ...old,
      start,
      end: shift.offset(old.end),
      line,
      column,
      steps,
      deps: edit ? old.deps.map(([s, e]) => [edit.moved(s), edit.moved(e)] as [number, number]) : old.deps,
      reach: shift.offset(old.reach),
    };
  }
}

/**
 * Where the places of a taken statement's steps are now. Inside the statement (its text unchanged) a place moves by
 * the statement's own shift: offsets by `delta`, lines by `dLine`, columns only on its first line. Elsewhere in the
 * file (a declaration a key reads) it is found again past the hunks. A class rather than closures: one per statement.
 */
export class Shift {
  readonly file: string;
  constructor(
    private readonly sf: ts.SourceFile,
    private readonly edit: Edit | undefined,
    private readonly old: { start: number; end: number; line: number },
    private readonly delta: number,
    private readonly dLine: number,
    private readonly dColumn: number,
  ) {
    this.file = sf.fileName;
  }

  offset(o: number): number {
    return o >= this.old.start && o <= this.old.end ? o + this.delta : this.edit ? this.edit.moved(o) : o;
  }

  range(r: Range): Range {
    if (r.startOffset >= this.old.start && r.endOffset <= this.old.end) {
      return { start: this.position(r.start), end: this.position(r.end), startOffset: r.startOffset + this.delta, endOffset: r.endOffset + this.delta };
    }
    return this.edit ? offsetRange(this.sf, this.edit.moved(r.startOffset), this.edit.moved(r.endOffset)) : r;
  }

  private position(p: { line: number; column: number }): { line: number; column: number } {
    return { line: p.line + this.dLine, column: p.line === this.old.line ? p.column + this.dColumn : p.column };
  }

  nodeId(id: string): string {
    const file = this.file;
    return id.startsWith(file) && id.charCodeAt(file.length) === 58 ? `${file}:${this.offset(Number(id.slice(file.length + 1)))}` : id;
  }

  /** A StaticString of this file moved. */
  text(s: StaticString): StaticString {
    return s.file === this.file ? { ...s, range: this.range(s.range) } : s;
  }
}

/**
 * A StepInfo with every place in the shift's file moved and its index set. Each field that holds a place is named
 * here: core/test/analysis/step-reuse.test.ts checks, on every step of the fixtures, that none is left out.
 */
export function moveStep(info: StepInfo, index: number, shift: Shift): StepInfo {
  const file = shift.file;
  const out: StepInfo = {
    ...info,
    index,
    operation: info.operation.range ? { ...info.operation, range: shift.range(info.operation.range) } : info.operation,
    context: info.context.length === 0 ? info.context : info.context.map((f) => (f.file === file ? { ...f, nodeId: shift.nodeId(f.nodeId), range: shift.range(f.range) } : f)),
    unstableKeyParts: info.unstableKeyParts.length === 0 ? info.unstableKeyParts : info.unstableKeyParts.map((u) => (u.file === file ? { ...u, range: shift.range(u.range) } : u)),
    range: shift.range(info.range),
    calleeRange: shift.range(info.calleeRange),
  };
  // The key is often the id, and the recorded key the key, as one object (step-info.ts): moved once, shared again.
  const id = info.id && shift.text(info.id);
  const key = info.key && (info.key === info.id ? id : shift.text(info.key));
  if (id) out.id = id;
  if (key) out.key = key;
  if (info.recordedKey) out.recordedKey = info.recordedKey === info.key ? key! : info.recordedKey === info.id ? id! : shift.text(info.recordedKey);
  if (info.keyInvariantLoop !== undefined) out.keyInvariantLoop = shift.nodeId(info.keyInvariantLoop);
  // (Steps reached through a helper are never taken; moved all the same, so that this names every place.)
  if (info.via) out.via = info.via.map((v) => (v.file === file ? { ...v, range: shift.range(v.range) } : v));
  return out;
}

/**
 * The last offset of `file` that a StepInfo names: the ends of its ranges (a range belongs to the file of the nearest
 * object around it that names one, else the step's) and the offsets of its node ids. A walk over every field, so that
 * a field moveStep does not name is still counted (and found by the test that compares the two).
 */
export function reachOf(info: StepInfo, file: string): number {
  let reach = -1;
  const prefix = `${file}:`;
  const visit = (v: unknown, inFile: boolean): void => {
    if (typeof v === 'string') {
      if (inFile && v.length > prefix.length && v.startsWith(prefix)) {
        const n = Number(v.slice(prefix.length));
        if (Number.isInteger(n) && n >= 0) reach = Math.max(reach, n);
      }
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) visit(x, inFile);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const here = typeof o.file === 'string' ? o.file === file : inFile;
    if (here && typeof o.endOffset === 'number') reach = Math.max(reach, o.endOffset);
    for (const k in o) if (k !== 'file') visit(o[k], here);
  };
  visit(info, info.file === file);
  return reach;
}

/** One workflow's statements through the walk (StatementHook), then its steps in order (steps). */
export class WorkflowReuse implements StatementHook {
  private readonly parts: Array<{ taken: StatementRecord; start: number } | { statement: ts.Statement; from: number; to: number; clean: boolean }> = [];

  constructor(private readonly file: StepReuse, private readonly sf: ts.SourceFile, private readonly id: string, private readonly body: ts.Block, private readonly open: boolean) {}

  skip(statement: ts.Statement): boolean {
    if (!this.open) return false;
    const start = statement.getStart(this.sf);
    const taken = this.file.taken(this.id, start, statement.end);
    if (taken) this.parts.push({ taken, start });
    return taken !== undefined;
  }

  walked(statement: ts.Statement, from: number, to: number, clean: boolean): void {
    this.parts.push({ statement, from, to, clean });
  }

  /**
   * The workflow's steps: those of the statements left out, moved; the walked ones' built (`build`, given the step's
   * index and the set its build adds the files it reads to).
   */
  steps(raws: readonly RawStep[], build: (raw: RawStep, index: number, files: Set<string>) => StepInfo, files: Set<string>): StepInfo[] {
    const out: StepInfo[] = [];
    for (const part of this.parts) {
      if ('taken' in part) {
        const record = this.file.moved(part.taken, part.start, out.length);
        for (const f of record.files) files.add(f);
        out.push(...record.steps);
        this.file.keep(record);
        reuseCounts.reused += record.steps.length;
        continue;
      }
      if (part.from === part.to) continue;
      const read = new Set<string>();
      const built = raws.slice(part.from, part.to);
      const steps = built.map((raw, k) => build(raw, out.length + k, read));
      for (const f of read) files.add(f);
      out.push(...steps);
      reuseCounts.built += steps.length;
      const record = part.clean ? this.file.record(this.id, part.statement, this.body, built, steps, [...read]) : undefined;
      if (record) this.file.keep(record);
    }
    return out;
  }
}

/** Expression statements that are calls (not awaited, not assigned): what could be an assertion function's call. */
function callStatementsOf(body: ts.Block, sf: ts.SourceFile): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const visit = (n: ts.Node): void => {
    if (T.isExpressionStatement(n)) {
      let e = n.expression;
      while (T.isParenthesizedExpression(e)) e = e.expression;
      if (T.isCallExpression(e)) out.push([n.getStart(sf), n.end]);
      return;
    }
    // Statements only: a call inside an expression or a nested function does not narrow this flow.
    if (T.isBlock(n) || T.isIfStatement(n) || T.isIterationStatement(n, false) || T.isLabeledStatement(n) || T.isSwitchStatement(n) || T.isCaseBlock(n) || T.isCaseOrDefaultClause(n) || T.isTryStatement(n) || T.isCatchClause(n)) {
      T.forEachChild(n, visit);
    }
  };
  T.forEachChild(body, visit);
  return out;
}

/**
 * The declarations inside the body that the steps' builds may read: those of the calls' identifiers, then of the
 * identifiers in those declarations, and so on (a parameter's: the expression holding its function, whose context
 * types it); with their names. Declarations outside the body are left out: no hunk reaches them when steps are taken.
 */
function dependenciesOf(calls: readonly ts.CallExpression[], body: ts.Block, sf: ts.SourceFile, checker: ts.TypeChecker, deps: Array<[number, number]>, words: Set<string>): void {
  const seen = new Set<ts.Node>();
  const from = body.getStart(sf);
  const to = body.end;
  const queue: ts.Node[] = [...calls];
  const visit = (n: ts.Node): void => {
    if (!T.isIdentifier(n)) {
      T.forEachChild(n, visit);
      return;
    }
    if (isMemberName(n)) return;
    // The symbol the name denotes here (not an import's target: no import is inside a function body).
    for (const d of localSymbol(checker, n)?.declarations ?? []) {
      if (d.getSourceFile() !== sf || d.pos < from || d.end > to) continue;
      words.add(n.text);
      const span = contextOf(d);
      if (seen.has(span)) continue;
      seen.add(span);
      deps.push([span.getStart(sf), span.end]);
      queue.push(span);
    }
  };
  for (let n = queue.pop(); n; n = queue.pop()) visit(n);
}

/**
 * A member's name, not a reference: `o.name` and `A.B` (typed through `o` and `A`, whose declarations are followed),
 * and the names of properties, methods and enum members where they are declared (`{ key: … }`; not `{ key }`, which
 * also reads the variable `key`).
 */
function isMemberName(n: ts.Identifier): boolean {
  const p = n.parent;
  if ((T.isPropertyAccessExpression(p) || T.isQualifiedName(p)) && (T.isPropertyAccessExpression(p) ? p.name : p.right) === n) return true;
  return (T.isPropertyAssignment(p) || T.isPropertyDeclaration(p) || T.isMethodDeclaration(p) || T.isGetAccessorDeclaration(p) || T.isSetAccessorDeclaration(p) || T.isPropertySignature(p) || T.isMethodSignature(p) || T.isEnumMember(p) || T.isJsxAttribute(p)) && p.name === n;
}

/** What types a declaration: a variable's whole declaration; a parameter's function with the expression holding it. */
function contextOf(d: ts.Declaration): ts.Node {
  let n: ts.Node = d;
  while (T.isBindingElement(n) || T.isObjectBindingPattern(n) || T.isArrayBindingPattern(n)) n = n.parent;
  if (T.isParameter(n) && n.parent && T.isFunctionLike(n.parent)) return n.parent.parent ?? n.parent;
  return n;
}
