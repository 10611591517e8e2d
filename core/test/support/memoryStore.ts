// A memory SnapshotStore for awaitly's durable runs in tests: saves go through JSON, as a real store's do.

export const jsonRoundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

export function memoryStore() {
  const saved = new Map<string, unknown>();
  return {
    saved,
    save: async (id: string, snap: unknown) => { saved.set(id, jsonRoundTrip(snap)); },
    load: async (id: string) => (saved.get(id) ?? null) as never,
    delete: async (id: string) => { saved.delete(id); },
    list: async () => [...saved.keys()].map((id) => ({ id, updatedAt: '' })),
    close: async () => undefined,
  };
}
