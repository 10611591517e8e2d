// An entry whose steps the analysis cannot see: a callback handed in as a parameter.
import { durable } from 'awaitly/durable';
import { deps } from './deps';

type Fn = Parameters<typeof durable.run<typeof deps, string>>[1];

export function runGiven(fn: Fn) {
  return durable.run(deps, fn, { id: 'given' });
}
