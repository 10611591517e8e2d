// Which awaitly the workspace uses decides the rules we apply (1.35 verified facts vs 4.x source reading).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AwaitlySemantics } from './types';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function lineOf(version: string): AwaitlySemantics['line'] {
  const major = Number(/(\d+)/.exec(version)?.[1] ?? '1');
  return major >= 4 ? '4.x' : '1.35';
}

/** Installed version first (it is what runs), else the range declared in the nearest package.json. */
export function detectSemantics(rootDir: string, override?: AwaitlySemantics['line']): AwaitlySemantics {
  if (override) return { line: override, source: 'override' };
  let declared: { version: string; source: string } | undefined;
  for (let dir = path.resolve(rootDir); ; dir = path.dirname(dir)) {
    const installedFile = path.join(dir, 'node_modules', 'awaitly', 'package.json');
    const installed = readJson(installedFile);
    if (typeof installed?.version === 'string') {
      return { line: lineOf(installed.version), version: installed.version, source: installedFile };
    }
    const pkgFile = path.join(dir, 'package.json');
    const pkg = readJson(pkgFile);
    if (pkg && !declared) {
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
        const range = (pkg[field] as Record<string, unknown> | undefined)?.awaitly;
        if (typeof range === 'string') declared = { version: range, source: pkgFile };
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  if (declared) return { line: lineOf(declared.version), version: declared.version, source: declared.source };
  return { line: '1.35', source: 'default' };
}
