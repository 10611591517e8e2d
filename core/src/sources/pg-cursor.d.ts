// pg-cursor ships no types (and @types/pg-cursor is not installed): the part used here.
declare module 'pg-cursor' {
  import type { Submittable } from 'pg';
  export default class Cursor<R = any> implements Submittable {
    constructor(text: string, values?: unknown[], config?: { rowMode?: 'array'; types?: unknown });
    submit: Submittable['submit'];
    read(rows: number): Promise<R[]>;
    close(): Promise<void>;
  }
}
