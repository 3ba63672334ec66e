/**
 * The app's fine-tuning runs: each is a stored training run (training_runs, with its lineage and audit rows,
 * made by trainFromDataset exactly as `hilum train --dataset` makes it) trained inside a task the job registry
 * tracks (progress events for live curves, cancel). Starting answers once the run is stored, so a form error
 * (no split, bad options) comes back to the form; the task's id is kept per run for its live events.
 */
import { HilumError } from '../../../src-core/errors';
import { trainFromDataset } from '../../runs/trainFromDataset';
import type { AppServices } from '../AppServices';
import { cancellableRunner } from './cancellableRunner';

export interface TrainForm {
  preset: string;
  datasetId: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** 'webgpu': tfjs WebGPU (the desktop app's hidden gradient window); otherwise ONNX Runtime's training graph on the CPU. */
  compute?: 'cpu' | 'webgpu';
}

export class TrainingRunTasks {
  /** Training run id → the tracked task training it in this app session. */
  private readonly live = new Map<string, string>();

  constructor(private readonly services: AppServices) {}

  /** Resolves with the stored run's id once it exists; rejects with the error that stopped it before that. */
  start(form: TrainForm, actor: string): Promise<string> {
    const store = this.services.store();
    return new Promise((resolve, reject) => {
      let taskId = '';
      const { id, outcome } = this.services.jobs.track(
        'runs.train',
        (onProgress, signal) =>
          trainFromDataset(store, cancellableRunner(this.services.host(), signal), {
            dataset: form.datasetId,
            preset: form.preset,
            epochs: form.epochs,
            seed: form.seed,
            config: {
              batchSize: form.batchSize,
              lr: form.learningRate,
              ...(form.compute === 'webgpu' ? { backend: 'webgpu', engine: 'tfjs' } : {}),
            },
            actor,
            onProgress,
            onRunCreated: (runId) => {
              this.live.set(runId, taskId);
              resolve(runId);
            },
          }),
        { kind: 'train', ...form },
        { cancellable: true },
      );
      taskId = id;
      // After the run is stored this reject is a no-op: its failure is then the run's status.
      void outcome.then((o) => o.status !== 'succeeded' && reject(new HilumError(o.error.code, o.error.message, o.error.details)));
    });
  }

  /** The tracked task of a run started in this app session, or null (a run of an earlier session or of the CLI). */
  taskOf(runId: string): string | null {
    return this.live.get(runId) ?? null;
  }
}
