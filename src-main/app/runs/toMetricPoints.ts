/**
 * Turns the training job's progress events into curve points: `step` events carry the training loss
 * per optimiser step; `epoch` events carry the epoch's mean training loss and the validation
 * macro-AUROC/AUPRC (src-worker/jobs/train.ts). Events without these fields give no point.
 */
export interface ProgressEventLike {
  seq: number;
  data?: Record<string, unknown>;
}

export interface MetricPoint {
  seq: number;
  step: number;
  epoch: number;
  split: 'train' | 'val';
  name: string;
  value: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function toMetricPoints(events: readonly ProgressEventLike[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  let lastStep = 0;
  for (const { seq, data } of events) {
    if (!data) continue;
    if (data.type === 'step' && finite(data.step) && finite(data.epoch)) {
      lastStep = data.step;
      if (finite(data.loss)) points.push({ seq, step: data.step, epoch: data.epoch, split: 'train', name: 'loss', value: data.loss });
      if (finite(data.lr)) points.push({ seq, step: data.step, epoch: data.epoch, split: 'train', name: 'learning rate', value: data.lr });
    } else if (data.type === 'epoch' && finite(data.epoch)) {
      // Epoch summaries are placed at the last step seen, so they share the step axis with the loss.
      const at = { seq, step: lastStep, epoch: data.epoch + 1 };
      if (finite(data.trainLoss)) points.push({ ...at, split: 'train', name: 'epoch loss', value: data.trainLoss });
      if (finite(data.valMacroAuroc)) points.push({ ...at, split: 'val', name: 'macro AUROC', value: data.valMacroAuroc });
      if (finite(data.valMacroAuprc)) points.push({ ...at, split: 'val', name: 'macro AUPRC', value: data.valMacroAuprc });
    }
  }
  return points;
}
