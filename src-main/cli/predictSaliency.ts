/** `hilum predict --saliency <finding|top> --saliency-method occlusion|attention [--saliency-dir <dir>]`: one PNG overlay per predicted input. */
import { saliencyMethods, type SaliencyMethod } from '../../src-core/contracts/jobs/saliency';
import { HilumError } from '../../src-core/errors';
import type { PredictResultEntry } from '../bundle/predictFiles';
import { saliencyFiles, type SaliencyFile } from '../bundle/saliencyFiles';
import { markPngFile } from '../governance/markResearchUse';

export interface SaliencyCliOptions {
  saliency?: string;
  saliencyMethod: string;
  saliencyDir: string;
}

export const saliencyOptionHelp = {
  saliency: "write a saliency overlay PNG per input for this finding (a label name, or 'top': the input's most probable finding)",
  method: 'occlusion (per finding: drop in the calibrated logit when each patch is hidden) or attention (rollout, all findings)',
  dir: 'folder for the saliency PNGs',
};

/** Refused before anything is predicted, so a typo does not cost a whole run. */
export function checkSaliencyOptions(opts: SaliencyCliOptions, bundleCount: number): SaliencyMethod | null {
  if (!opts.saliency) return null;
  const method = saliencyMethods.find((m) => m === opts.saliencyMethod);
  if (!method)
    throw new HilumError('INVALID_ARGUMENT', `--saliency-method must be ${saliencyMethods.join(' or ')} (got ${opts.saliencyMethod})`, {
      option: 'saliency-method',
    });
  if (bundleCount > 1)
    throw new HilumError('INVALID_ARGUMENT', 'saliency maps explain a single bundle, not an ensemble', { option: 'saliency' });
  return method;
}

export async function predictSaliency(
  opts: SaliencyCliOptions,
  run: { bundleDir: string; expectedHash?: string; threads?: number; results: PredictResultEntry[]; locked: boolean },
): Promise<SaliencyFile[]> {
  const method = checkSaliencyOptions(opts, 1);
  if (!method || !opts.saliency) return [];
  const files = await saliencyFiles({
    bundleDir: run.bundleDir,
    expectedHash: run.expectedHash,
    inputs: run.results.flatMap((e) => ('error' in e ? [] : [{ input: e.input, inputSha256: e.inputSha256 }])),
    finding: opts.saliency,
    method,
    outDir: opts.saliencyDir,
    threads: run.threads,
  });
  // An overlay from a model that is not locked says so in the file itself.
  if (!run.locked) for (const f of files) markPngFile(f.pngFile);
  return files;
}

export function saliencyLines(files: SaliencyFile[]): string[] {
  return files.map(
    (f) =>
      `${f.input}: saliency (${f.method}) for ${f.finding} (p ${f.probability.toFixed(2)}${f.method === 'occlusion' ? `, peak calibrated-logit drop ${f.peak.toPrecision(3)}` : ''}): ${f.pngFile}`,
  );
}
