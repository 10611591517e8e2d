// The VS Code side of the explorer: converts the provider's plain items into TreeItems.
import * as vscode from 'vscode';
import type { Node } from './nodes';
import type { SnapshotTreeProvider } from './treeProvider';

export class SnapshotTreeDataProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: { dispose(): void };

  constructor(readonly model: SnapshotTreeProvider, private readonly onRendered?: (node: Node | undefined, count: number) => void) {
    this.sub = model.onDidChangeTreeData((n) => this.emitter.fire(n));
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const children = await this.model.getChildren(node);
    this.onRendered?.(node, children.length);
    return children;
  }

  getParent(node: Node): Node | undefined {
    return this.model.getParent(node);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const d = this.model.getTreeItem(node);
    // The active snapshot: its whole label highlighted (no width taken from the state text), and said so to screen readers.
    const label: string | vscode.TreeItemLabel = d.active ? { label: d.label, highlights: [[0, d.label.length]] } : d.label;
    const item = new vscode.TreeItem(label, d.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : d.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = d.id;
    if (d.description !== undefined) item.description = d.description;
    if (d.tooltip) {
      const md = new vscode.MarkdownString(d.tooltip, true);
      item.tooltip = md;
    }
    if (d.icon) item.iconPath = new vscode.ThemeIcon(d.icon.id, d.icon.color ? new vscode.ThemeColor(d.icon.color) : undefined);
    item.contextValue = d.contextValue;
    if (d.command) item.command = d.command;
    if (d.ariaLabel) item.accessibilityInformation = { label: d.ariaLabel };
    if (node.kind === 'file') item.resourceUri = vscode.Uri.parse(node.doc.uri);
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
