/**
 * Worklist review speed: Hilum's predict path as the app and CLI run it (predictFiles through the worker
 * pool, every inference audited into a real store), saliency off and on, against a raw reference in the
 * same run (read + decode + resample + one batched ONNX Runtime run, no Hilum bookkeeping). Interleaved,
 * medians of `rounds` repetitions, load average per row. The model is the demo's (vit-micro family,
 * 64 px, patch 8, width 64, depth 3, 4 heads, MLP ratio 2, 14 NIH labels) with hashed weights: speed does
 * not depend on trained values. Studies: Kermany JPEGs + NIH PNGs + every file under the shared DICOM folder.
 * Usage: npm run bench -- review [rounds=3] [perSource=200]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vitPreset } from '../src-core/model/vitConfig';
import { serializeSafetensors } from '../src-core/safetensors';
import { auditInference } from '../src-main/bundle/auditInference';
import { predictFiles } from '../src-main/bundle/predictFiles';
import { writeBundle } from '../src-main/bundle/writeBundle';
import { openStore } from '../src-main/store/openStore';
import { WorkerHost } from '../src-main/worker/WorkerHost';
import { decodeInputImage } from '../src-worker/inference/decodeInputImage';
import { createOrtSession } from '../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../src-worker/onnx/exportOnnx';
import { runVitSession } from '../src-worker/onnx/runVitSession';
import { hashedVitWeights } from '../test/fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../test/fixtures/onnx/microBundleSpec';
import { sharedDataDir } from '../test/helpers/paths';
import { medianOf } from './medianOf';

const load = (): string => os.loadavg()[0]!.toFixed(2);

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}

/** perSource Kermany JPEGs (half per class), perSource NIH PNGs, and the shared DICOMs (some are deliberately broken). */
function studySet(perSource: number): string[] {
  const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px/train');
  const half = Math.ceil(perSource / 2);
  const jpegs = ['NORMAL', 'PNEUMONIA'].flatMap((c) => listFiles(path.join(kermany, c)).slice(0, half));
  const pngs = listFiles(path.join(sharedDataDir, 'nih-cxr14-subset-64px/images')).slice(0, perSource);
  const dicoms = listFiles(path.join(sharedDataDir, 'dicom')).filter((f) => !f.endsWith('.tsv'));
  return [...jpegs, ...pngs, ...dicoms];
}

async function demoBundle(dir: string): Promise<{ dir: string; bundleHash: string }> {
  const spec = microBundleSpec();
  spec.config = { ...vitPreset('vit-micro'), imageSize: 64, patchSize: 8, width: 64, depth: 3, heads: 4, mlpRatio: 2 };
  spec.preprocessing = { ...spec.preprocessing, imageSize: 64 };
  const weights = hashedVitWeights(spec.config);
  const { bytes } = await exportOnnx(spec.config, weights);
  return writeBundle(dir, { modelOnnx: bytes, weights: serializeSafetensors(weights), spec });
}

/** The reference: no pool, no verification, no audit, no FHIR/saliency; one ORT session, one batched run. */
async function rawPipeline(
  modelBytes: Uint8Array,
  files: string[],
  imageSize: number,
  preprocessing: Parameters<typeof decodeInputImage>[2],
): Promise<number> {
  const images: Float32Array[] = [];
  for (const file of files) {
    try {
      images.push((await decodeInputImage(readFileSync(file), file, preprocessing)).pixels);
    } catch {
      // A file the decoder rejects is skipped, as Hilum reports it as an error entry.
    }
  }
  const { session } = await createOrtSession(modelBytes);
  try {
    const out = await runVitSession(session, images, imageSize, { attention: false });
    return out.batch;
  } finally {
    await session.release();
  }
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Math.max(3, Number(args[0] ?? 3));
  const perSource = Math.max(1, Number(args[1] ?? 200));
  const work = mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-review-'));
  const files = studySet(perSource);
  const bundle = await demoBundle(path.join(work, 'bundle'));
  const modelBytes = readFileSync(path.join(bundle.dir, 'model.onnx'));
  const preprocessing = microBundleSpec().preprocessing;
  preprocessing.imageSize = 64;
  const store = openStore({ dataDir: path.join(work, 'store') });
  const pool = new WorkerHost();
  console.log(
    `review bench: ${files.length} studies, demo-sized bundle (64 px, width 64, depth 3), pool of ${os.availableParallelism()} workers, ${os.cpus().length} cores`,
  );
  const hilum = (saliency: boolean) => async (): Promise<number> => {
    const result = await predictFiles({
      bundleDirs: [bundle.dir],
      inputs: files,
      expectedHash: bundle.bundleHash,
      jobs: pool,
      onInference: auditInference(store, 'bench.review'),
      ...(saliency ? { saliencyDir: path.join(work, 'saliency') } : {}),
    });
    return result.results.filter((r) => !('error' in r)).length;
  };
  const variants: [string, () => Promise<number>][] = [
    ['(a) Hilum review, saliency off', hilum(false)],
    ['(b) Hilum review, saliency on', hilum(true)],
    ['(c) raw decode + ORT (one batched run)', () => rawPipeline(modelBytes, files, 64, preprocessing)],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const predicted = new Map<string, number>();
  try {
    await hilum(false)(); // warm-up: workers started, modules loaded
    for (let round = 0; round < rounds; round++) {
      for (const [name, f] of variants) {
        const t0 = performance.now();
        predicted.set(name, await f());
        const seconds = (performance.now() - t0) / 1000;
        times.get(name)!.push(seconds);
        console.log(
          `round ${round + 1}  ${name.padEnd(40)} ${seconds.toFixed(2)} s  ${(files.length / seconds).toFixed(1)} studies/s  load ${load()}`,
        );
      }
    }
  } finally {
    await pool.close();
    store.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log('\nmedians:');
  const rate = (name: string): number => files.length / medianOf(times.get(name)!);
  for (const [name] of variants) {
    console.log(
      `${name.padEnd(40)} ${medianOf(times.get(name)!).toFixed(2)} s  ${rate(name).toFixed(1)} studies/s  (${predicted.get(name)} predicted)  load ${load()}`,
    );
  }
  const [a, , c] = variants.map(([name]) => name) as [string, string, string];
  console.log(`review: ${rate(a).toFixed(1)} studies/s (saliency off), ${(rate(a) / rate(c)).toFixed(2)}x the raw decode + ORT pipeline`);
}
