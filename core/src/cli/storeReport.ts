// Output of `validate --store` and `check --store` (with or without --against): the per-workflow summary a reviewer
// acts on, the listed rows' diagnostics through the shared reporters, and what could not be read. Every format says
// when the run read less than the whole store (failures, rows not listed).
import type { AwaitlySemantics } from '../analysis/types';
import { githubReporter, escapeData } from './reporters/github';
import { sarifReporter } from './reporters/sarif';
import { textReporter } from './reporters/text';
import { diagnosticRow } from './reporters/json';
import type { DiagnosticReport, FileFailure } from './reporters/types';
import { CATEGORY_TEXT, ROW_CATEGORIES, type StoreTally } from './storeCheck';
import { describeGroup, type BlastTally } from './blastRadius';

export const STORE_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
export type StoreFormat = (typeof STORE_FORMATS)[number];

export interface StoreRun {
  store: string;
  /** 'validate': awaitly's verdict only; 'check': against the code. */
  mode: 'validate' | 'check';
  semantics?: AwaitlySemantics;
  tally: StoreTally;
  failures: FileFailure[];
  /** --against: the ref, and the change's effects. */
  against?: { ref: string; blast: BlastTally };
  cwd: string;
}

const n = (x: number) => x.toLocaleString('en-US');

function incompleteLines(run: StoreRun): string[] {
  const lines: string[] = [];
  if (run.failures.length) lines.push(`Incomplete: ${n(run.failures.length)} problem(s) reading the store (listed on stderr); the figures cover the ${n(run.tally.rows)} row(s) read.`);
  if (run.tally.notListed && !run.against) lines.push(`${n(run.tally.notListed)} more row(s) with diagnostics are counted above but not listed (raise --max-rows).`);
  return lines;
}

function header(run: StoreRun): string {
  const what = run.mode === 'check' ? `checked against the code${run.semantics ? ` (awaitly ${run.semantics.line} semantics)` : ''}` : "checked with awaitly's validateSnapshot rules";
  return `${run.store}: ${n(run.tally.rows)} row(s) ${what}.`;
}

function summaryLines(run: StoreRun, code: (s: string) => string, bullet: string): string[] {
  const lines: string[] = [];
  for (const w of run.tally.workflows()) {
    lines.push(run.mode === 'check' ? `${code(w.workflow)}: ${n(w.rows)} row(s)` : `${n(w.rows)} row(s)`);
    for (const c of ROW_CATEGORIES) {
      const t = w.categories[c];
      if (!t) continue;
      lines.push(`${bullet}${n(t.count)} ${CATEGORY_TEXT[c]} (e.g. ${t.examples.map(code).join(', ')})`);
    }
  }
  return lines;
}

function blastLines(run: StoreRun, code: (s: string) => string, bullet: string): string[] {
  const a = run.against!;
  const lines = [`Blast radius of the change from ${code(a.ref)} to the working tree, over ${n(a.blast.rows)} in-flight row(s) of ${run.store}:`];
  const groups = a.blast.sorted();
  if (groups.length === 0) lines.push(`${bullet}no in-flight row resumes worse with this change.`);
  for (const g of groups) lines.push(`${bullet}${describeGroup(g, code)} (e.g. ${g.examples.map(code).join(', ')}).`);
  lines.push(`${n(a.blast.broken)} row(s) broken by this change; ${n(a.blast.alreadyBroken)} already had problems at ${code(a.ref)} (not counted); ${n(a.blast.rows - a.blast.broken - a.blast.alreadyBroken)} unaffected.`);
  return lines;
}

function rowsReport(run: StoreRun): DiagnosticReport {
  return { cwd: run.cwd, files: run.tally.listed.map((r) => ({ file: r.id, diagnostics: r.diagnostics })), failures: run.failures };
}

export function renderStoreRun(run: StoreRun, format: StoreFormat): string {
  const plain = (s: string) => `'${s}'`;
  const tick = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  switch (format) {
    case 'text': {
      const head = run.against ? blastLines(run, plain, '  ') : [header(run), ...summaryLines(run, plain, '  ')];
      const rows = run.against || run.tally.listed.length === 0 ? '' : `\nRows with diagnostics:\n${textReporter(rowsReport(run))}`;
      return [...head, ...incompleteLines(run)].join('\n') + '\n' + rows;
    }
    case 'markdown': {
      const lines = [`### awaitly-lens: ${run.against ? 'what this change does to in-flight workflows' : 'in-flight workflows'}`, ''];
      if (run.against) lines.push(...blastLines(run, tick, '- '));
      else lines.push(header(run), '', ...summaryLines(run, tick, '- '));
      const incomplete = incompleteLines(run);
      if (incomplete.length) lines.push('', ...incomplete.map((l) => `> **${l}**`));
      return lines.join('\n') + '\n';
    }
    case 'json':
      return JSON.stringify(jsonOf(run), null, 2) + '\n';
    case 'sarif': {
      const log = JSON.parse(sarifReporter(rowsReport(run))) as { runs: Array<{ properties?: Record<string, unknown> }> };
      log.runs[0]!.properties = { store: run.store, summary: jsonOf(run).summary, complete: run.failures.length === 0 && run.tally.notListed === 0, ...(run.against ? { blastRadius: jsonOf(run).blastRadius } : {}) };
      return JSON.stringify(log, null, 2) + '\n';
    }
    case 'github': {
      const line = (level: string, l: string) => `::${level} title=awaitly-lens store::${escapeData(l)}`;
      const incomplete = incompleteLines(run).map((l) => line('warning', l));
      if (run.against) {
        const groups = run.against.blast.sorted().map((g) => line('error', `${describeGroup(g, plain)} (e.g. ${g.examples.map(plain).join(', ')}).`));
        const [first, ...rest] = blastLines(run, plain, '');
        return [line('notice', first!), ...groups, line('notice', rest[rest.length - 1]!), ...incomplete].join('\n') + '\n';
      }
      const notices = [header(run), ...summaryLines(run, plain, '  ')].map((l) => line('notice', l));
      return [...notices, ...incomplete].join('\n') + '\n' + githubReporter(rowsReport(run));
    }
  }
}

function jsonOf(run: StoreRun) {
  return {
    version: 1,
    store: run.store,
    mode: run.mode,
    ...(run.semantics ? { semantics: { line: run.semantics.line, version: run.semantics.version ?? null } } : {}),
    rows: run.tally.rows,
    complete: run.failures.length === 0,
    summary: run.tally.workflows().map((w) => ({ workflow: w.workflow, rows: w.rows, categories: w.categories })),
    ...(run.against
      ? {
          blastRadius: {
            against: run.against.ref,
            rows: run.against.blast.rows,
            broken: run.against.blast.broken,
            alreadyBroken: run.against.blast.alreadyBroken,
            effects: run.against.blast.sorted().map((g) => ({ ...g.effect, count: g.count, examples: g.examples, values: g.values, message: describeGroup(g, (s) => `'${s}'`) })),
          },
        }
      : {}),
    diagnostics: run.tally.listed.flatMap((r) => r.diagnostics.map((d) => ({ ...diagnosticRow(r.id, d), id: r.id, ...(d.jsonPath !== undefined ? { jsonPath: d.jsonPath } : {}) }))),
    rowsNotListed: run.tally.notListed,
    failures: run.failures,
  };
}
