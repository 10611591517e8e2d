// startServer(): the connection, the client's capabilities and the notifications; registerFeatures(): one line per
// request handler calling a feature module. State shared by the handlers lives in session.ts (documents, the
// diagnostics queue and the deferred pass, each in its own module); feature logic in features/*.ts.
import {
  CodeActionKind, createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType,
  LSPErrorCodes, ProposedFeatures, ResponseError, TextDocumentSyncKind, type CancellationToken, type Connection,
  type ClientCapabilities, type InitializeParams, type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { CommandIds, ReplayPlanRequest, ServerStatsRequest, SnapshotFilesRequest, SnapshotStatesRequest, StoreRowRequest, StoreRowsRequest, StoresRequest, type ServerStatsResult } from './protocol/requests';
import { pathToUri, uriToPath } from './convert';
import { errorMessage } from './errorMessage';
import { Session } from './session';
import { StoreService } from './stores';
import { snapshotStates } from './snapshotStates';
import { codeActions, FIX_ALL_KIND, lockEdit } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { definition, references } from './features/navigation';
import { replayPlan } from './features/replayPlan';
import { documentSymbols, flatDocumentSymbols, workspaceSymbols } from './features/symbols';

export interface ServerOptions {
  /** A connection made by the host (tests, an in-process client); default: from the process arguments (--stdio, --node-ipc, --socket=N). */
  connection?: Connection;
}

export function startServer(options: ServerOptions = {}): Connection {
  const connection = options.connection ?? createConnection(ProposedFeatures.all);
  const session = new Session(connection);
  const { documents } = session;
  const client: ClientFeatures = { markdownHover: true, hierarchicalSymbols: true, createFiles: false };
  let watchRegistration = false;
  let configurationRegistration = false;

  // Never let a stray exception end the process: log it where the user can read it.
  process.on('uncaughtException', (e) => session.log.error(`awaitly-lens: uncaught exception: ${errorMessage(e)}`));
  process.on('unhandledRejection', (e) => session.log.error(`awaitly-lens: unhandled rejection: ${errorMessage(e)}`));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    session.views.supports(caps);
    session.settings.pull = !!caps.workspace?.configuration;
    configurationRegistration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const hoverFormats = caps.textDocument?.hover?.contentFormat;
    client.markdownHover = !hoverFormats || hoverFormats.includes('markdown');
    client.hierarchicalSymbols = !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    client.createFiles = !!caps.workspace?.workspaceEdit?.documentChanges && !!caps.workspace.workspaceEdit.resourceOperations?.includes('create');
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)
      ?? [params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined].filter((p): p is string => !!p);
    session.workspace.setFolders(folders);
    session.settings.setPushed(params.initializationOptions?.settings ?? { awaitlyLens: params.initializationOptions });
    return { capabilities: serverCapabilities(caps), serverInfo: { name: 'awaitly-lens', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'awaitlyLens' });
    if (watchRegistration) {
      session.workspace.watching = true;
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{json,ts,tsx,mts,cts,js,jsx,mjs,cjs}' }],
      });
    }
    if (session.settings.pull) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const current = session.workspace.all().map((f) => f.rootDir);
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        const added = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
        session.workspace.setFolders([...current.filter((p) => !removed.has(p)), ...added]);
        session.scheduleAll();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    session.settings.clear();
    if (!session.settings.pull) session.settings.setPushed(change.settings);
    session.scheduleAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      if (file) session.diskChanged(file, change.type === FileChangeType.Deleted);
    }
  });

  documents.onDidOpen((e) => session.opened(e.document));
  documents.onDidChangeContent((e) => session.changed(e.document));
  documents.onDidClose((e) => session.closed(e.document));

  registerFeatures(connection, session, client);

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** What the client supports, read at initialize. */
interface ClientFeatures {
  markdownHover: boolean;
  hierarchicalSymbols: boolean;
  /** The client applies documentChanges with a 'create' resource operation (needed to create the lock file). */
  createFiles: boolean;
}

