// Per-file sets of names under which a member access (`x.name`) can reach a declaration the analysis reads.
// Asking the checker for the symbol of `x.name` types `x`; when `x` is a value inside a workflow callback
// (`order.lines.map(...)`, a key `order.customerId`), that means inferring the whole callback. These sets let
// the callers skip the question when no file declares anything under that name: an exact pre-filter, since a
// member symbol carries the name of its declaration or of the alias (export specifier, import-equals,
// JavaScript assignment) that leads to it.
import { isConstVariable, isInConstObject, isJavaScriptFile, propertyNameText, ts, plainTs } from './ts-util';

const T = plainTs;

export interface MemberNames {
  /** Variables and parameters of source files (not .d.ts), plus alias names: what resolveWorkflowDef follows. */
  values: Set<string>;
  /**
   * What key evaluation reads: const variables, enum members and const-object properties of source files,
   * declarations annotated with a string literal type (also in .d.ts), plus alias names.
   */
  constants: Set<string>;
}

const cache = new WeakMap<ts.SourceFile, MemberNames>();

// The node kinds the walk below reads, as a table: most nodes (identifiers, calls, tokens) are none of them, and one
// lookup is cheaper than asking each of the ten kind tests in turn (this walk runs over the edited file at every edit).
const DECLARING = (() => {
  const SK = T.SyntaxKind;
  const kinds = [SK.VariableDeclaration, SK.Parameter, SK.PropertySignature, SK.PropertyDeclaration, SK.EnumMember,
    SK.PropertyAssignment, SK.ShorthandPropertyAssignment, SK.ExportSpecifier, SK.ImportEqualsDeclaration, SK.BinaryExpression];
  const table = new Uint8Array(Math.max(...kinds) + 1);
  for (const k of kinds) table[k] = 1;
  return table;
})();

export function memberNames(sf: ts.SourceFile): MemberNames {
  const hit = cache.get(sf);
  if (hit) return hit;
  const values = new Set<string>();
  const constants = new Set<string>();
  const source = !sf.isDeclarationFile;
  const js = isJavaScriptFile(sf.fileName);
  const add = (name: ts.PropertyName | ts.BindingName | ts.ModuleExportName | undefined, toValues: boolean): void => {
    const text = name && (T.isStringLiteral(name) ? name.text : propertyNameText(name as ts.PropertyName));
    if (text === undefined) return;
    if (toValues) values.add(text);
    constants.add(text);
  };
  const literalTyped = (type: ts.TypeNode | undefined): boolean =>
    !!type && T.isLiteralTypeNode(type) && T.isStringLiteral(type.literal);
  const visit = (n: ts.Node): void => {
    if (!DECLARING[n.kind]) {
      T.forEachChild(n, visit);
      return;
    }
    if (T.isVariableDeclaration(n) || T.isParameter(n)) {
      if (T.isIdentifier(n.name)) {
        if (source) values.add(n.name.text);
        // constInitializer reads const variables with an initializer; literalType reads literal annotations.
        const constant = T.isVariableDeclaration(n) && source && !!n.initializer && isConstVariable(n);
        if (constant || literalTyped(n.type)) constants.add(n.name.text);
      }
    } else if (T.isPropertySignature(n) || T.isPropertyDeclaration(n)) {
      if (literalTyped(n.type)) {
        const text = propertyNameText(n.name);
        if (text !== undefined) constants.add(text);
      }
    } else if (T.isEnumMember(n)) {
      if (source) add(n.name, false);
    } else if (T.isPropertyAssignment(n) || T.isShorthandPropertyAssignment(n)) {
      if (source && isInConstObject(n)) add(n.name, false);
    } else if (T.isExportSpecifier(n) || T.isImportEqualsDeclaration(n)) {
      add(n.name, true);
    } else if (js && T.isBinaryExpression(n) && n.operatorToken.kind === T.SyntaxKind.EqualsToken && T.isPropertyAccessExpression(n.left)) {
      // JavaScript assignment declarations (exports.x = wf, module.exports.x = wf, this.x = wf) may alias a variable.
      add(n.left.name, true);
    }
    T.forEachChild(n, visit);
  };
  visit(sf);
  const out = { values, constants };
  cache.set(sf, out);
  return out;
}

const REBASE_LIMIT = 16;

interface Answer {
  /** The file that declares the name, or null: none did when last asked (at `generation`). */
  witness: ts.SourceFile | null;
  generation: number;
}

