// Shared by the analysis tests: one analysis project per fixture folder, and lookups by text.
import * as path from 'node:path';
import { createAnalysisProject, type AnalysisProject, type ProjectAnalysis, type StepInfo, type WorkflowInfo } from '../../src/analysis';

export const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/workflows');

const projects = new Map<string, { project: AnalysisProject; result: ProjectAnalysis }>();

export function analyzeFixture(folder: string): ProjectAnalysis {
  let hit = projects.get(folder);
  if (!hit) {
    const project = createAnalysisProject({ rootDir: path.join(FIXTURES, folder) });
    hit = { project, result: project.analyzeProject() };
    projects.set(folder, hit);
  }
  return hit.result;
}

export function workflow(result: ProjectAnalysis, label: string): WorkflowInfo {
  const wf = result.workflows.find((w) => w.label === label);
  if (!wf) throw new Error(`no workflow '${label}' in ${result.workflows.map((w) => w.label).join(', ')}`);
  return wf;
}

export function stepById(wf: WorkflowInfo, id: string, nth = 0): StepInfo {
  const s = wf.steps.filter((x) => x.id?.value === id)[nth];
  if (!s) throw new Error(`no step '${id}' in ${wf.label}: ${wf.steps.map((x) => x.id?.value).join(', ')}`);
  return s;
}

export function keyOf(s: StepInfo): string | undefined {
  return s.key?.value ?? s.key?.pattern;
}
