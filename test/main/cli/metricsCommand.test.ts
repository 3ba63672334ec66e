// `hilum metrics --json` through commander (registered here as the lead's commands/index.ts will), on CSVs in a temp folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { register } from '../../../src-main/cli/commands/metrics';
import { golden } from '../../core/metrics/loadGolden';
import { runCommandInProcess } from '../../helpers/runCommandInProcess';

let root: string;
const names = ['A', 'B', 'C', 'D', 'E'];

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-metrics-cli-'));
  const ids = Array.from({ length: golden.n as number }, (_, i) => `img${i}`);
  const csv = (header: string[], rows: string[][]) => [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
  writeFileSync(
    path.join(root, 'p.csv'),
    csv(
      ['image_id', ...names],
      ids.map((id, i) => [id, ...names.map((_, l) => String(golden.probabilities[l][i]))]),
    ),
  );
  const labelRows = ids.map((id, i) => [id, ...names.map((_, l) => (golden.labels[l][i] === null ? '-1' : String(golden.labels[l][i])))]);
  writeFileSync(path.join(root, 'l.csv'), csv(['image_id', ...names], labelRows));
  writeFileSync(path.join(root, 'l_short.csv'), csv(['image_id', ...names], labelRows.slice(0, -1)));
  writeFileSync(
    path.join(root, 'g.csv'),
    csv(
      ['image_id', 'sex', '"site, city"'],
      ids.map((id, i) => [id, i % 2 ? 'F' : 'M', i % 5 ? '"Hannover, DE"' : 'Boston']),
    ),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[]) => runCommandInProcess(register, args);

describe('hilum metrics', () => {
  it('--json prints one report document whose AUROCs equal scikit-learn', async () => {
    const f = (name: string) => path.join(root, name);
    const { stdout, exitCode } = await run([
      '--json',
      'metrics',
      '--predictions',
      f('p.csv'),
      '--labels',
      f('l.csv'),
      '--groups',
      f('g.csv'),
      '--seed',
      '3',
    ]);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    names.forEach((name, l) => expect(Math.abs(report.perLabel[name].auroc.value - golden.perLabel[l].auroc)).toBeLessThan(1e-9));
    expect(Math.abs(report.macro.auroc.value - golden.macro.auroc)).toBeLessThan(1e-9);
    expect(report.bootstrap).toMatchObject({ resamples: 1000, seed: 3 });
    expect(report.subgroups.attributes).toEqual(['sex', 'site, city']);
    expect(report.subgroups.macroAuroc.groups.map((g: { group: string }) => g.group)).toContain('Hannover, DE');
  });

  it('an id mismatch is DATASET_FORMAT naming the labels file', async () => {
    const f = (name: string) => path.join(root, name);
    const error = await run(['--json', 'metrics', '--predictions', f('p.csv'), '--labels', f('l_short.csv')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HilumError);
    expect((error as HilumError).code).toBe('DATASET_FORMAT');
    expect((error as HilumError).details.file).toBe(f('l_short.csv'));
  });

  it('bad options are INVALID_ARGUMENT', async () => {
    const f = (name: string) => path.join(root, name);
    const error = await run(['metrics', '--predictions', f('p.csv'), '--labels', f('l.csv'), '--resamples', 'many']).catch(
      (e: unknown) => e,
    );
    expect((error as HilumError).code).toBe('INVALID_ARGUMENT');
  });
});
