// Test support: a real awaitly-lens server process driven over stdio JSON-RPC (vscode-jsonrpc as the client),
// workspace copies in temp folders, positions found from text (lineContaining().characterAfter()), and
// WorkspaceEdits applied the way an editor applies them. Waits are on notifications, never on timers.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  ApplyWorkspaceEditRequest, CodeActionRequest, CodeLensRequest, ConfigurationRequest, DefinitionRequest, DidChangeWatchedFilesNotification,
  DocumentSymbolRequest, FileChangeType, HoverRequest, ReferencesRequest, WorkspaceSymbolRequest, type CodeAction, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification,
  PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, type ClientCapabilities, type Diagnostic, type LogMessageParams,
  type Position, type PublishDiagnosticsParams, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { tempDir } from '../../core/test/tempDir';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const EXAMPLE = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');
export const WORKFLOW_FIXTURES = path.join(REPO_ROOT, 'test-fixtures', 'workflows');
export const SERVER_BIN = path.join(REPO_ROOT, 'dist', 'server.js');
const SERVER_SOURCE = path.join(REPO_ROOT, 'server', 'src', 'main.ts');

export const uriOf = (file: string) => URI.file(file).toString();

/** Copy a folder to a fresh temp dir (tests edit files). node_modules stay out; the repo's resolve by walking up? No: link them. */
export function copyWorkspace(source: string, name = 'ws'): string {
  const base = tempDir('awaitly-lens-server-');
  const target = path.join(base, name);
  fs.cpSync(source, target, { recursive: true });
  // awaitly, typescript and @types/node resolve from the repository, as they do for the original workspace.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(base, 'node_modules'), 'dir');
  return target;
}

/** Positions from text: `at(text).lineContaining("step('loadCart'").characterAfter("step('")`. */
export function at(text: string) {
  const lines = text.split('\n');
  return {
    lineContaining(needle: string, nth = 0) {
      const hits = lines.map((l, i) => (l.includes(needle) ? i : -1)).filter((i) => i >= 0);
      const line = hits[nth];
      if (line === undefined) throw new Error(`no line containing ${JSON.stringify(needle)}`);
      return {
        line,
        characterAfter(prefix: string): Position {
          const c = lines[line]!.indexOf(prefix);
          if (c < 0) throw new Error(`line ${line + 1} has no ${JSON.stringify(prefix)}`);
          return { line, character: c + prefix.length };
        },
        characterAt(sub: string): Position {
          const c = lines[line]!.indexOf(sub);
          if (c < 0) throw new Error(`line ${line + 1} has no ${JSON.stringify(sub)}`);
          return { line, character: c };
        },
      };
    },
  };
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 0, text), edits);
}

export interface StartOptions {
  folders: string[];
  /** Settings answered for workspace/configuration (section awaitlyLens), per folder path or for all ('*'). */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  /** Run dist/server.js instead of the sources. */
  bin?: boolean;
  /** Extra node flags for the server process. */
  nodeArgs?: string[];
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
};

