// Opens a browser entry (bundled with esbuild) in Chromium from a page on 127.0.0.1 (a secure context, so navigator.gpu
// exists) with SwiftShader as the WebGPU adapter; says why not when Chromium or an adapter is missing. Shared by the
// WebGPU tests (webgpuParity, windowGradientSource).
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

export const chromiumPath = process.env.HILUM_CHROMIUM ?? '/usr/bin/chromium';

export const swiftShaderArgs = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

/** `adapter` is absent where WebGPU did not come up, and `where` then says why. */
export type OpenedPage = { reason: string } | { page: Page; browser: Browser; adapter?: string; where: string; close(): Promise<void> };

/**
 * `entry`: a browser TS module; `chromiumArgs`: WebGPU switches (SwiftShader by default); `headers`: sent with every
 * response (the app's CSP, to run a page under the rules it has in the app).
 */
export async function openWebgpuPage(
  entry: string,
  chromiumArgs: string[] = swiftShaderArgs,
  headers: Readonly<Record<string, string>> = {},
): Promise<OpenedPage> {
  if (!existsSync(chromiumPath)) return { reason: `no Chromium at ${chromiumPath} (set HILUM_CHROMIUM)` };
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'error' });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('content-type', req.url === '/page.js' ? 'text/javascript' : 'text/html');
    res.end(req.url === '/page.js' ? script : '<!doctype html><title>webgpu test page</title><script src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const closeServer = (): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless=new', '--no-sandbox', ...chromiumArgs] });
  const close = async (): Promise<void> => {
    await browser.close();
    await closeServer();
  };
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    if (!gpu) return { reason: `navigator.gpu is missing (secure context: ${String(isSecureContext)})` };
    const a = await gpu.requestAdapter();
    return a ? { adapter: `${a.info?.vendor ?? '?'} ${a.info?.architecture ?? '?'}` } : { reason: 'requestAdapter() returned null' };
  });
  const where = `Chromium ${browser.version()}${'reason' in adapter ? `: ${adapter.reason}` : `, adapter ${adapter.adapter}`}`;
  return { page, browser, where, close, ...('adapter' in adapter ? { adapter: adapter.adapter } : {}) };
}
