// package.json's sections say what the packaged app needs at run time: every package the main or worker code
// imports (kept external by electron-vite) is in dependencies; what only the renderer imports is bundled into
// out/renderer and belongs in devDependencies; and no runtime dependency is left that nothing imports.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
const dev = new Set(Object.keys(pkg.devDependencies ?? {}));

/** Optional packages loaded through a variable specifier (so no bundler resolves them), with the file that does it. */
const loadedByVariable = [{ name: 'webgpu', file: 'src-worker/model/backends.ts', spec: "dawnSpec = 'webgpu'" }];

const staticOrDynamicImport = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const optionalImport = /tryImport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('node:')) return null;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
  return builtinModules.includes(name) ? null : name;
}

/**
 * Packages a folder's source loads at run time: `required` by static or import() imports (type-only imports vanish
 * in the build), `optional` through the backends' tryImport (absence is a reported state) or `loadedByVariable`.
 */
function runtimePackages(folders: string[]): { required: Set<string>; optional: Set<string> } {
  const required = new Set<string>();
  const optional = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|mjs|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const source = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
        for (const m of source.matchAll(staticOrDynamicImport)) {
          const name = packageOf((m[1] ?? m[2]) as string);
          if (name) required.add(name);
        }
        for (const m of source.matchAll(optionalImport)) {
          const name = packageOf(m[1] as string);
          if (name) optional.add(name);
        }
        for (const v of loadedByVariable) if (rel === v.file && source.includes(v.spec)) optional.add(v.name);
      }
    }
  };
  for (const folder of folders) walk(folder);
  return { required, optional };
}

describe('package.json dependency sections', () => {
  const { required: mainAndWorker, optional } = runtimePackages(['src-core', 'src-main', 'src-worker', 'bin']);
  const renderer = runtimePackages(['src-renderer']).required;

  it('every package main, the worker or the CLI loads at run time is a runtime dependency (electron itself excepted)', () => {
    expect([...mainAndWorker].filter((name) => name !== 'electron' && !runtime.has(name))).toEqual([]);
  });

  it('packages only the renderer imports are devDependencies (electron-vite bundles them)', () => {
    expect([...renderer].filter((name) => !mainAndWorker.has(name) && !dev.has(name))).toEqual([]);
  });

  it('no runtime dependency is left that nothing in main, the worker or the CLI imports', () => {
    expect([...runtime].filter((name) => !mainAndWorker.has(name) && !optional.has(name))).toEqual([]);
  });
});
