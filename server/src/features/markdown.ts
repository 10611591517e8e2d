// Markdown built only from escaped pieces. Anything that comes from user files (step ids and keys, snapshot
// values, error payloads, file names, timestamps) goes through `code()`: a code span can hold no link, image,
// HTML or command, whatever its content. Prose we write ourselves goes through `text()`, which escapes every
// markdown punctuation character as well.

/** A code span whose fence is longer than any run of backticks inside; newlines flattened, length capped. */
export function code(value: string, max = 200): string {
  let s = value.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s.startsWith(' ') || s.endsWith(' ') || s === '' ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Plain text with every ASCII punctuation character that markdown could read backslash-escaped. */
export function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$%^@?;,/]/g, (c) => `\\${c}`);
}

/** Strip the markup again for clients that only show plain text. */
export function plain(markdown: string): string {
  return markdown
    .replace(/(`+) ?([^`]|[^`][\s\S]*?[^`]) ?\1/g, '$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&:"'=$%^@?;,/])/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/^---$/gm, '');
}