export class LspClient {
  readonly logs: Array<{ type: number; message: string }> = [];
  private logWaiters: Array<{ test: RegExp; resolve: (m: string) => void }> = [];
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: Array<{ uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  readonly docs = new Map<string, TextDocument>();
  private settings: Record<string, unknown>;
  stderr = '';

  private constructor(readonly child: ChildProcess, readonly rpc: MessageConnection, settings: Record<string, unknown>) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const args = options.bin
      ? [...(options.nodeArgs ?? []), SERVER_BIN, '--stdio']
      : [...(options.nodeArgs ?? []), '--require', require.resolve('tsx/cjs'), SERVER_SOURCE, '--stdio'];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(options.env ? { env: { ...process.env, ...options.env } } : {}) });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, rpc, options.settings ?? {});
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    rpc.onNotification(PublishDiagnosticsNotification.type, (p) => client.onDiagnostics(p));
    rpc.onNotification(LogMessageNotification.method, (p: LogMessageParams) => client.onLog(p));
    rpc.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => {
      const folder = item.scopeUri ? URI.parse(item.scopeUri).fsPath : '*';
      return client.settings[folder] ?? client.settings['*'] ?? null;
    }));
    rpc.onRequest(RegistrationRequest.method, () => null);
    rpc.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      client.applyWorkspaceEdit(p.edit);
      return { applied: true };
    });
    rpc.listen();
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the server exited (${code}) during start-up: ${client.stderr.slice(-3000)}`))));
    exited.catch(() => undefined);
    await Promise.race([exited, rpc.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.folders[0] ? uriOf(options.folders[0]) : null,
      workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
    })]);
    await rpc.sendNotification(InitializedNotification.type, {});
    return client;
  }

  setSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.published.set(p.uri, p);
    const ready = this.waiters.filter((w) => w.uri === p.uri && w.test(p));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(p);
  }

  /** The next diagnostics for a document that pass `test` (default: for its current version); resolves at once if already received. */
  diagnostics(file: string, test?: (p: PublishDiagnosticsParams) => boolean): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const version = this.docs.get(uri)?.version;
    const check = test ?? ((p: PublishDiagnosticsParams) => version === undefined || p.version === undefined || p.version === version);
    const last = this.published.get(uri);
    if (last && check(last)) return Promise.resolve(last.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${file} (version ${version}) within 30 s; server log: ${this.logs.map((l) => l.message).join(" | ").slice(-3000)}; stderr: ${this.stderr.slice(-2000)}`)), 30_000);
      this.waiters.push({ uri, test: check, resolve: (p) => { clearTimeout(timer); resolve(p.diagnostics); } });
    });
  }

  /**
   * The diagnostics for a document's current version once they include `code`. Lock diagnostics
   * (definition-changed) need definition hashes: the server publishes the rules at once and adds them in a
   * second publish of the same version after a pause in the edits, so the first publish may not have them yet.
   */
  diagnosticsWith(file: string, code: string): Promise<Diagnostic[]> {
    const version = this.docs.get(uriOf(file))?.version;
    return this.diagnostics(file, (p) => (version === undefined || p.version === undefined || p.version === version) && p.diagnostics.some((d) => d.code === code));
  }

  /** The diagnostics published for a URI of any scheme (a store row's document), once `test` passes. */
  diagnosticsOfUri(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[]> {
    const last = this.published.get(uri);
    if (last && test(last)) return Promise.resolve(last.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within 30 s; server log: ${this.logs.map((l) => l.message).join(' | ').slice(-3000)}`)), 30_000);
      this.waiters.push({ uri, test, resolve: (p) => { clearTimeout(timer); resolve(p.diagnostics); } });
    });
  }

  private onLog(p: LogMessageParams): void {
    this.logs.push(p);
    const ready = this.logWaiters.filter((w) => w.test.test(p.message));
    this.logWaiters = this.logWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(p.message);
  }

  /** The first server log line matching `test` (resolves at once if already logged). */
  log(test: RegExp): Promise<string> {
    const hit = this.logs.find((l) => test.test(l.message));
    if (hit) return Promise.resolve(hit.message);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line matching ${test} within 30 s; server log: ${this.logs.map((l) => l.message).join(' | ').slice(-3000)}`)), 30_000);
      this.logWaiters.push({ test, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** Forget what was published (so the next wait sees a fresh notification). */
  forget(file: string): void {
    this.published.delete(uriOf(file));
  }

  async open(file: string, text?: string, languageId?: string): Promise<TextDocument> {
    const uri = uriOf(file);
    const content = text ?? fs.readFileSync(file, 'utf8');
    const lang = languageId ?? (file.endsWith('.json') ? 'json' : file.endsWith('.js') ? 'javascript' : 'typescript');
    const doc = TextDocument.create(uri, lang, 1, content);
    this.docs.set(uri, doc);
    this.published.delete(uri);
    await this.rpc.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: lang, version: 1, text: content } });
    return doc;
  }

  /** Replace a range (or the whole text) of an open document. */
  async change(file: string, edits: Array<{ range?: Range; text: string }>): Promise<TextDocument> {
    const uri = uriOf(file);
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${file} is not open`);
    TextDocument.update(doc, edits.map((e) => (e.range ? { range: e.range, text: e.text } : { text: e.text })), doc.version + 1);
    await this.rpc.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: edits.map((e) => (e.range ? { range: e.range, text: e.text } : { text: e.text })),
    });
    return doc;
  }

  async close(file: string): Promise<void> {
    const uri = uriOf(file);
    this.docs.delete(uri);
    await this.rpc.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(file: string): string {
    return this.docs.get(uriOf(file))?.getText() ?? fs.readFileSync(file, 'utf8');
  }

  /** Apply an edit as an editor does: open documents get didChange, closed files are written to disk. Returns the files touched. */
  applyWorkspaceEdit(edit: WorkspaceEdit): string[] {
    const touched: string[] = [];
    const apply = (uri: string, edits: TextEdit[]) => {
      const file = URI.parse(uri).fsPath;
      touched.push(file);
      const doc = this.docs.get(uri);
      if (doc) {
        const next = applyTextEdits(doc.getText(), edits);
        void this.change(file, [{ text: next }]);
      } else {
        const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        fs.writeFileSync(file, applyTextEdits(before, edits));
      }
    };
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits);
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') {
          const file = URI.parse(change.uri).fsPath;
          if (!fs.existsSync(file)) fs.writeFileSync(file, '');
        }
        continue;
      }
      apply(change.textDocument.uri, change.edits as TextEdit[]);
    }
    return touched;
  }

  /** Tell the server a file changed on disk (as an editor's file watcher does). */
  async fileChanged(file: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.rpc.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type }] });
  }

  hover(file: string, position: Position) {
    return this.rpc.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file) }, position });
  }

  codeActions(file: string, range: Range, diagnostics: Diagnostic[] = []) {
    return this.rpc.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(file) }, range, context: { diagnostics } }) as Promise<CodeAction[] | null>;
  }

  codeLenses(file: string) {
    return this.rpc.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(file) } });
  }

  documentSymbols(file: string) {
    return this.rpc.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(file) } });
  }

  workspaceSymbols(query: string) {
    return this.rpc.sendRequest(WorkspaceSymbolRequest.type, { query });
  }

  definition(file: string, position: Position) {
    return this.rpc.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(file) }, position });
  }

  references(file: string, position: Position, includeDeclaration = false) {
    return this.rpc.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(file) }, position, context: { includeDeclaration } });
  }

  async stop(): Promise<void> {
    try {
      await this.rpc.sendRequest(ShutdownRequest.type);
      await this.rpc.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.rpc.dispose();
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        this.child.once('exit', () => resolve());
        setTimeout(() => { this.child.kill(); }, 5000).unref();
      });
    }
  }
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

/** A diagnostic's message as text (LSP 3.18 allows MarkupContent; this server sends strings). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
