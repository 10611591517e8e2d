// The bin (dist/cli.js): wires process I/O to runCli and sets the exit code. Everything else is in run.ts.
import { runCli } from './run';
import type { CliIo } from './command';
import { formatTimings, markStart } from '../timings';

markStart();

const io: CliIo = {
  cwd: process.cwd(),
  stdout: (text) => void process.stdout.write(text),
  stdoutBytes: (data) => void process.stdout.write(data),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  readStdin: () =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      process.stdin.on('error', reject);
    }),
};

// A closed pipe (`awaitly-lens validate . | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// exitCode rather than process.exit(): pending writes to a pipe are flushed before the process ends.
runCli(process.argv.slice(2), io).then(
  (code) => {
    const timings = formatTimings();
    if (timings) process.stderr.write(timings);
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`awaitly-lens: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
