// Runs one text check in a child process (see checkTextVerdictIsolated in compare.ts): very deep
// JSON can exhaust memory, which no try/catch survives, so the parent watches this process instead.
// Reads the text from stdin, prints the Finding (or null) as JSON on stdout.
import * as fs from 'node:fs';
import { checkTextVerdict } from './compare';

const text = fs.readFileSync(0, 'utf8');
process.stdout.write(JSON.stringify(checkTextVerdict(text) ?? null));