/**
 * The pre-filter's answers for one project, kept from one program to the next. An edit makes a new program in which
 * every unchanged file is the same SourceFile object, so an answer only needs the files that are new: asking every
 * file's text again for every name (the libraries' .d.ts are megabytes) was ~7 ms of each edit of the server bench's
 * 2,000-line workflow (~50 ms in all), and grows with the project. An answer remembers the file that declares the
 * name (or none): it holds while that file stays, and a "none" is asked again of the files added since, when next
 * asked (an edit whose analysis asks nothing, its steps taken from the analysis before, walks no file). Many new files
 * at once (a first program, a changed import graph): start over.
 */
export class MemberNameIndex {
  private files: ReadonlySet<ts.SourceFile> = new Set();
  private list: readonly ts.SourceFile[] = [];
  private generation = 0;
  /** Files of the program added since some answer was made, with the generation that added them. */
  private readonly added = new Map<ts.SourceFile, number>();
  private readonly answers: Record<keyof MemberNames, Map<string, Answer>> = { values: new Map(), constants: new Map() };

  /** The current program's files (its getSourceFiles(); the same array again is a no-op). */
  use(files: readonly ts.SourceFile[]): void {
    if (files === this.list) return;
    const next = new Set(files);
    const added = files.filter((f) => !this.files.has(f));
    this.list = files;
    this.files = next;
    if (added.length > REBASE_LIMIT) {
      this.answers.values.clear();
      this.answers.constants.clear();
      this.added.clear();
      return;
    }
    this.generation++;
    for (const sf of added) this.added.set(sf, this.generation);
    for (const sf of this.added.keys()) if (!next.has(sf)) this.added.delete(sf);
    for (const answers of [this.answers.values, this.answers.constants]) {
      for (const [name, a] of answers) if (a.witness && !next.has(a.witness)) answers.delete(name);
    }
    // Files that pile up (many edits, nothing asked): bring every "none" up to date, then forget them.
    if (this.added.size > REBASE_LIMIT) {
      for (const kind of ['values', 'constants'] as const) for (const [name, a] of this.answers[kind]) this.refresh(kind, name, a);
      this.added.clear();
    }
  }

  /** Does some file of the program declare `name` as a value (resolveWorkflowDef) or a constant (key evaluation)? */
  declares(kind: keyof MemberNames, name: string): boolean {
    const answers = this.answers[kind];
    const a = answers.get(name);
    if (!a) {
      const witness = this.list.find((sf) => declares(sf, kind, name)) ?? null;
      answers.set(name, { witness, generation: this.generation });
      return witness !== null;
    }
    this.refresh(kind, name, a);
    return a.witness !== null;
  }

  /** A "none" asked again of the files added after it was made. */
  private refresh(kind: keyof MemberNames, name: string, a: Answer): void {
    if (a.witness || a.generation === this.generation) return;
    for (const [sf, generation] of this.added) {
      if (generation > a.generation && declares(sf, kind, name)) {
        a.witness = sf;
        break;
      }
    }
    a.generation = this.generation;
  }
}

function declares(sf: ts.SourceFile, kind: keyof MemberNames, name: string): boolean {
  return searched(sf, kind) && standsAlone(sf.text, name) && memberNames(sf)[kind].has(name);
}

/**
 * Does `name` occur in the text other than inside a longer identifier? A file's walk (memberNames) is skipped when not:
 * a declaration of the name (or a string-literal property name equal to it) has it whole between non-identifier
 * characters. Short names (`id`, `key`) are inside many words of the libraries' declaration files.
 */
function standsAlone(text: string, name: string): boolean {
  // An empty name (a member written `x.` while typing) is found at every offset, and indexOf('') never passes the
  // end: the loop below would not stop. Walking the file answers it.
  if (name === '') return true;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (!isIdentifierChar(text.charCodeAt(at - 1)) && !isIdentifierChar(text.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/**
 * ASCII letters, digits, `_` and `$` (NaN, the text's edge: none). A character beyond ASCII counts as a separator, so
 * the test errs towards walking the file: some of those are whitespace (U+00A0, U+FEFF).
 */
function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Values are followed in source files only; constants may be literal-typed declarations of a .d.ts. */
function searched(sf: ts.SourceFile, kind: keyof MemberNames): boolean {
  return kind === 'constants' || !sf.isDeclarationFile;
}
