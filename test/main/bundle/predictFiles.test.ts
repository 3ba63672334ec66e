// The predict service end to end on real radiographs and real DICOMs: verified bundle → calibrated outputs, typed errors per bad file, FHIR, saliency, one record per inference, TTA and ensembles.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateProbability } from '../../../src-core/bundle';
import { loadBundle } from '../../../src-main/bundle';
import { MIN_FILES_PER_JOB, predictFiles, type InferenceRecord, type PredictResultEntry } from '../../../src-main/bundle/predictFiles';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { decodeInputImage } from '../../../src-worker/inference/decodeInputImage';
import { createOrtSession } from '../../../src-worker/onnx/createOrtSession';
import { runVitSession } from '../../../src-worker/onnx/runVitSession';
import { sharedDataDir } from '../../helpers/paths';
import { makeMicroBundle, nihDir } from './makeMicroBundle';

let root: string;
let bundle: Awaited<ReturnType<typeof makeMicroBundle>>;
let second: Awaited<ReturnType<typeof makeMicroBundle>>;
const dicom = (f: string): string => path.join(sharedDataDir, 'dicom', f);
const png = path.join(nihDir, '00000001_000.png');
const jpeg = path.join(sharedDataDir, 'kermany-pediatric-224px/train/NORMAL/IM-0115-0001.jpeg');
const crChest = dicom('fo-dicom/CR-MONO1-10-chest');
const ct = dicom('fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm');
const noPixels = dicom('orthanc-tests/Issue56-NoPixelData.dcm');
let truncated: string;

