// Never silent about imports: an awaitly import that does not resolve, or one written for another awaitly line
// than the installed one (4.x `import { createWorkflow } from 'awaitly'` with 1.35 installed, `awaitly/workflow`
// with 4.x installed), means the entries it brings are never recognised and their workflows are not analysed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AwaitlySemantics, Finding } from './types';
import { awaitlyLine, ENTRY_EXPORTS, lineOfVersion, linesExporting, type AwaitlyLine } from '../semantics/lines';
import { nearestPackage } from './nearest-package';
import { nodeRange, ts, plainTs } from './ts-util';

const T = plainTs;

export const LINE_MISMATCH = 'awaitly-line-mismatch';
export const IMPORT_UNRESOLVED = 'awaitly-import-unresolved';

interface Installed {
  version: string;
  line: AwaitlyLine;
  /** package.json it was read from, relative to the project root. */
  where: string;
  /** Real path of the package folder. */
  dir: string;
}

function realDir(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The awaitly package folder (real path) and version a resolved declaration file belongs to. */
function packageOf(fileName: string): { dir: string; version: string } | undefined {
  const pkg = nearestPackage(fileName);
  return pkg?.name === 'awaitly' && pkg.version !== undefined ? { dir: realDir(pkg.dir), version: pkg.version } : undefined;
}

// Per declaration file and per project's semantics, not per import: every analysis of a file importing awaitly asked
// again (a package.json read and a realpath for each import, at each edit and for each of a project's files). Keyed by
// the objects: a new project (a CLI run, a folder the server opens again) reads again; within one project the program
// keeps node_modules' SourceFiles, and with them what it was opened with, as the semantics detected then.
const packages = new WeakMap<ts.SourceFile, { dir: string; version: string } | undefined>();
const installs = new WeakMap<AwaitlySemantics, Map<string, Installed | undefined>>();

function packageOfFile(sf: ts.SourceFile): { dir: string; version: string } | undefined {
  if (!packages.has(sf)) packages.set(sf, packageOf(sf.fileName));
  return packages.get(sf);
}

function installedAwaitlyOnce(semantics: AwaitlySemantics, rootDir: string): Installed | undefined {
  let byRoot = installs.get(semantics);
  if (!byRoot) installs.set(semantics, (byRoot = new Map()));
  if (!byRoot.has(rootDir)) byRoot.set(rootDir, installedAwaitly(semantics, rootDir));
  return byRoot.get(rootDir);
}

/** The awaitly that imports resolve to: the one in node_modules (also under --semantics), if any. */
function installedAwaitly(semantics: AwaitlySemantics, rootDir: string): Installed | undefined {
  const found = semantics.installed ?? (semantics.version ? { version: semantics.version, source: semantics.source } : undefined);
  if (!found || !/[\\/]node_modules[\\/]awaitly[\\/]package\.json$/.test(found.source)) return undefined;
  const where = path.relative(rootDir, found.source).split(path.sep).join('/') || found.source;
  return { version: found.version, line: awaitlyLine(lineOfVersion(found.version)), where, dir: realDir(path.dirname(found.source)) };
}

function isAwaitlySpecifier(spec: string): boolean {
  return spec === 'awaitly' || spec.startsWith('awaitly/');
}

/** Where the installed line exports `names` from, e.g. "createWorkflow from 'awaitly'". */
function whereNow(line: AwaitlyLine, names: readonly string[]): string {
  const parts = names.flatMap((n) => {
    const spec = Object.keys(line.entryModules).find((m) => (line.entryModules[m] as readonly string[]).includes(n));
    return spec ? [`${n} from '${spec}'`] : [];
  });
  return parts.length ? `; in awaitly ${line.id}, import ${parts.join(', ')}` : '';
}

export function awaitlyImportFindings(sf: ts.SourceFile, checker: ts.TypeChecker, semantics: AwaitlySemantics, rootDir: string): Finding[] {
  const out: Finding[] = [];
  const installed = installedAwaitlyOnce(semantics, rootDir);
  const push = (code: string, node: ts.Node, message: string) =>
    out.push({ code, severity: 'warning', message, file: sf.fileName, range: nodeRange(node, sf) });
  for (const st of sf.statements) {
    const isImport = T.isImportDeclaration(st);
    if (!isImport && !T.isExportDeclaration(st)) continue;
    const specNode = st.moduleSpecifier;
    if (!specNode || !T.isStringLiteral(specNode) || !isAwaitlySpecifier(specNode.text)) continue;
    if (isImport && st.importClause?.isTypeOnly) continue;
    const spec = specNode.text;
    const names = importedEntryNames(st);
    const moduleSym = checker.getSymbolAtLocation(specNode);
    if (!moduleSym) {
      if (!installed) {
        push(IMPORT_UNRESOLVED, specNode, `'${spec}' does not resolve: no awaitly is installed for this project (no node_modules/awaitly), so no workflow entry it provides is recognised and those workflows are not analysed. Install awaitly.`);
        continue;
      }
      const others = linesExporting(spec, undefined, installed.line.id);
      if (others.length) {
        push(LINE_MISMATCH, specNode, `'${spec}' is an awaitly ${others.map((l) => l.id).join('/')} module, but awaitly ${installed.version} (${installed.line.id} line, ${installed.where}) is installed and has no such export path: nothing imported from it resolves, so the workflows using it are not analysed${whereNow(installed.line, names)}.`);
      } else {
        push(IMPORT_UNRESOLVED, specNode, `'${spec}' does not resolve with awaitly ${installed.version} installed (${installed.where}): what it imports is not recognised, so workflows using it are not analysed.`);
      }
      continue;
    }
    // TypeScript keeps looking in outer node_modules when the nearest awaitly lacks the path; Node does not.
    const decl = moduleSym.declarations?.[0];
    const other = installed && decl ? packageOfFile(decl.getSourceFile()) : undefined;
    if (installed && other && other.dir !== installed.dir && lineOfVersion(other.version) !== installed.line.id) {
      push(LINE_MISMATCH, specNode, `'${spec}' is an awaitly ${lineOfVersion(other.version)} module: TypeScript finds it in another install (awaitly ${other.version}), but the project's awaitly is ${installed.version} (${installed.line.id} line, ${installed.where}), where Node stops and finds no such export path. Its workflows are analysed with awaitly ${other.version}'s declarations${whereNow(installed.line, names)}.`);
      continue;
    }
    // The module resolves: are the entry names it imports exported by it?
    const missing = names.filter((n) => !checker.tryGetMemberInModuleExports(n, moduleSym));
    if (missing.length === 0) continue;
    const node = isImport ? (st.importClause ?? specNode) : (st.exportClause ?? specNode);
    const others = linesExporting(spec, missing[0], installed?.line.id ?? semantics.line);
    const have = installed ? `awaitly ${installed.version} (${installed.line.id} line, ${installed.where})` : `awaitly ${semantics.line}`;
    if (others.length) {
      push(LINE_MISMATCH, node, `${missing.join(', ')} from '${spec}' is the awaitly ${others.map((l) => l.id).join('/')} layout, but ${have} does not export ${missing.length > 1 ? 'them' : 'it'} there: the workflows using ${missing.length > 1 ? 'them' : 'it'} are not analysed${installed ? whereNow(installed.line, missing) : ''}.`);
    } else {
      push(IMPORT_UNRESOLVED, node, `'${spec}' has no export ${missing.join(', ')} in ${have}: the workflows using ${missing.length > 1 ? 'them' : 'it'} are not analysed.`);
    }
  }
  return out;
}

/** The awaitly entry names an import or re-export brings in (by their exported name). */
function importedEntryNames(st: ts.ImportDeclaration | ts.ExportDeclaration): string[] {
  const elements = T.isImportDeclaration(st)
    ? (st.importClause?.namedBindings && T.isNamedImports(st.importClause.namedBindings) ? st.importClause.namedBindings.elements : [])
    : (st.exportClause && T.isNamedExports(st.exportClause) ? st.exportClause.elements : []);
  return elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text).filter((n) => ENTRY_EXPORTS.has(n));
}
