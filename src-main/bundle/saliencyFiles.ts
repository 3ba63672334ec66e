/**
 * Saliency overlays for inputs a bundle has predicted (`hilum predict --saliency`): verifies the bundle here,
 * then the `inference.saliency` job writes one PNG per input (occlusion per finding, or attention rollout).
 */
import path from 'node:path';
import type { SaliencyMethod } from '../../src-core/contracts/jobs/saliency';
import { bug } from '../../src-core/errors';
import { type JobRunner, withJobRunner } from '../worker/withJobRunner';
import { loadBundle } from './loadBundle';

export interface SaliencyFilesOptions {
  bundleDir: string;
  expectedHash?: string;
  /** Inputs with their content hash (from the prediction), which names each PNG. */
  inputs: { input: string; inputSha256: string }[];
  /** A label name, or 'top' (each input's highest calibrated probability). */
  finding: string;
  method: SaliencyMethod;
  outDir: string;
  threads?: number;
  jobs?: JobRunner;
}

export interface SaliencyFile {
  input: string;
  method: SaliencyMethod;
  finding: string;
  probability: number;
  /** The top of the colour scale: the largest calibrated-logit drop (occlusion), or 1 (attention). */
  peak: number;
  pngFile: string;
}

export async function saliencyFiles(options: SaliencyFilesOptions): Promise<SaliencyFile[]> {
  if (options.inputs.length === 0) return [];
  const b = loadBundle(options.bundleDir, { expectedHash: options.expectedHash });
  const tag = options.finding.replace(/[^\w.-]/g, '_');
  const items = options.inputs.map(({ input, inputSha256 }) => ({
    file: input,
    pngFile: path.join(options.outDir, `${inputSha256.slice(0, 16)}.${options.method}-${tag}.png`),
  }));
  const { maps } = await withJobRunner(options.jobs, 1, (jobs) =>
    jobs.run('inference.saliency', {
      bundle: { source: b.source, bundleHash: b.bundleHash, spec: b.spec, modelBytes: b.modelBytes },
      items,
      finding: options.finding,
      method: options.method,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    }),
  );
  return maps.map((m) => {
    if (!m.pngFile) throw bug(`the saliency job wrote no PNG for ${m.file}`);
    return { input: m.file, method: m.method, finding: m.finding, probability: m.probability, peak: m.peak, pngFile: m.pngFile };
  });
}
