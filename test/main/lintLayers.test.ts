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
  ])('rejects %s', async (file, code, expected) => {
    const errors = await restrictedImportErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['src-core/metrics/Good.ts', "import { HilumError } from '../errors';\nexport const x = HilumError;\n"],
    ['src-main/electron/Good.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'src-renderer/pages/Good.svelte',
      '<script lang="ts">\n  import { HilumError } from \'../../src-core/errors\';\n  const x: unknown = HilumError;\n</script>\n<p>{String(x)}</p>\n',
    ],
    ['src-main/electron/workerUtilityEntry.ts', "import { serveJobs } from '../../src-worker/entry';\nexport const x = serveJobs;\n"],
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
});
