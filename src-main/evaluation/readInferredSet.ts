/** Reads one image set's outputs written by a `model.infer` job (logits [n, C], features [n, D], ODIN [n]) back into columns. */
import fs from 'node:fs';
import type { ResultOf } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import { parseNpy } from '../../src-core/model/parseNpy';

export type InferredSet = ResultOf<'model.infer'>['sets'][number];

export interface ReadSet {
  outputs: ModelOutputs;
  odin: Float64Array | null;
}

function readNpy(file: string) {
  try {
    return parseNpy(new Uint8Array(fs.readFileSync(file)), file);
  } catch (error) {
    if (error instanceof HilumError) throw error;
    throw new HilumError('IO_ERROR', `${file}: cannot read the job's output (${(error as Error).message})`, { file });
  }
}

export function readInferredSet(set: InferredSet): ReadSet {
  const logits = readNpy(set.logitsFile);
  const features = readNpy(set.featuresFile);
  const { n, numClasses: c, width } = set;
  if (logits.data.length !== n * c || features.data.length !== n * width)
    throw new HilumError('BUG', `${set.logitsFile}: shapes differ from the job's result`, { file: set.logitsFile });
  const logitColumns = Array.from({ length: c }, (_, l) => Float64Array.from({ length: n }, (_v, i) => logits.data[i * c + l]!));
  return {
    outputs: { n, numClasses: c, width, logitColumns, features: Float64Array.from(features.data) },
    odin: set.odinFile ? Float64Array.from(readNpy(set.odinFile).data) : null,
  };
}

export function findSet(sets: readonly InferredSet[], name: string): ReadSet | null {
  const set = sets.find((s) => s.name === name);
  return set ? readInferredSet(set) : null;
}
