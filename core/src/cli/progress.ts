// A progress line for long store reads, on standard error and only on a terminal: never under CI, in a pipe, or
// with --format json (whose consumers read stderr too). Redrawn at most ten times a second, erased at the end.
import type { CliIo } from './command';

export interface Progress {
  tick(rows: number): void;
  done(): void;
}

const NONE: Progress = { tick() {}, done() {} };
const WIDTH = 24;

/** `total` is asked only when the line is drawn (counting a million rows is not free). */
export async function progressFor(io: CliIo, format: string | undefined, total: () => Promise<number | undefined>): Promise<Progress> {
  if (!io.stderrIsTTY || process.env.CI || format === 'json') return NONE;
  return drawing(io, await total());
}

function drawing(io: CliIo, total: number | undefined): Progress {
  const start = Date.now();
  let last = 0;
  let shown = false;
  const draw = (rows: number) => {
    const seconds = (Date.now() - start) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    const bar = total ? `[${'#'.repeat(Math.min(WIDTH, Math.round((rows / Math.max(total, 1)) * WIDTH))).padEnd(WIDTH)}] ` : '';
    io.stderr(`\r${bar}${rows.toLocaleString('en-US')}${total ? ` / ${total.toLocaleString('en-US')}` : ''} rows, ${rate.toLocaleString('en-US')}/s`);
    shown = true;
  };
  return {
    tick(rows) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(rows);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
