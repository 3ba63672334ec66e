// The layering rule is only worth something if it fails: each case lints a violating file with
// the project's real ESLint config and expects the no-restricted-imports error.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
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
    ['src-renderer/pages/Bad3.ts', "import { openStore } from '../../src-main/store/openStore';\nexport const x = openStore;\n", 'only through the src-core contract'],
    ['src-core/metrics/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'src-core is pure TypeScript'],
    ['src-core/metrics/Bad2.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src-core is pure TypeScript'],
    ['src-core/metrics/Bad3.ts', "import { runJob } from '../../src-worker/runJob';\nexport const x = runJob;\n", 'imports nothing outside itself'],
    ['src-worker/Bad.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n", 'Only src-main/electron/'],
    ['src-main/store/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n", 'Only src-main/electron/'],
  ])('rejects %s', async (file, code, expected) => {
    const errors = await restrictedImportErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['src-core/metrics/Good.ts', "import { HilumError } from '../errors';\nexport const x = HilumError;\n"],
    ['src-main/electron/Good.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src-worker/Good.ts', "import fs from 'node:fs';\nimport { HilumError } from '../src-core/errors';\nexport const x = [fs, HilumError];\n"],
  ])('accepts %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([]);
  });
});
