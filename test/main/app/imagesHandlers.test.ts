// images.* through the real handlers and dispatch (decoded in the worker pool): pixels agree with pydicom's
// Modality LUT values; study headers are cached until a file's size or mtime changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, type HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { StudyHeaderCache } from '../../../src-main/app/images/StudyHeaderCache';
import { imagesHandlers } from '../../../src-main/app/handlers/imagesHandlers';
import { worklistHandlers } from '../../../src-main/app/handlers/worklistHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

interface Reference {
  rows: number;
  columns: number;
  photometric: string;
  min: number;
  max: number;
  mean: number;
  samples: Array<[number, number, number]>;
}
const reference = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/app/viewer_reference.json'), 'utf8')) as Record<
  string,
  Reference
>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-images-'));
const services = createAppServices({ version: '0.0.0-test', dataDir, reviewDirs: [path.join(sharedDataDir, 'dicom')] });
// The area handlers themselves: the session guard in front of them is the workbench's and tested there.
const handlers = { ...imagesHandlers(services), ...worklistHandlers(services) } as unknown as HandlerTable<AppCallContext>;
const ctx = { via: 'devhost' as const };

afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(channel: string, payload: unknown) {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as Record<string, unknown>;
}

describe('images channels', () => {
  it('lists review studies by opaque id, with header info or the typed reason a header is unreadable', async () => {
    const { studies } = (await call('images.studies', {})) as {
      studies: Array<{ studyId: string; name: string; modality: string | null; error: { code: string } | null }>;
    };
    const names = studies.map((s) => s.name);
    expect(names).toContain('fo-dicom/CR-MONO1-10-chest');
    expect(names).not.toContain('INDEX.tsv');
    for (const s of studies) expect(s.studyId).toMatch(/^[0-9a-f]{24}$/);
    expect(studies.find((s) => s.name === 'fo-dicom/CR-MONO1-10-chest')).toMatchObject({ modality: 'CR', error: null });
    expect(studies.some((s) => s.error !== null)).toBe(true);
  });

  for (const [name, ref] of Object.entries(reference)) {
    it(`decodes ${name} like pydicom`, async () => {
      const { studies } = (await call('images.studies', {})) as { studies: Array<{ studyId: string; name: string }> };
      const study = studies.find((s) => s.name === name)!;
      const image = await call('images.pixels', { studyId: study.studyId });
      expect(image).toMatchObject({
        rows: ref.rows,
        columns: ref.columns,
        photometricInterpretation: ref.photometric,
        downsampleFactor: 1,
        minValue: ref.min,
        maxValue: ref.max,
      });
      const bytes = Buffer.from(image.pixelsBase64 as string, 'base64');
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(values.length).toBe(ref.rows * ref.columns);
      for (const [r, c, v] of ref.samples) expect(values[r * ref.columns + c]).toBe(v);
      let sum = 0;
      for (const v of values) sum += v;
      expect(sum / values.length).toBeCloseTo(ref.mean, 6);
    });
  }

  it('refuses ids that are not review studies (no path can be asked for)', async () => {
    const envelope = await dispatch(handlers, 'images.pixels', { studyId: '../../etc/passwd' }, ctx);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const extra = await dispatch(handlers, 'images.pixels', { studyId: 'x', path: '/etc/passwd' }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses to adjudicate a study that is not in the latest review (no reading without a prediction)', async () => {
    const envelope = await dispatch(
      handlers,
      'worklist.adjudicate',
      { studyId: 'x', user: 'r', password: 'p', labels: {}, comment: '' },
      ctx,
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('parses a study header once while the file is unchanged, again after it changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-headers-'));
    const file = path.join(dir, 'study.dcm');
    fs.copyFileSync(path.join(sharedDataDir, 'dicom', 'fo-dicom', 'CR-MONO1-10-chest'), file);
    const cache = new StudyHeaderCache();
    const [first] = await cache.headersOf([file], services.host());
    expect(first).toMatchObject({ modality: 'CR', error: null });
    await cache.headersOf([file], services.host());
    expect(cache.parsed).toBe(1);
    fs.writeFileSync(file, 'not a DICOM file');
    const [changed] = await cache.headersOf([file], services.host());
    expect(cache.parsed).toBe(2);
    expect(changed).toMatchObject({ modality: null, error: { code: expect.stringMatching(/^DICOM_/) } });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
