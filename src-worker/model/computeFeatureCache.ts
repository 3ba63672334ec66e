/**
 * Linear probe support: the frozen backbone's features for every sample, computed once and cached on disk
 * (features-<key>.safetensors in the run directory, keyed by data hash, weights and model config).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type DataSource, inMemorySource, type TrainSample } from '../../src-core/model/dataSource';
import type { TrainConfig } from '../../src-core/model/trainConfig';
import { parseSafetensors } from '../../src-core/safetensors/parseSafetensors';
import { serializeSafetensors } from '../../src-core/safetensors/serializeSafetensors';
import type { NamedTensor } from '../../src-core/safetensors/types';
import { writeFileAtomic } from './checkpointStore';
import type { VitModel } from './VitModel';

export async function computeFeatureCache(
  model: VitModel,
  sources: DataSource[],
  config: TrainConfig,
  dataHash: string,
): Promise<{ sources: DataSource[]; file: string; reused: boolean }> {
  const h = createHash('sha256').update(dataHash).update(JSON.stringify(config.model));
  for (const [n, t] of model.exportCanonical()) if (!n.startsWith('head.')) h.update(n).update(new Uint8Array(t.data.buffer));
  const file = path.join(config.outDir, `features-${h.digest('hex').slice(0, 16)}.safetensors`);
  const D = config.model.width;
  const C = config.model.numClasses;
  let tensors: Map<string, NamedTensor>;
  const reused = existsSync(file);
  if (reused) {
    tensors = new Map([...parseSafetensors(readFileSync(file), file).tensors]);
  } else {
    tensors = new Map();
    const s = config.model.imageSize;
    for (const [k, src] of sources.entries()) {
      const feats = new Float32Array(src.size * D);
      const targets = new Float32Array(src.size * C);
      const mask = new Float32Array(src.size * C);
      for (let start = 0; start < src.size; start += config.microBatch) {
        const n = Math.min(config.microBatch, src.size - start);
        const px = new Float32Array(n * s * s);
        for (let i = 0; i < n; i++) {
          const x = await src.get(start + i);
          px.set(x.pixels, i * s * s);
          targets.set(x.targets, (start + i) * C);
          mask.set(x.mask, (start + i) * C);
        }
        const f = tf.tidy(() => model.predict(tf.tensor4d(px, [n, 1, s, s])).features.dataSync() as Float32Array);
        feats.set(f, start * D);
      }
      tensors.set(`${k}.features`, { shape: [src.size, D], data: feats });
      tensors.set(`${k}.targets`, { shape: [src.size, C], data: targets });
      tensors.set(`${k}.mask`, { shape: [src.size, C], data: mask });
    }
    writeFileAtomic(file, serializeSafetensors(tensors, { dataHash }));
  }
  const out = sources.map((src, k) => {
    const f = tensors.get(`${k}.features`)!.data;
    const t = tensors.get(`${k}.targets`)!.data;
    const m = tensors.get(`${k}.mask`)!.data;
    const samples: TrainSample[] = Array.from({ length: src.size }, (_, i) => ({
      pixels: f.subarray(i * D, (i + 1) * D),
      targets: t.subarray(i * C, (i + 1) * C),
      mask: m.subarray(i * C, (i + 1) * C),
    }));
    return inMemorySource(samples);
  });
  return { sources: out, file, reused };
}
