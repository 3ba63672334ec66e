// The pool over real worker_threads: threads are reused across jobs; a job that throws, one whose
// worker crashes or is killed, and one that is cancelled each end as an outcome with a typed reason,
// and the host runs the next job afterwards on a replacement thread.
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';

const host = new WorkerHost({ size: 1 });
afterAll(() => host.close());

async function expectHostStillWorks(): Promise<void> {
  await expect(host.run('diagnostics.echo', { message: 'still alive' })).resolves.toMatchObject({ message: 'still alive' });
}

describe('WorkerHost', () => {
  it('runs a job in a separate thread and returns its validated result', async () => {
    const progress: number[] = [];
    const result = await host.run(
      'diagnostics.sleep',
      { durationMs: 150, intervalMs: 30 },
      { onProgress: (p) => progress.push(p.fraction ?? -1) },
    );
    expect(result.ticks).toBeGreaterThan(0);
    expect(progress.length).toBe(result.ticks);
    const echo = await host.run('diagnostics.echo', { message: 'hello' });
    expect(echo.threadId).toBeGreaterThan(0);
  });

  it('reuses one long-lived thread across jobs', async () => {
    const first = await host.run('diagnostics.echo', { message: 'one' });
    const second = await host.run('diagnostics.echo', { message: 'two' });
    expect(second.threadId).toBe(first.threadId);
  });

  it('a crashed thread is replaced by a new one', async () => {
    const before = await host.run('diagnostics.echo', { message: 'before' });
    await host.start('diagnostics.crash', { how: 'uncaught' }).outcome;
    const after = await host.run('diagnostics.echo', { message: 'after' });
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('a job past its heap cap crashes only its own worker', async () => {
    const outcome = await host.start('diagnostics.allocate', { mb: 1024 }, { maxHeapMb: 64 }).outcome;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/memory/i);
    await expect(host.run('diagnostics.allocate', { mb: 8 })).resolves.toEqual({ allocatedMb: 8 });
  });

  it('a job that throws a typed error fails with that code and message', async () => {
    const outcome = await host.start('diagnostics.fail', { code: 'DICOM_PARSE', message: 'not a DICOM file: x.dcm' }).outcome;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'DICOM_PARSE', message: 'not a DICOM file: x.dcm' } });
    await expectHostStillWorks();
  });

  it('an uncaught error in the worker becomes WORKER_CRASHED', async () => {
    const outcome = await host.start('diagnostics.crash', { how: 'uncaught' }).outcome;
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'succeeded') expect(outcome.error.code).toBe('WORKER_CRASHED');
    await expectHostStillWorks();
  });

  it('a worker that exits becomes WORKER_EXITED with its exit code', async () => {
    const outcome = await host.start('diagnostics.crash', { how: 'exit' }).outcome;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'WORKER_EXITED', details: { exitCode: 70 } } });
    await expectHostStillWorks();
  });

  it('a killed worker becomes WORKER_EXITED', async () => {
    const handle = host.start('diagnostics.sleep', { durationMs: 10_000, intervalMs: 20 }, { onProgress: () => handle.kill() });
    const outcome = await handle.outcome;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'WORKER_EXITED' } });
    await expectHostStillWorks();
  });

  it('a cancelled job that stops by itself is cancelled', async () => {
    const handle = host.start('diagnostics.sleep', { durationMs: 10_000, intervalMs: 20 }, { onProgress: () => handle.cancel() });
    expect(await handle.outcome).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    await expectHostStillWorks();
  });

  it('a cancelled job that ignores cancellation is terminated after the grace period', async () => {
    const handle = host.start(
      'diagnostics.sleep',
      { durationMs: 10_000, intervalMs: 20, ignoreCancel: true },
      { cancelGraceMs: 200, onProgress: () => handle.cancel() },
    );
    const outcome = await handle.outcome;
    expect(outcome.status).toBe('cancelled');
    if (outcome.status !== 'succeeded') expect(outcome.error.message).toContain('did not stop within 200 ms');
    await expectHostStillWorks();
  });

  it('a job past its time limit fails with TIMEOUT', async () => {
    const outcome = await host.start('diagnostics.sleep', { durationMs: 10_000, intervalMs: 20, ignoreCancel: true }, { timeoutMs: 300 })
      .outcome;
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  });

  it('rejects parameters that do not match the contract before starting a worker', () => {
    expect(() => host.start('diagnostics.sleep', { durationMs: -1, intervalMs: 1 })).toThrow(/durationMs: expected number >= 0/);
  });
});
