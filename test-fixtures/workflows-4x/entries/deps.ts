// Dependencies shared by the entry fixtures; `calls` counts every operation that really ran.
import { ok, err, type AsyncResult } from 'awaitly';

export const calls: string[] = [];

export async function loadUser(id: string): AsyncResult<{ id: string }, 'NOT_FOUND'> {
  calls.push(`loadUser:${id}`);
  return id ? ok({ id }) : err('NOT_FOUND');
}

export async function charge(amount: number): AsyncResult<{ receipt: string }, 'DECLINED'> {
  calls.push(`charge:${amount}`);
  return amount > 0 ? ok({ receipt: `r-${amount}` }) : err('DECLINED');
}

export const deps = { loadUser, charge };
