/** Handlers for the evaluation jobs: figures, OOD histograms and paired comparison over stored per-image outputs (pure src-core), and cached case images. */
import { chartsOfStoredOutputs } from '../../src-core/charts/chartsOfStoredOutputs';
import { oodHistogramsOfScores } from '../../src-core/charts/oodHistogramsOfScores';
import { pairedComparisonRows } from '../../src-core/charts/pairedComparisonRows';
import { readCachedImage } from '../datasets/pixelCache';
import { loadCaseViewerImage } from '../evaluation/loadCaseViewerImage';
import type { JobHandlerTable } from './JobHandler';

export const evaluationHandlers: JobHandlerTable = {
  'evaluation.charts': async (params, ctx) => chartsOfStoredOutputs(params, (message) => ctx.progress({ message })),
  'evaluation.oodHistograms': async (params) => oodHistogramsOfScores(params),
  'evaluation.casePixels': async ({ file, studyId, maxDimension }) => {
    const { values, ...rest } = await loadCaseViewerImage(file, maxDimension);
    return { studyId, ...rest, pixelsBase64: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
  },
  'evaluation.caseImages': async ({ cacheDir, cacheKeys }) => ({
    images: cacheKeys.map((key) => {
      const image = readCachedImage(cacheDir, key);
      if (!image) return { width: 0, height: 0, greyBase64: '', error: `cache entry ${key} is missing (re-import the dataset)` };
      // Min–max over the image: the cache holds normalised floats, the gallery only needs to show the content.
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of image.pixels) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
      const scale = hi > lo ? 255 / (hi - lo) : 0;
      const grey = Uint8Array.from(image.pixels, (v) => Math.round((v - lo) * scale));
      return { width: image.header.width, height: image.header.height, greyBase64: Buffer.from(grey).toString('base64'), error: null };
    }),
  }),
  'evaluation.compare': async (params) => {
    const column = (rows: ReadonlyArray<ReadonlyArray<number | null>>) =>
      rows.map((r) => Float64Array.from(r, (v) => (v === null ? Number.NaN : v)));
    return pairedComparisonRows({
      labelNames: params.labelNames,
      scoresA: column(params.scoresA),
      scoresB: column(params.scoresB),
      labels: column(params.targets),
      bootstrap: { resamples: params.resamples, seed: params.seed, clusters: params.clusters },
    });
  },
};
