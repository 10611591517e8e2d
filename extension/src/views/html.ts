// The page every awaitly-lens webview is: a strict CSP (nothing but a nonce'd style and script, no remote
// content), VS Code's theme variables for colours and fonts, and escaping for every text that reaches HTML.
// Pure functions (no editor types): the views and the unit tests build the same strings.
import { randomBytes } from 'node:crypto';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (user data: step keys, values, causes, file names) as HTML text or attribute value. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function csp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; line-height: 1.45; }
h1 { font-size: 1.35em; font-weight: 600; margin: 14px 0 4px; }
h2 { font-size: 1.1em; font-weight: 600; margin: 18px 0 6px; }
.sub { color: var(--vscode-descriptionForeground); margin: 0 0 10px; }
.summary { font-weight: 600; margin: 6px 0 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-widget-border, var(--vscode-editorGroup-border)); vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
tr.row:hover { background: var(--vscode-list-hoverBackground); }
code, .mono { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
.state { white-space: nowrap; font-weight: 600; }
.s-skipped { color: var(--vscode-charts-green); }
.s-replay-failure { color: var(--vscode-charts-orange); }
.s-runs { color: var(--vscode-charts-blue); }
.s-maybe { color: var(--vscode-charts-yellow); }
.s-not-reached, .muted { color: var(--vscode-disabledForeground); }
.s-unknown { color: var(--vscode-charts-orange); }
.why { color: var(--vscode-descriptionForeground); }
.preview { max-width: 14em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
a, button.link { color: var(--vscode-textLink-foreground); cursor: pointer; background: none; border: none; padding: 0; font: inherit; text-align: left; }
a:hover, button.link:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
button.link:focus { outline: 1px solid var(--vscode-focusBorder); }
ul { padding-left: 1.4em; }
.warn { color: var(--vscode-editorWarning-foreground); }
`;

/** A whole page: `body` is HTML the caller built with esc(); `script` (optional) runs with the page's nonce. */
export function page(opts: { title: string; body: string; script?: string; nonce?: string }): string {
  const nonce = opts.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(opts.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head><body>
${opts.body}
${opts.script ? `<script nonce="${nonce}">${opts.script}</script>` : ''}
</body></html>`;
}
