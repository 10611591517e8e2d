// What a fix is, as plain data: edits by offset into the text the analysis saw. The server turns them into
// LSP TextEdits, the CLI applies them to files; neither re-derives them.

/** Replace text[startOffset, endOffset) with newText. */
export interface TextEdit {
  startOffset: number;
  endOffset: number;
  newText: string;
}

export interface Fix {
  /** The rule code of the finding this fix resolves. */
  code: string;
  /** What the fix does, one line (the quick fix's title). */
  title: string;
  edits: TextEdit[];
  /** The fix a user almost always wants (VS Code's isPreferred, auto-fix on save). */
  preferred: boolean;
}
