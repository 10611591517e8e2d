// Document tracking: the open documents by path, their kind, which source documents were edited since the
// analysis saw them, which JSON documents were opened or edited most recently (the default active snapshots),
// and when the user last typed in a source file (work that needs definition hashes waits for a pause).
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './convert';
import { isJsonFile, isSourceFile } from './project';

const SOURCE_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

export type DocKind = 'source' | 'json' | 'other';

export class DocumentTracker {
  readonly documents = new TextDocuments(TextDocument);
  /** Open documents by absolute path (file: URIs only). */
  private readonly openByPath = new Map<string, string>();
  /** Source documents edited since the analysis last saw them. */
  private readonly dirty = new Set<string>();
  /** JSON documents by most recent open/edit, newest last: the default active snapshots. */
  private recentJson: string[] = [];
  /** When a source document was last edited. */
  lastEdit = 0;

  textOf(file: string): string | undefined {
    const uri = this.openByPath.get(file);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  }

  uriOf(file: string): string | undefined {
    return this.openByPath.get(file);
  }

  openFiles(): IterableIterator<string> {
    return this.openByPath.keys();
  }

  /** Open documents as [path, uri]. */
  open(): IterableIterator<[string, string]> {
    return this.openByPath.entries();
  }

  kindOf(doc: TextDocument): DocKind {
    const file = uriToPath(doc.uri);
    if (SOURCE_LANGUAGES.has(doc.languageId) || (file && isSourceFile(file))) return file && !file.endsWith('.d.ts') ? 'source' : 'other';
    if (JSON_LANGUAGES.has(doc.languageId) || (file && isJsonFile(file))) return 'json';
    return 'other';
  }

  opened(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    if (file) this.openByPath.set(file, doc.uri);
  }

  /** Records an edit (or an open): a source document is dirty, a JSON document becomes the most recent. */
  changed(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    if (!file) return;
    const kind = this.kindOf(doc);
    if (kind === 'source') {
      this.dirty.add(file);
      this.lastEdit = Date.now();
    }
    if (kind === 'json') this.recentJson = [...this.recentJson.filter((f) => f !== file), file];
  }

  closed(file: string): void {
    this.openByPath.delete(file);
    this.dirty.delete(file);
    this.recentJson = this.recentJson.filter((f) => f !== file);
  }

  hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** The edited source documents, forgotten as dirty (the caller hands them to the analysis). */
  takeDirty(): string[] {
    const files = [...this.dirty];
    this.dirty.clear();
    return files;
  }

  /** JSON documents, most recently opened or edited first. */
  recentJsonFirst(): string[] {
    return [...this.recentJson].reverse();
  }
}
