// A store's rows as the explorer pages them: what the server answered so far (newest first), whether more
// follow, the id-prefix filter, and the error that stopped it. Rows come only from the language server, which
// reads them through core's source layer; nothing here connects to a store.
import type { StoreInfo, StoreRowResult, StoreRowsParams, StoreRowsResult, StoreRow } from '../../../server/src/protocol/requests';

/** The server's store requests (awaitlyLens/stores, storeRows, storeRow); tests pass the server's own. */
export interface StoreClient {
  stores(): Promise<StoreInfo[]>;
  rows(params: StoreRowsParams): Promise<StoreRowsResult>;
  row(uri: string): Promise<StoreRowResult>;
}

export class StorePages {
  rows: StoreRow[] = [];
  more = true;
  error?: string;
  problems: string[] = [];
  private loading: Promise<void> | undefined;

  constructor(
    private readonly client: StoreClient,
    readonly info: StoreInfo,
    readonly filter: string | undefined,
    private readonly pageSize: number,
  ) {}

  get loaded(): boolean {
    return this.rows.length > 0 || !this.more || this.error !== undefined;
  }

  /** Reads the next page (one at a time: a second call while one is read waits for it). */
  next(): Promise<void> {
    this.loading ??= this.read().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async read(): Promise<void> {
    if (!this.more || this.error !== undefined) return;
    const last = this.rows[this.rows.length - 1];
    let r: StoreRowsResult;
    try {
      r = await this.client.rows({
        folderUri: this.info.folderUri,
        store: this.info.key,
        limit: this.pageSize,
        ...(this.filter ? { idPrefix: this.filter } : {}),
        ...(last ? { before: { id: last.id, ...(last.updatedAt !== undefined ? { updatedAt: last.updatedAt } : {}) } } : {}),
      });
    } catch (e) {
      this.error = `${this.info.name}: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    if (r.error !== undefined) this.error = r.error;
    this.rows.push(...r.rows);
    this.more = r.more;
    this.problems.push(...(r.problems ?? []));
  }
}
