// The layering rule is only worth something if it fails: each case lints a violating file with
// the project's real ESLint config and expects the no-restricted-imports error.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { srcWorkerImportAllowed } from '../../scripts/layerRules.js';
import { repoRoot } from '../helpers/paths';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['src-renderer/pages/Bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n", 'no Node built-ins'],
    ['src-renderer/pages/Bad2.ts', "import path from 'path';\nexport const x = path;\n", 'no Node built-ins'],
    [
      'src-renderer/pages/Bad3.ts',
      "import { openStore } from '../../src-main/store/openStore';\nexport const x = openStore;\n",
      'only through the src-core contract',
    ],
    ['src-core/metrics/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'src-core is pure TypeScript'],
    [
      'src-core/metrics/Bad2.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'src-core is pure TypeScript',
    ],
    [
      'src-core/metrics/Bad3.ts',
      "import { runJob } from '../../src-worker/runJob';\nexport const x = runJob;\n",
      'imports nothing outside itself',
    ],
    // zod is the only package src-core may import.
    ['src-core/validate/Bad.ts', "import { PNG } from 'pngjs';\nexport const x = PNG;\n", 'src-core is pure TypeScript'],
    ['src-core/validate/Bad2.ts', "import { z } from 'zod-extra';\nexport const x = z;\n", 'src-core is pure TypeScript'],
    ['src-worker/Bad.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", 'Only src-main/electron/'],
    ['src-main/store/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'Only src-main/electron/'],
    [
      'src-renderer/pages/Bad.svelte',
      '<script lang="ts">\n  import fs from \'node:fs\';\n  const x: unknown = fs;\n</script>\n<p>{String(x)}</p>\n',
      'no Node built-ins',
    ],
    [
      'src-renderer/pages/Bad2.svelte',
      '<script lang="ts">\n  import { openStore } from \'../../src-main/store/openStore\';\n  const x: unknown = openStore;\n</script>\n<p>{String(x)}</p>\n',
      'only through the src-core contract',
    ],
    [
      'src-main/app/Probe.ts',
      "import { readDicom } from '../../src-worker/dicom/readDicom';\nexport const x = readDicom;\n",
      'src-main never runs worker code',
    ],
    ['src-main/app/Probe2.ts', "export { runJob } from '../../src-worker/runJob';\n", 'src-main never runs worker code'],
    [
      'src-main/electron/Probe.ts',
      "import { serveJobs } from '../../src-worker/entry';\nexport const x = serveJobs;\n",
      'src-main never runs worker code',
    ],
    // tools/ is outside the product: no product folder may import it.
    [
      'src-main/demo/Probe.ts',
      "import { generatePhantomDataset } from '../../tools/phantoms/generatePhantomDataset';\nexport const x = generatePhantomDataset;\n",
      'never imports tools/',
    ],
    ['src-worker/jobs/Probe.ts', "export { mutateDicom } from '../../tools/fuzz/mutateDicom';\n", 'never imports tools/'],
    [
      'src-core/datasets/Probe.ts',
      "import { defaultPhantomSites } from '../../tools/phantoms/defaultPhantomSites';\nexport const x = defaultPhantomSites;\n",
      'never imports tools/',
    ],
    [
      'src-renderer/pages/Probe.ts',
      "import { drawBurnedInText } from '../../tools/phantoms/drawBurnedInText';\nexport const x = drawBurnedInText;\n",
      'never imports tools/',
    ],
    [
      'src-main/electron/workerUtilityEntry.ts',
      "import { writeDicomPart10 } from '../../tools/dicom-write/writeDicomPart10';\nexport const x = writeDicomPart10;\n",
      'never imports tools/',
    ],
    ['tools/phantoms/Probe.ts', "import { app } from 'electron';\nexport const x = app;\n", 'Only src-main/electron/'],
  ])('rejects %s', async (file, code, expected) => {
    const errors = await restrictedImportErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['src-core/metrics/Good.ts', "import { HilumError } from '../errors';\nexport const x = HilumError;\n"],
    ['src-core/validate/Good.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['src-core/validate/Good2.ts', "import * as z from 'zod/mini';\nexport const x = z;\n"],
    ['src-main/electron/Good.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'src-renderer/pages/Good.svelte',
      '<script lang="ts">\n  import { HilumError } from \'../../src-core/errors\';\n  const x: unknown = HilumError;\n</script>\n<p>{String(x)}</p>\n',
    ],
    ['src-main/electron/workerUtilityEntry.ts', "import { serveJobs } from '../../src-worker/entry';\nexport const x = serveJobs;\n"],
    // Tools may use product code; packages named "tools" are not tools/.
    [
      'tools/phantoms/Good.ts',
      "import { readMetaHeader } from '../../src-worker/dicom/readMetaHeader';\nimport { HilumError } from '../../src-core/errors';\nexport const x = [readMetaHeader, HilumError];\n",
    ],
    ['src-renderer/viewer/Good.ts', "import * as tools from '@cornerstonejs/tools';\nexport const x = tools;\n"],
    [
      'src-worker/Good.ts',
      "import fs from 'node:fs';\nimport { HilumError } from '../src-core/errors';\nexport const x = [fs, HilumError];\n",
    ],
  ])('accepts %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([]);
  });
});

describe('bundling rules', () => {
  it("rejects a module-level variable named require (it collides with the Electron build's ESM shim)", async () => {
    const code =
      "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const x = require('node:os');\n";
    const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/src-worker/model/Probe.ts` });
    expect(
      result?.messages
        .filter((m) => m.ruleId === 'no-restricted-syntax')
        .map((m) => m.message)
        .join('\n'),
    ).toContain('top-level `require`');
  });
});

describe('the compute boundary in the tree as it is', () => {
  it('no src-main file imports src-worker except the allowed entry points', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (
          /\.ts$/.test(entry.name) &&
          !srcWorkerImportAllowed.includes(rel) &&
          /(from|import\()\s*['"](\.\.\/)+src-worker\//.test(fs.readFileSync(path.join(repoRoot, rel), 'utf8'))
        )
          offenders.push(rel);
      }
    };
    walk('src-main');
    expect(offenders).toEqual([]);
    // The allowed entry really is worker code started by Electron (else it should leave the list).
    for (const file of srcWorkerImportAllowed) expect(fs.readFileSync(path.join(repoRoot, file), 'utf8')).toMatch(/src-worker\//);
  });

  it('no product file imports tools/ (the demo reaches the phantom generator as a child process)', () => {
    const importers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (
          /\.(ts|svelte)$/.test(entry.name) &&
          /(from|import\()\s*['"](\.\.\/)+tools\//.test(fs.readFileSync(path.join(repoRoot, rel), 'utf8'))
        )
          importers.push(rel);
      }
    };
    for (const folder of ['src-core', 'src-main', 'src-worker', 'src-renderer']) walk(folder);
    expect(importers).toEqual([]);
    // The phantom generator the demo starts is really in tools/.
    expect(fs.existsSync(path.join(repoRoot, 'tools/phantoms/phantomsCli.ts'))).toBe(true);
  });
});
