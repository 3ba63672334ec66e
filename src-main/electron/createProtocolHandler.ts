/**
 * Serves the built renderer for hilum://app/... with the CSP and security headers on every response.
 * Takes a fetch Request and returns a Response (what protocol.handle expects), so tests need no Electron.
 */
import fs from 'node:fs/promises';
import { securityHeaders } from '../app/contentSecurityPolicy';
import { contentTypeOf, resolveStaticFile } from '../app/resolveStaticFile';
import { appHost } from './appProtocol';

export function createProtocolHandler(rendererDir: string) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const plain = (status: number, text: string) =>
      new Response(text, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain' } });
    if (url.host !== appHost) return plain(404, 'unknown host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'GET only');
    const file = resolveStaticFile(rendererDir, url.pathname);
    if (!file) return plain(404, 'not found');
    try {
      const body = await fs.readFile(file);
      return new Response(body, { status: 200, headers: { ...securityHeaders, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return plain(404, 'not found');
    }
  };
}
