// Settings per workspace folder: asked from the client with workspace/configuration (scoped to the folder,
// section awaitlyLens), cached as a promise, cleared on didChangeConfiguration. Clients without
// workspace/configuration send the settings in didChangeConfiguration; those apply to every folder.
import type { Connection } from 'vscode-languageserver/node';
import { LensSettings, SETTINGS_SECTION } from './protocol/settings';
import { pathToUri } from './convert';

export class SettingsStore {
  private readonly cache = new Map<string, Promise<LensSettings>>();
  private pushed: LensSettings = LensSettings.from({});
  pull = false;

  constructor(private readonly connection: Connection) {}

  /** From a didChangeConfiguration notification: `{ settings: { awaitlyLens: {...} } }`. */
  setPushed(settings: unknown): void {
    const section = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SETTINGS_SECTION] : undefined;
    this.pushed = LensSettings.from(section);
  }

  clear(): void {
    this.cache.clear();
  }

  drop(rootDir: string): void {
    this.cache.delete(rootDir);
  }

  get(rootDir: string): Promise<LensSettings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let hit = this.cache.get(rootDir);
    if (!hit) {
      hit = this.connection.workspace
        .getConfiguration({ scopeUri: pathToUri(rootDir), section: SETTINGS_SECTION })
        .then((raw: unknown) => LensSettings.from(raw), () => this.pushed);
      this.cache.set(rootDir, hit);
    }
    return hit;
  }
}
