/** Occlusion sensitivity (Zeiler & Fergus 2014) for one finding: the drop in its calibrated logit when each patch-grid window is replaced by the baseline. */
import type * as ort from 'onnxruntime-node';
import { HilumError } from '../../src-core/errors';
import { runLogits } from './runLogits';

export interface OcclusionOptions {
  imageSize: number;
  /** Stride of the windows (the model's patch size), so each window covers whole patches. */
  patchSize: number;
  /** Window side in patches (1 or 2). */
  windowPatches: 1 | 2;
  /** Which logit, and how it is calibrated: score = logit / temperature + offset (the bundle's calibration). */
  labelIndex: number;
  temperature: number;
  offset: number;
  /** Occluded images per ONNX Runtime run. */
  batchSize: number;
  /** Value written into an occluded window, in normalised units (0 = the training mean after normalisation). */
  baseline?: number;
  signal?: AbortSignal;
  onBatch?: (done: number, total: number) => void;
}

export interface OcclusionMap {
  /** Cells per side of the patch grid (imageSize / patchSize). */
  grid: number;
  windowPatches: number;
  /** Window positions per side (grid − windowPatches + 1); `drops` is positions × positions, row-major. */
  positions: number;
  /** Calibrated-logit drop (unoccluded − occluded) for the window whose top-left cell is (row, column). */
  drops: Float32Array;
  /** Per cell: the mean drop of the windows that cover it (equal to `drops` for 1-patch windows), grid × grid. */
  map: Float32Array;
  /** The finding's calibrated logit on the unoccluded image. */
  baseScore: number;
}

/** A copy of `image` with the window at (row, column) of `side` pixels set to `baseline`. */
export function occludeWindow(
  image: Float32Array,
  size: number,
  row: number,
  column: number,
  side: number,
  baseline: number,
): Float32Array {
  const out = Float32Array.from(image);
  for (let y = row; y < Math.min(size, row + side); y++) out.fill(baseline, y * size + column, y * size + Math.min(size, column + side));
  return out;
}

/** `image` is imageSize² values already normalised as the bundle's preprocessing does. */
export async function occlusionSaliency(session: ort.InferenceSession, image: Float32Array, o: OcclusionOptions): Promise<OcclusionMap> {
  const { imageSize: S, patchSize: P, windowPatches: w } = o;
  if (S % P !== 0 || image.length !== S * S)
    throw new HilumError('INVALID_ARGUMENT', `occlusion needs an ${S}×${S} image on a whole ${P}-px patch grid`, {
      imageSize: S,
      patchSize: P,
    });
  const grid = S / P;
  if (w > grid)
    throw new HilumError('INVALID_ARGUMENT', `a ${w}-patch window does not fit a ${grid}-cell grid`, { windowPatches: w, grid });
  const positions = grid - w + 1;
  const score = (logits: Float32Array, j: number, classes: number): number =>
    logits[j * classes + o.labelIndex]! / o.temperature + o.offset;
  const base = await runLogits(session, [image], S);
  const baseScore = score(base.logits, 0, base.classes);
  const drops = new Float32Array(positions * positions);
  const total = positions * positions;
  for (let start = 0; start < total; start += o.batchSize) {
    o.signal?.throwIfAborted();
    const cells = Array.from({ length: Math.min(o.batchSize, total - start) }, (_, k) => start + k);
    // Every occluded image of the batch is built from the same unoccluded one: one run per batch.
    const batch = cells.map((c) => occludeWindow(image, S, Math.floor(c / positions) * P, (c % positions) * P, w * P, o.baseline ?? 0));
    const out = await runLogits(session, batch, S);
    cells.forEach((c, j) => (drops[c] = baseScore - score(out.logits, j, out.classes)));
    o.onBatch?.(start + cells.length, total);
  }
  return { grid, windowPatches: w, positions, drops, map: cellMeans(drops, grid, positions, w), baseScore };
}

/** Each cell's value: the mean drop over the windows covering it (Zeiler & Fergus slide a window; a cell sits in up to w² of them). */
function cellMeans(drops: Float32Array, grid: number, positions: number, w: number): Float32Array {
  const map = new Float32Array(grid * grid);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      let sum = 0;
      let n = 0;
      for (let pr = Math.max(0, r - w + 1); pr <= Math.min(r, positions - 1); pr++) {
        for (let pc = Math.max(0, c - w + 1); pc <= Math.min(c, positions - 1); pc++) {
          sum += drops[pr * positions + pc]!;
          n++;
        }
      }
      map[r * grid + c] = sum / n;
    }
  }
  return map;
}
