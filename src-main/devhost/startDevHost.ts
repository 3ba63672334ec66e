/**
 * The loopback-only dev host: serves the built renderer and the same channel contract as Electron
 * IPC over HTTP, for browser tests and for using the UI without the Electron binary.
 * - listens on 127.0.0.1 only (random port), never on another interface;
 * - every /api request must carry the random token in the `x-hilum-token` header (the page gets it
 *   from the URL fragment, which browsers never send to the server);
 * - the Host header must be this loopback address (blocks DNS-rebinding pages from other sites),
 *   and a cross-origin Origin header is refused;
 * - every request and response goes through `dispatch`, so the contract is validated as in the app;
 * - the page trades the fragment's token once (POST /auth/admit) for an HttpOnly SameSite=Strict cookie,
 *   so a reload (F5) stays admitted; the sign-in session lives in a second HttpOnly cookie that page
 *   scripts never read (the SessionCarrier of this transport).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch, type HandlerTable } from '../../src-core/contracts/bridge';
import type { SessionCallContext, SessionCarrier } from '../app/session/SessionCallContext';
import { securityHeaders } from '../app/contentSecurityPolicy';
import { contentTypeOf, resolveStaticFile } from '../app/resolveStaticFile';
import { readCookie, setCookie } from './cookies';

export const loopbackHost = '127.0.0.1';
export const tokenHeader = 'x-hilum-token';
const maxBodyBytes = 1 << 20;

export interface DevHost {
  readonly port: number;
  readonly origin: string;
  /** The page URL with the token in the fragment. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export interface DevHostOptions {
  handlers: HandlerTable<SessionCallContext>;
  /** Built renderer folder (out/renderer); null serves the API only. */
  rendererDir: string | null;
  /** 0 (default) picks a free port. */
  port?: number;
}

function sameToken(expected: Buffer, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, contentType: string, cookies: string[] = []): void {
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
  });
  res.end(body);
}

/** The session token of one request: read from its cookie, replaced through Set-Cookie on the answer. */
function cookieCarrier(req: http.IncomingMessage, name: string, pending: string[]): SessionCarrier {
  let current = readCookie(req.headers.cookie, name);
  return {
    read: () => current,
    write: (token) => {
      current = token;
      pending.push(setCookie(name, token, '/api/'));
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(token, 'utf8');
  let origin = '';
  // Cookies are scoped by host, not port: the port in the name keeps two dev hosts apart.
  let admitCookie = '';
  let sessionCookie = '';

  const server = http.createServer((req, res) => {
    void (async () => {
      const remote = req.socket.remoteAddress ?? '';
      if (remote !== '127.0.0.1' && remote !== '::ffff:127.0.0.1') return send(res, 403, 'forbidden', 'text/plain');
      if (req.headers.host !== origin.slice('http://'.length)) return send(res, 403, 'wrong Host header', 'text/plain');
      const url = req.url ?? '/';
      if (url === '/auth/admit') {
        if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain');
        if (req.headers.origin !== undefined && req.headers.origin !== origin)
          return send(res, 403, 'cross-origin request refused', 'text/plain');
        if (!sameToken(expected, req.headers[tokenHeader])) return send(res, 401, 'missing or wrong token', 'text/plain');
        return send(res, 204, '', 'text/plain', [setCookie(admitCookie, token, '/')]);
      }
      if (url.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain');
        if (req.headers.origin !== undefined && req.headers.origin !== origin)
          return send(res, 403, 'cross-origin request refused', 'text/plain');
        const admitted =
          sameToken(expected, req.headers[tokenHeader]) || sameToken(expected, readCookie(req.headers.cookie, admitCookie) ?? undefined);
        if (!admitted) return send(res, 401, 'missing or wrong token', 'text/plain');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'JSON only', 'text/plain');
        const body = await readBody(req);
        if (body === null) return send(res, 413, 'request too large', 'text/plain');
        let payload: unknown;
        try {
          payload = body === '' ? undefined : JSON.parse(body);
        } catch {
          return send(res, 400, 'malformed JSON', 'text/plain');
        }
        const channel = decodeURIComponent(url.slice('/api/'.length));
        const cookies: string[] = [];
        const ctx: SessionCallContext = { via: 'devhost', carrier: cookieCarrier(req, sessionCookie, cookies) };
        const envelope = await dispatch(options.handlers, channel, payload, ctx);
        return send(res, 200, JSON.stringify(envelope), 'application/json', cookies);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only', 'text/plain');
      const file = options.rendererDir ? resolveStaticFile(options.rendererDir, url) : null;
      if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, 'not found', 'text/plain');
      return send(res, 200, fs.readFileSync(file), contentTypeOf(file));
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `internal error: ${(error as Error).message}`, 'text/plain');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopbackHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${loopbackHost}:${port}`;
  admitCookie = `hilum_admit_${port}`;
  sessionCookie = `hilum_session_${port}`;
  return {
    port,
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
