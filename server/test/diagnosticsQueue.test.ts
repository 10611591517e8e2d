// The diagnostics queue lets requests already sent go before a quick pass (diagnosticsQueue.ts letRequestsIn), and
// a stream of requests cannot hold the pass back for more than a few turns of the event loop. Driven here with a
// host that records when the pass starts, and requests arriving as vscode-jsonrpc hands them over: one per turn.
import assert from 'node:assert/strict';
import { DiagnosticsQueue, type QueueHost } from '../src/diagnosticsQueue';

function queueWith(events: string[], requests: () => number): DiagnosticsQueue {
  const host = {
    // The pass starts by looking the document up; an unknown document ends it there.
    tracker: { documents: { get: () => { events.push('pass'); return undefined; } } },
    requestsReceived: requests,
  } as unknown as QueueHost;
  return new DiagnosticsQueue(host);
}

/** Calls `arrive` once per turn of the event loop, `count` times, starting on the next turn. */
function arriving(count: number, arrive: (i: number) => void): void {
  let i = 0;
  const next = () => {
    if (i >= count) return;
    arrive(i++);
    setImmediate(next);
  };
  setImmediate(next);
}

async function passStarted(events: string[]): Promise<void> {
  for (let turn = 0; turn < 1000 && !events.includes('pass'); turn++) await new Promise((r) => setImmediate(r));
  assert.ok(events.includes('pass'), 'the pass started');
}

describe('server: the diagnostics queue and requests', () => {
  it('runs the pass after the requests that arrive with the edit, one per turn', async () => {
    const events: string[] = [];
    let requests = 0;
    const queue = queueWith(events, () => requests);
    queue.add(['file:///w/a.ts']);
    arriving(3, (i) => { requests++; events.push(`request ${i + 1}`); });
    await passStarted(events);
    assert.deepEqual(events, ['request 1', 'request 2', 'request 3', 'pass']);
  });

  it('runs the pass at once when no request comes, and within 16 turns when requests never stop', async () => {
    const quiet: string[] = [];
    queueWith(quiet, () => 0).add(['file:///w/a.ts']);
    await passStarted(quiet);
    assert.deepEqual(quiet, ['pass']);

    const events: string[] = [];
    let requests = 0;
    queueWith(events, () => requests).add(['file:///w/a.ts']);
    arriving(100, () => { requests++; events.push('request'); });
    await passStarted(events);
    const before = events.indexOf('pass');
    assert.ok(before > 2 && before <= 17, `the pass started after ${before} requests`);
  });
});
