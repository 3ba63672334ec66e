/** Reading one cookie from a Cookie header, and the Set-Cookie line for the dev host's HttpOnly, SameSite=Strict cookies. */

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * HttpOnly: page scripts cannot read it. SameSite=Strict: no other site's page sends it. No Max-Age:
 * it lives as long as the browser session (a reload keeps it). null expires it.
 * (No `Secure`: the dev host is plain http on 127.0.0.1, which browsers treat as a secure context anyway.)
 */
export function setCookie(name: string, value: string | null, path: string): string {
  const base = `${name}=${value === null ? '' : encodeURIComponent(value)}; Path=${path}; HttpOnly; SameSite=Strict`;
  return value === null ? `${base}; Max-Age=0` : base;
}