function serverCapabilities(caps: ClientCapabilities): ServerCapabilities {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    codeActionProvider: caps.textDocument?.codeAction?.codeActionLiteralSupport ? { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] } : true,
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    executeCommandProvider: { commands: [CommandIds.updateLock] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

/** One line per request handler, each calling its feature module. */
function registerFeatures(connection: Connection, session: Session, client: ClientFeatures): void {
  const { documents } = session;
  const stores = new StoreService({ folders: () => session.workspace.all(), folderFor: (f) => session.folderFor(f), log: session.log });

  /** A request handler: waits one turn (so edits and cancellations already sent are seen), then runs the feature behind a guard. */
  function request<P, R>(name: string, empty: R, run: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      session.requestsReceived++;
      await new Promise((r) => setImmediate(r));
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      try {
        session.syncDirty();
        return await run(params, token);
      } catch (e) {
        session.log.error(`awaitly-lens: ${name} failed: ${errorMessage(e)}`);
        return empty;
      }
    };
  }

  /** The folder and text of a file: document, or skip non-file URIs. */
  async function docOf(uri: string) {
    const file = uriToPath(uri);
    const doc = documents.get(uri);
    if (!file || !doc) return undefined;
    return { file, doc, folder: await session.folderFor(file), kind: session.kindOf(doc) };
  }

  connection.onHover(request('hover', null, async (p) => {
    const d = await docOf(p.textDocument.uri);
    return d?.kind === 'source' ? hover(d.folder, d.file, p.position, session.activeSnapshots(d.folder), client.markdownHover) : null;
  }));

  connection.onCodeAction(request('codeAction', [], async (p) => {
    const d = await docOf(p.textDocument.uri);
    if (d?.kind !== 'source') return [];
    return codeActions(d.folder, d.file, d.doc.getText(), p.range, (f) => session.textOf(f), { createFiles: client.createFiles }, p.context.only);
  }));

  connection.onCodeLens(request('codeLens', [], async (p, token) => {
    // Lenses show definition hashes (the typed analysis): computed in a pause of the typing, not per keystroke.
    if (!(await session.quiet(token))) return new ResponseError(LSPErrorCodes.RequestCancelled, 'codeLens cancelled');
    session.syncDirty();
    const d = await docOf(p.textDocument.uri);
    return d?.kind === 'source' ? codeLenses(d.folder, d.file, session.activeSnapshots(d.folder)) : [];
  }));

  connection.languages.inlayHint.on(request('inlayHint', [], async (p) => {
    const d = await docOf(p.textDocument.uri);
    return d?.kind === 'source' ? inlayHints(d.folder, d.file, p.range, session.activeSnapshots(d.folder)) : [];
  }));

  connection.onDocumentSymbol(request('documentSymbol', [], async (p) => {
    const d = await docOf(p.textDocument.uri);
    if (d?.kind !== 'source') return [];
    return client.hierarchicalSymbols ? documentSymbols(d.folder, d.file) : flatDocumentSymbols(d.folder, d.file);
  }));

  connection.onWorkspaceSymbol(request('workspaceSymbol', [], async (p) => {
    const folders = session.workspace.all();
    await Promise.all(folders.map((f) => session.folderFor(f.rootDir)));
    return workspaceSymbols(folders, p.query);
  }));

  connection.onDefinition(request('definition', [], async (p) => {
    const d = await docOf(p.textDocument.uri);
    return d?.kind === 'json' ? definition(d.folder, d.file, d.doc.getText(), p.position) : [];
  }));

  connection.onReferences(request('references', [], async (p) => {
    const d = await docOf(p.textDocument.uri);
    return d?.kind === 'source' ? references(d.folder, d.file, p.position, p.context.includeDeclaration, session.openFiles()) : [];
  }));

  connection.onRequest(ReplayPlanRequest.type, request('replayPlan', null, async (p) => {
    const file = uriToPath(p.snapshotUri);
    if (file) await session.folderFor(file);
    return replayPlan((f) => session.workspace.folderFor(f), p);
  }));

  connection.onRequest(StoresRequest.type, request('stores', [], () => stores.stores()));
  connection.onRequest(StoreRowsRequest.type, request('storeRows', { rows: [], more: false, error: 'the server failed to list the rows (see its log)' }, (p) => stores.rows(p)));
  connection.onRequest(StoreRowRequest.type, request('storeRow', { error: 'the server failed to read the row (see its log)' }, (p) => stores.row(p.uri)));
  connection.onShutdown(() => stores.dispose());
  connection.onRequest(SnapshotFilesRequest.type, request('snapshotFiles', [], async () => {
    const folders = await Promise.all(session.workspace.all().filter((f) => !f.loose).map((f) => session.folderFor(f.rootDir)));
    return folders.flatMap((f) => f.snapshots.files()).map(pathToUri);
  }));
  connection.onRequest(SnapshotStatesRequest.type, request('snapshotStates', [], (p) => snapshotStates((f) => session.folderFor(f), p.uris, p.withDiagnostics === true)));

  connection.onRequest(ServerStatsRequest.type, async (): Promise<ServerStatsResult> => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const m = process.memoryUsage();
    const workers = (await Promise.all(session.workspace.all().map((f) => f.typedHeap()))).filter((h): h is number => h !== undefined);
    return {
      heapUsed: m.heapUsed, rss: m.rss, collected: !!gc, openDocuments: documents.all().length,
      workerHeapUsed: workers.reduce((a, b) => a + b, 0), workers: workers.length,
    };
  });

  connection.onExecuteCommand(request('executeCommand', null, async (p) => {
    if (p.command !== CommandIds.updateLock) return null;
    const [uri, workflowId] = (p.arguments ?? []) as [unknown, unknown];
    const file = typeof uri === 'string' ? uriToPath(uri) : undefined;
    if (!file || typeof workflowId !== 'string') throw new Error(`${CommandIds.updateLock} expects [documentUri, workflowId]`);
    const folder = await session.folderFor(file);
    const w = (await folder.typedFile(file)).workflows.find((x) => x.id === workflowId) ?? (await folder.typedWorkflows()).find((x) => x.id === workflowId);
    if (!w) throw new Error(`no workflow ${workflowId} in ${file}`);
    const edit = lockEdit(folder, w, (f) => session.textOf(f), { createFiles: true });
    if (edit) await connection.workspace.applyEdit({ label: `Update ${folder.settings.lockFile}`, edit });
    folder.invalidateLock();
    session.scheduleFolder(folder, 'source');
    return null;
  }));
}
