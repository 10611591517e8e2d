// Which awaitly the workspace uses decides the line whose behaviour we apply (core/src/semantics/lines.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AwaitlySemantics } from './types';
import { DEFAULT_LINE, lineOfVersion } from '../semantics/lines';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Installed version first (it is what runs), else the range declared in the nearest package.json. */
export function detectSemantics(rootDir: string, override?: AwaitlySemantics['line']): AwaitlySemantics {
  if (override) {
    const found = findAwaitly(rootDir);
    return { line: override, source: 'override', ...(found.source !== 'default' && found.version ? { installed: { version: found.version, source: found.source } } : {}) };
  }
  return findAwaitly(rootDir);
}

function findAwaitly(rootDir: string): AwaitlySemantics {
  let declared: { version: string; source: string } | undefined;
  for (let dir = path.resolve(rootDir); ; dir = path.dirname(dir)) {
    const installedFile = path.join(dir, 'node_modules', 'awaitly', 'package.json');
    const installed = readJson(installedFile);
    if (typeof installed?.version === 'string') {
      return { line: lineOfVersion(installed.version), version: installed.version, source: installedFile };
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
  if (declared) return { line: lineOfVersion(declared.version), version: declared.version, source: declared.source };
  return { line: DEFAULT_LINE, source: 'default' };
}
