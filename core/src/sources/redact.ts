// Credentials never reach output: a store URL is shown without its password, and driver error texts (which
// may quote the URL or the password) are scrubbed of both before they are shown.

/** The URL with any password replaced by '***' (user names are kept: they help find the store). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    // Not a URL the parser accepts: hide everything between '//' user: and '@'.
    return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
  }
}

/** The secrets a URL carries (password, token-like query values), raw and percent-decoded. */
export function secretsOf(url: string): string[] {
  const out = new Set<string>();
  try {
    const u = new URL(url);
    const add = (s: string) => {
      if (!s) return;
      out.add(s);
      try {
        out.add(decodeURIComponent(s));
      } catch {
        // Not percent-encoded: the raw form is enough.
      }
    };
    add(u.password);
    for (const [key, value] of u.searchParams) if (/pass|secret|token|key/i.test(key)) add(value);
  } catch {
    const m = /\/\/[^/:@]*:([^@/]*)@/.exec(url);
    if (m?.[1]) out.add(m[1]);
  }
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** A message with every secret (and the raw URL) replaced; applied to every driver error before it is shown. */
export function redactMessage(message: string, url: string, extraSecrets: readonly string[] = []): string {
  let out = message.split(url).join(redactUrl(url));
  for (const secret of [...secretsOf(url), ...extraSecrets]) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
