// The language client: starts dist/server.js over IPC and answers workspace/configuration from config.ts, with
// the active snapshot (set in the explorer) added to activeSnapshots so the server's code lens follows it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DidChangeConfigurationNotification, InlayHintRequest } from 'vscode-languageclient';
import { SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { STORE_SCHEME } from '../../server/src/protocol/requests';
import { TIER_UP_NODE_FLAG } from '../../core/src/tierUp';
import { readSettings } from './config';

export function createClient(context: vscode.ExtensionContext, activeSnapshot: () => vscode.Uri | undefined, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // V8's tier-up for TypeScript's work on the command line (core/src/tierUp.ts): VS Code's runtime is Electron, whose
  // flags may not change once it runs, so the server's launcher does not set it there.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [TIER_UP_NODE_FLAG] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011', TIER_UP_NODE_FLAG] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
      // Store rows opened from the explorer (read-only documents whose text the server serves).
      { scheme: STORE_SCHEME, language: 'json' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: SETTINGS_SECTION },
    middleware: {
      workspace: {
        configuration: (params, token, next) => {
          if (!params.items.some((i) => i.section === SETTINGS_SECTION)) return next(params, token);
          const active = activeSnapshot();
          return params.items.map((item) => {
            if (item.section !== SETTINGS_SECTION) return null;
            const settings = readSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined);
            if (active) settings.activeSnapshots = [active.fsPath, ...settings.activeSnapshots.filter((p) => p !== active.fsPath)];
            return settings;
          });
        },
      },
    },
  };
  const client = new LanguageClient('awaitlyLens', 'awaitly-lens', serverOptions, clientOptions);
  // readSettings turns duplicate-key off while VS Code's JSON validation reports repeated keys itself: follow it.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('json.validate.enable')) void notifySettingsChanged(client);
  }));
  return client;
}

/** Tell the server its settings changed (the active snapshot did): it pulls them again and re-checks. */
export async function notifySettingsChanged(client: LanguageClient): Promise<void> {
  if (!client.isRunning()) return;
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  // The inlay hints follow the active snapshot: ask VS Code to fetch them again (after the notification, so the
  // server answers with the new settings).
  const hints = client.getFeature(InlayHintRequest.method);
  for (const doc of vscode.workspace.textDocuments) hints.getProvider(doc)?.onDidChangeInlayHints.fire();
}
