// Resource (the renderer's rune state for async reads) drops stale answers: a slow earlier request that
// answers after a newer one must not overwrite it, and an error clears the old value. The module is
// compiled with Svelte's own compiler, as the app build does, so the test runs the shipped runes code.
// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { compileModule } from 'svelte/compiler';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

interface ResourceLike<T> {
  value: T | undefined;
  error: { code: string; message: string } | undefined;
  loading: boolean;
  refresh(): Promise<void>;
  clear(): void;
}
let Resource: new <T>(load: () => Promise<T>) => ResourceLike<T>;

beforeAll(async () => {
  const lib = path.join(repoRoot, 'src-renderer/lib');
  const source = fs.readFileSync(path.join(lib, 'Resource.svelte.ts'), 'utf8');
  const { code: js } = await transform(source, { loader: 'ts', format: 'esm' });
  const compiled = compileModule(js, { filename: 'Resource.svelte.js', generate: 'client' }).js.code;
  // Its own imports (humanError, latestOnly) are plain TypeScript: point them at the source files; svelte at this repo's copy.
  const svelteClient = pathToFileURL(path.join(repoRoot, 'node_modules/svelte/src/internal/client/index.js')).href;
  const linked = compiled
    .replace(/from ["']\.\/(\w+)["']/g, (_m, name: string) => `from '${pathToFileURL(path.join(lib, `${name}.ts`)).href}'`)
    .replace(/from ["']svelte\/internal\/client["']/, `from '${svelteClient}'`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-resource-'));
  const file = path.join(dir, 'Resource.svelte.mjs');
  fs.writeFileSync(file, linked);
  ({ Resource } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { Resource: typeof Resource });
});

/** A load function whose answers the test releases by hand, in any order. */
function controlled<T>() {
  const pending: Array<{ resolve: (v: T) => void; reject: (e: unknown) => void }> = [];
  const load = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return { load, pending };
}

describe('Resource', () => {
  it('keeps the newer answer when an older, slower request answers last', async () => {
    const { load, pending } = controlled<string>();
    const resource = new Resource(load);
    const older = resource.refresh();
    const newer = resource.refresh();
    pending[1]!.resolve('study B');
    await newer;
    expect(resource.value).toBe('study B');
    expect(resource.loading).toBe(false);
    pending[0]!.resolve('study A');
    await older;
    expect(resource.value).toBe('study B');
  });

  it('ignores a late error of an older request, and clears the old value on a fresh error', async () => {
    const { load, pending } = controlled<string>();
    const resource = new Resource(load);
    const older = resource.refresh();
    const newer = resource.refresh();
    pending[1]!.resolve('ok');
    await newer;
    pending[0]!.reject(new Error('late failure'));
    await older;
    expect(resource.value).toBe('ok');
    expect(resource.error).toBeUndefined();
    const failing = resource.refresh();
    pending[2]!.reject(new Error('now it fails'));
    await failing;
    expect(resource.value).toBeUndefined();
    expect(resource.error?.message).toContain('now it fails');
  });

  it('drops an answer in flight after clear() (the selection changed)', async () => {
    const { load, pending } = controlled<string>();
    const resource = new Resource(load);
    const inFlight = resource.refresh();
    resource.clear();
    pending[0]!.resolve('for the old selection');
    await inFlight;
    expect(resource.value).toBeUndefined();
    expect(resource.loading).toBe(false);
  });
});