type Ok = Extract<PredictResultEntry, { labels: unknown }>;
const ok = (e: PredictResultEntry | undefined): Ok => {
  if (!e || 'error' in e) throw new Error(`expected a result, got ${JSON.stringify(e)}`);
  return e;
};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hilum-predict-'));
  bundle = await makeMicroBundle(path.join(root, 'bundle'));
  second = await makeMicroBundle(path.join(root, 'bundle2'), 0.5);
  truncated = path.join(root, 'truncated.png');
  writeFileSync(truncated, readFileSync(png).subarray(0, 300));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('predictFiles', () => {
  it('answers PNG, JPEG and DICOM inputs; a corrupt file gets a typed error and the batch goes on', async () => {
    const records: InferenceRecord[] = [];
    const fractions: number[] = [];
    const r = await predictFiles({
      bundleDirs: [bundle.dir],
      inputs: [png, truncated, jpeg, crChest, noPixels, ct],
      batchSize: 2,
      fhirDir: path.join(root, 'fhir'),
      saliencyDir: path.join(root, 'saliency'),
      onInference: (rec) => records.push(rec),
      onProgress: (p) => fractions.push(p.fraction ?? -1),
    });
    // The work ran as a pool job: one progress event per batch of 2.
    expect(fractions).toEqual([2 / 6, 4 / 6, 1]);
    expect(r.bundleHash).toBe(bundle.bundleHash);
    expect(r.results.map((e) => e.input)).toEqual([png, truncated, jpeg, crChest, noPixels, ct]);
    expect(r.results[1]).toMatchObject({ error: { code: 'IMAGE_DECODE', details: { file: truncated } } });
    expect(r.results[4]).toMatchObject({ error: { code: 'DICOM_NO_PIXEL_DATA' } });
    expect(records.map((x) => x.input)).toEqual([png, jpeg, crChest, ct]);
    for (const rec of records) {
      expect(rec.bundleHash).toBe(bundle.bundleHash);
      expect(rec.inputSha256).toBe(createHash('sha256').update(readFileSync(rec.input)).digest('hex'));
    }
    // CT is not a chest radiograph modality: flagged, and (abstainWhenOod) every label abstains.
    const ctEntry = ok(r.results[5]);
    expect(ctEntry.ood.reasons).toContain('NON_CHEST_MODALITY');
    expect(ctEntry.abstained).toBe(true);
    expect(Object.values(ctEntry.labels).every((l) => l.decision === 'abstain')).toBe(true);
    expect(ok(r.results[3]).modality).toBe('CR');
    expect(ok(r.results[3]).ood.reasons).not.toContain('NON_CHEST_MODALITY');
    // FHIR and saliency files exist and parse.
    const fhir = JSON.parse(readFileSync(ok(r.results[0]).fhirFile!, 'utf8'));
    expect(fhir.entry.at(-1).resource.identifier[0].value).toBe(bundle.bundleHash);
    const overlay = PNG.sync.read(readFileSync(ok(r.results[0]).saliencyFile!));
    expect([overlay.width, overlay.height]).toEqual([256, 256]);
  }, 60_000);

  it('probabilities are σ(logit / T) of a raw ONNX Runtime run on the same decoded pixels; decisions follow the thresholds', async () => {
    const r = await predictFiles({ bundleDirs: [bundle.dir], inputs: [png] });
    const entry = ok(r.results[0]);
    const loaded = loadBundle(bundle.dir);
    const decoded = await decodeInputImage(readFileSync(png), png, loaded.spec.preprocessing);
    const { session } = await createOrtSession(loaded.modelBytes);
    const raw = await runVitSession(session, [decoded.pixels], 32, { attention: false });
    await session.release();
    loaded.spec.labels.labels.forEach((label, l) => {
      const p = calibrateProbability(raw.logits[l]!, loaded.spec.calibration.temperatures[label]!);
      expect(entry.labels[label]!.probability).toBeCloseTo(p, 6);
      const d = entry.labels[label]!.decision;
      if (d !== 'abstain') expect(d).toBe(p >= 0.5 ? 'positive' : 'negative');
    });
    expect(entry.ood.detector).toBe('mahalanobis');
    expect(entry.ood.scores.mahalanobis).not.toBeNull();
  }, 60_000);

  it('a folder input is searched recursively; TTA runs 5 variants; an ensemble needs and uses its own calibration', async () => {
    const tta = await predictFiles({ bundleDirs: [bundle.dir], inputs: [png], tta: true });
    expect(ok(tta.results[0]).members).toBe(5);
    expect(Object.values(ok(tta.results[0]).labels).every((l) => l.uncertainty.spread !== null)).toBe(true);
    await expect(predictFiles({ bundleDirs: [bundle.dir, second.dir], inputs: [png] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const ensembleSpec = { ...second.spec, ood: { ...second.spec.ood, primary: 'energy' as const, mahalanobis: null } };
    const ens = await predictFiles({ bundleDirs: [bundle.dir, second.dir], inputs: [path.join(root, 'saliency')], ensembleSpec });
    expect(ens.results.length).toBeGreaterThan(0);
    expect(ens.results.every((e) => !('error' in e) && e.members === 2)).toBe(true);
    expect(ens.bundleHash).not.toBe(bundle.bundleHash);
    expect(ens.memberHashes).toEqual([bundle.bundleHash, second.bundleHash]);
    const again = await predictFiles({ bundleDirs: [bundle.dir, second.dir], inputs: [png], ensembleSpec, expectedHash: ens.bundleHash });
    expect(again.bundleHash).toBe(ens.bundleHash);
    await expect(
      predictFiles({ bundleDirs: [bundle.dir, second.dir], inputs: [png], ensembleSpec, expectedHash: bundle.bundleHash }),
    ).rejects.toMatchObject({ code: 'BUNDLE_INTEGRITY' });
  }, 60_000);

  it('refuses a bundle whose hash is not the expected one before reading any input', async () => {
    await expect(predictFiles({ bundleDirs: [bundle.dir], inputs: [png], expectedHash: second.bundleHash })).rejects.toMatchObject({
      code: 'BUNDLE_INTEGRITY',
    });
  });

  it('a long input list runs as side-by-side pool jobs on contiguous slices: same results, same order, one progress total', async () => {
    const inputs = readdirSync(nihDir)
      .sort()
      .slice(0, 2 * MIN_FILES_PER_JOB + 3)
      .map((n) => path.join(nihDir, n));
    inputs.splice(5, 0, truncated);
    const pool = new WorkerHost({ size: 2 });
    const slices: number[] = [];
    const counting = {
      run: ((name, params, options) => {
        slices.push((params as { files: string[] }).files.length);
        return pool.run(name, params, options);
      }) as WorkerHost['run'],
    };
    try {
      const fractions: number[] = [];
      const records: InferenceRecord[] = [];
      const split = await predictFiles({
        bundleDirs: [bundle.dir],
        inputs,
        jobs: counting,
        parallelJobs: 2,
        onProgress: (p) => fractions.push(p.fraction ?? -1),
        onInference: (r) => records.push(r),
      });
      expect(slices).toEqual([Math.floor(inputs.length / 2), inputs.length - Math.floor(inputs.length / 2)]);
      const whole = await predictFiles({ bundleDirs: [bundle.dir], inputs, jobs: counting, parallelJobs: 1 });
      expect(slices.at(-1)).toBe(inputs.length);
      expect(split.results.map((e) => e.input)).toEqual(inputs);
      expect(split.results[5]).toMatchObject({ error: { code: 'IMAGE_DECODE' } });
      expect(records.map((r) => r.input)).toEqual(inputs.filter((f) => f !== truncated));
      split.results.forEach((e, i) => {
        const w = whole.results[i]!;
        if ('error' in e) return expect('error' in w).toBe(true);
        for (const [label, v] of Object.entries(e.labels)) expect(v.probability).toBeCloseTo(ok(w).labels[label]!.probability, 5);
      });
      expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
      expect(fractions.at(-1)).toBe(1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
