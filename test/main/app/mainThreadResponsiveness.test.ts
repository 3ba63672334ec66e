// The app's main thread stays responsive while heavy work runs: with the app services hosted in this
// thread, a dataset import (48 real NIH images) and a worklist review (the shared DICOM folder, locked
// vit-micro model) run at once through the worker pool while perf_hooks' event-loop-delay histogram
// samples this thread. The figures are printed (bench-style facts, not assertions); the test asserts
// that the work completed and that the histogram has samples.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, type HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { datasetsHandlers } from '../../../src-main/app/handlers/datasetsHandlers';
import { imagesHandlers } from '../../../src-main/app/handlers/imagesHandlers';
import { worklistHandlers } from '../../../src-main/app/handlers/worklistHandlers';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import { sharedDataDir } from '../../helpers/paths';
import { lockedMicroModel } from './lockedMicroModel';
import { contextOfUser } from './session/signedInContext';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-responsive-'));
const services = createAppServices({
  version: '0.0.0-test',
  dataDir: path.join(root, 'data'),
  reviewDirs: [path.join(sharedDataDir, 'dicom')],
});
const handlers = {
  ...datasetsHandlers(services),
  ...imagesHandlers(services),
  ...worklistHandlers(services),
} as unknown as HandlerTable<AppCallContext>;
// The guard in front of these handlers would hand them the signed-in user: an engineer's.
const ctx = contextOfUser('erin', 'engineer');

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function settled(jobId: string): Promise<string> {
  for (;;) {
    const { status } = services.jobs.events(jobId, -1);
    if (status !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterAll(async () => {
  await services.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('main-thread responsiveness', () => {
  it('keeps the event loop free while an import and a worklist review run in the pool', async () => {
    const store = services.store();
    const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
    createUser(store, admin, { username: 'erin', fullName: 'Erin Engineer', role: 'engineer', password: 'engineer password 1' });
    createUser(store, admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
    const modelId = await lockedMicroModel(
      store,
      root,
      { user: 'erin', password: 'engineer password 1' },
      { user: 'quinn', password: 'qa password 12345' },
      '1',
      { user: 'root', password: 'admin password 123' },
    );

    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    // Event-loop utilisation: the share of the time this thread was busy, which separates work done here from
    // delay caused by the machine's other load (two cores, shared).
    const utilisationAtStart = performance.eventLoopUtilization();
    const { jobId } = await call<{ jobId: string }>('datasets.import', {
      name: 'nih',
      format: 'nih',
      sourcePath: path.join(sharedDataDir, 'nih-cxr14-subset-64px'),
      imageSize: 64,
      limit: 48,
    });
    // The review is a job too: it answers with its id at once and runs in the pool.
    const review = await call<{ jobId: string; studies: number }>('worklist.review', { modelId });
    const [reviewStatus, importStatus, studies] = await Promise.all([
      settled(review.jobId),
      settled(jobId),
      call<{ studies: Array<{ studyId: string; error: unknown }> }>('images.studies', {}),
    ]);
    const viewable = studies.studies.find((s) => s.error === null)!;
    await call('images.pixels', { studyId: viewable.studyId });
    const elapsed = performance.now() - started;
    histogram.disable();
    const utilisation = performance.eventLoopUtilization(utilisationAtStart).utilization;

    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(
      `event-loop delay during import (48 files) + worklist review (${review.studies} studies) + viewer decode, ` +
        `${(elapsed / 1000).toFixed(1)} s, load ${os.loadavg()[0]!.toFixed(2)}: p50 ${ms(histogram.percentile(50))} ms, ` +
        `p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms, ${histogram.count} samples; event-loop utilisation ${(utilisation * 100).toFixed(1)} %`,
    );
    expect(importStatus).toBe('succeeded');
    expect(reviewStatus).toBe('succeeded');
    expect(histogram.count).toBeGreaterThan(0);
  }, 180_000);
});
