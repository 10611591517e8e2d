// The one vocabulary of replay states: labels, counts that agree in number, and the summary the lens shows.
import assert from 'node:assert/strict';
import { failureName, failureNameOfJson, STATE_ORDER, stateCount, stateLabel, stateSummary } from '../src/vocabulary';

describe('vocabulary: replay states', () => {
  it('labels one step with the verb phrase of its state', () => {
    assert.deepEqual(STATE_ORDER.map(stateLabel), ['skipped', 'replays failure', 'runs', 'may be skipped', 'not reached']);
  });

  it('makes the verb agree with the count (singular only for 1)', () => {
    assert.deepEqual([0, 1, 2, 3].map((n) => stateCount('runs', n)), ['0 run', '1 runs', '2 run', '3 run']);
    assert.deepEqual([1, 2].map((n) => stateCount('replay-failure', n)), ['1 replays failure', '2 replay failure']);
    assert.deepEqual([1, 4].map((n) => stateCount('skipped', n)), ['1 skipped', '4 skipped']);
    assert.deepEqual([1, 2].map((n) => stateCount('maybe', n)), ['1 may be skipped', '2 may be skipped']);
    assert.deepEqual([1, 2].map((n) => stateCount('not-reached', n)), ['1 not reached', '2 not reached']);
  });

  it('sums up states in code order, leaving out empty ones except those always shown', () => {
    assert.equal(stateSummary(['not-reached', 'skipped', 'runs', 'skipped', 'replay-failure', 'skipped', 'not-reached']), '3 skipped · 1 replays failure · 1 runs · 2 not reached');
    assert.equal(stateSummary(['skipped', 'skipped']), '2 skipped · 0 run');
    assert.equal(stateSummary(['maybe'], []), '1 may be skipped');
  });

  it('names a saved failure the same everywhere: its type, the string, a code/name/message/_tag, else its JSON shortened', () => {
    assert.equal(failureName({ type: 'CARD_DECLINED', message: 'declined' }), 'CARD_DECLINED');
    assert.equal(failureName('TIMEOUT'), 'TIMEOUT');
    assert.equal(failureName({ code: 'E42' }), 'E42');
    assert.equal(failureName({ _tag: 'NotFound' }), 'NotFound');
    assert.equal(failureName({ reason: 'x'.repeat(60) }), `{"reason":"${'x'.repeat(28)}…`);
    assert.equal(failureNameOfJson('{"type":"CARD_DECLINED"}'), 'CARD_DECLINED');
    // A stored text cut for display is not JSON any more: shown as it is, shortened.
    assert.equal(failureNameOfJson('{"type":"CARD_DEC'), '{"type":"CARD_DEC');
  });
});
